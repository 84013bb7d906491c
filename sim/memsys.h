/*
 * memsys.h: the cache model (cachemodel/) hooked into the CPU glue.
 *
 *   block hook    -> one I-side reference per cache line the block touches, the issue
 *                    cycle of every instruction, one TLB lookup per page;
 *   memory hooks  -> one D-side reference per access, with the physical address and
 *                    C/B bits from the host page-table walker;
 *   CP15 section  -> maintenance operations, TLB invalidations, address-space switches
 *                    (TTBR0 writes name the context), idle time of wait-for-interrupt.
 *
 * Simulated time then advances with the model's cycles. With `cache.model = off`
 * nothing is hooked and every instruction costs one cycle.
 *
 * Unicorn 2.0.1 does not update the PC for memory hooks (measured: a hook sees the PC of
 * its block's first instruction), so a diagnostic's `pc` names the block that made the
 * access; when the block holds a single load (or store) of the access's kind, the
 * report names that instruction instead. The trace (--trace) shows every access.
 */
#ifndef CESIM_MEMSYS_H
#define CESIM_MEMSYS_H

#include <stdbool.h>
#include <stdint.h>

#include "cm.h"
#include "cp15.h"

struct machine;

#define MEMSYS_MAX_CTX 64u  /* address spaces told apart; later ones share the last id */
#define MEMSYS_BLOCKS 1024u /* blocks remembered (direct mapped by address), power of 2 */

/*
 * One block remembered by memsys_fetch_block: what it needs to skip the translation and
 * the reference-by-reference walk of a block that runs again unchanged.
 */
struct memsys_block {
    uint64_t key;            /* memsys.epoch + the walker's walks when built; 0: empty */
    uint32_t pc, n;          /* address and instructions */
    uint32_t last_insn;      /* its last instruction when decoded ... */
    const uint8_t *last;     /* ... and where it is in guest RAM */
    bool user;               /* the mode it ran in (the context is in fm.first) */
    bool ends_mode;          /* that last instruction may change the CPU mode */
    struct cm_fetch_memo fm; /* the model's part */
};

/* A data page's translation, remembered by the memory hook (one for reads, one for
 * writes: the walker checks permissions per access type). */
struct memsys_page {
    uint64_t key;      /* as memsys_block.key; 0: empty */
    uint32_t va_page;  /* VA >> 12 */
    uint32_t pa_page;  /* PA >> 12 */
    uint8_t attrs;     /* CM_ATTR_* of the access, PRIV included */
    uint8_t page_log2; /* of the mapping */
    bool user;         /* the mode it was translated for */
};

/* Uncached data accesses by where they land: the kernel's marshaling-alias window, or
 * user pages (the caller's source pages while an alias lives, reflector aliases). */
enum memsys_side { MEMSYS_SIDE_ALIAS, MEMSYS_SIDE_USER, MEMSYS_SIDES };

struct memsys_side_stats {
    uint64_t reads, writes, cycles;
};

#define MEMSYS_K5_MAX 64u /* distinct K5 findings kept (per block and thread) */

/* A kernel thread serving no caller touched a user address (spec/marshal.md K5). */
struct memsys_k5 {
    uint32_t pc, va, pa, tid, pid;
    uint8_t write;
    uint64_t count;
};

#define MEMSYS_DIAG_PCS 1024u /* diagnostics whose instruction is pinned down */

struct memsys {
    cm_model *cm; /* NULL: model off */
    /* Per coherence diagnostic (by index): the instruction that made the access when the
     * block holds only one access of its kind, else 0 (only the block is known). */
    uint32_t diag_pc[MEMSYS_DIAG_PCS];
    struct memsys_side_stats side[MEMSYS_SIDES];
    struct memsys_k5 k5[MEMSYS_K5_MAX];
    unsigned nk5;
    uint64_t k5_dropped;
    bool user;    /* the current block runs in USR mode */
    uint16_t ctx; /* the current address space's id */
    uint32_t ttbr[MEMSYS_MAX_CTX];
    unsigned nctx;

    /* The mode is read from the CPU only where it may have changed: after a block whose
     * last instruction may change it, at an exception vector, at a block not remembered. */
    bool mode_stale;
    uint64_t epoch;                  /* CP15 operations that may change translation or context */
    struct memsys_block *blocks;     /* [MEMSYS_BLOCKS] */
    struct memsys_page data_page[2]; /* [0] reads, [1] writes */
};

/* Build the model from `cfg` and install the memory hooks; cfg NULL = model off. */
int memsys_init(struct machine *m, const struct cm_config *cfg, char *err, size_t errlen);
void memsys_free(struct memsys *ms);

/* The block hook's part: I-side references for `n` instructions at `pc`; cycles. */
uint64_t memsys_fetch_block(struct machine *m, uint32_t pc, uint32_t n);

/* A CP15 operation seen in the kernel's section; returns its modelled cycles. */
uint64_t memsys_cp15(struct machine *m, const struct cp15_event *ev);

/* The instruction a coherence diagnostic points at, or its block's first one. */
uint32_t memsys_diag_pc(const struct memsys *ms, size_t index, uint32_t block_pc);

/* Time passed outside the model (wait for interrupt). */
void memsys_idle(struct machine *m, uint64_t cycles);

/* The host wrote guest memory (ROM load): memory is the newest copy there. */
void memsys_host_write(struct machine *m, uint32_t pa, uint32_t len);

#endif
