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
 * access; the trace (--trace) shows the instruction itself.
 */
#ifndef CESIM_MEMSYS_H
#define CESIM_MEMSYS_H

#include <stdbool.h>
#include <stdint.h>

#include "cm.h"
#include "cp15.h"

struct machine;

#define MEMSYS_MAX_CTX 64u /* address spaces told apart; later ones share the last id */

struct memsys {
    cm_model *cm; /* NULL: model off */
    bool user;    /* the current block runs in USR mode */
    uint16_t ctx; /* the current address space's id */
    uint32_t ttbr[MEMSYS_MAX_CTX];
    unsigned nctx;
};

/* Build the model from `cfg` and install the memory hooks; cfg NULL = model off. */
int memsys_init(struct machine *m, const struct cm_config *cfg, char *err, size_t errlen);
void memsys_free(struct memsys *ms);

/* The block hook's part: I-side references for `n` instructions at `pc`; cycles. */
uint64_t memsys_fetch_block(struct machine *m, uint32_t pc, uint32_t n);

/* A CP15 operation seen in the kernel's section; returns its modelled cycles. */
uint64_t memsys_cp15(struct machine *m, const struct cp15_event *ev);

/* Time passed outside the model (wait for interrupt). */
void memsys_idle(struct machine *m, uint64_t cycles);

/* The host wrote guest memory (ROM load): memory is the newest copy there. */
void memsys_host_write(struct machine *m, uint32_t pa, uint32_t len);

#endif
