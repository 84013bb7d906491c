/*
 * cm.h: the cesim cache model, the one header the simulator and cachesim include.
 *
 * A host-only model of the ARM926EJ-S L1 memory system (spec/arm926.md): separate I- and
 * D-caches indexed and tagged by the virtual address (or, in `pipt` mode, by the physical
 * address, standing for "all other CPUs"), the write buffer and write-back buffer, the
 * main TLB, a cycle model whose every figure is a named parameter, a coherence checker
 * that tracks a version per physical word, and statistics split per context and privilege.
 *
 * Shaped like Dinero IV's d4.h: a memory reference is a small value (struct cm_ref); cache
 * maintenance operations are reference types named with the hardware's vocabulary; each
 * cache keeps its geometry as log2 and its statistics indexed by reference type.
 *
 * Use: fill a struct cm_config (cm_config_defaults, then cm_config_set by name), build a
 * model with cm_model_new (the only place that validates), then call cm_access for every
 * reference. The per-reference functions have no error paths, only asserts: a reference
 * the caller built wrongly (size 3, an access straddling a line) is a host bug.
 */
#ifndef CESIM_CM_H
#define CESIM_CM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- Errors: one enum for the whole library ---------------------------------------- */

typedef enum cm_err {
    CM_OK = 0,
    CM_ERR_PARAM,  /* unknown parameter name */
    CM_ERR_VALUE,  /* a value that does not parse or is out of its range */
    CM_ERR_CONFIG, /* parameters that are each valid but do not fit together */
    CM_ERR_NOMEM,  /* the host is out of memory (set-up only) */
    CM_ERR_IO,     /* cachesim: the trace could not be read */
    CM_ERR_TRACE,  /* cachesim: a malformed trace line */
    CM_NERRS
} cm_err;

const char *cm_strerror(cm_err e);

/* ---- References ---------------------------------------------------------------------- */

/*
 * Reference types. The first three are accesses; the rest are the CP15 operations of
 * spec/arm926.md, each named after its MCR/MRC encoding.
 */
enum cm_reftype {
    CM_READ = 0, /* data load */
    CM_WRITE,    /* data store */
    CM_IFETCH,   /* instruction fetch: one per instruction, charges its issue cycle */

    CM_INV_IDC_ALL,        /* c7,c7,0   invalidate I and D caches (dirty data discarded) */
    CM_INV_I_ALL,          /* c7,c5,0   invalidate I cache */
    CM_INV_I_MVA,          /* c7,c5,1   invalidate I line by MVA */
    CM_INV_D_ALL,          /* c7,c6,0   invalidate D cache (dirty data discarded) */
    CM_INV_D_MVA,          /* c7,c6,1   invalidate D line by MVA (dirty data discarded) */
    CM_CLEAN_D_MVA,        /* c7,c10,1  clean D line by MVA */
    CM_CLEAN_D_SETWAY,     /* c7,c10,2  clean D line by set/way */
    CM_CLEAN_INV_D_MVA,    /* c7,c14,1  clean and invalidate D line by MVA */
    CM_CLEAN_INV_D_SETWAY, /* c7,c14,2  clean and invalidate D line by set/way */
    CM_TEST_CLEAN_D,       /* c7,c10,3  test and clean: one dirty line per call, Z flag */
    CM_TEST_CLEAN_INV_D,   /* c7,c14,3  test, clean and invalidate: as above, then
                                        invalidates the D cache once no dirty line is left */
    CM_DRAIN_WB,           /* c7,c10,4  drain write buffer */
    CM_TLB_INV_ALL,        /* c8,c7,0   invalidate TLB (also the I and D variants c5, c6) */
    CM_TLB_INV_MVA,        /* c8,c7,1   invalidate TLB entry by MVA */
    CM_NREFTYPES
};

/* Page attributes: the C and B bits of the section or page descriptor, plus privilege. */
#define CM_ATTR_B 0x1u    /* bufferable */
#define CM_ATTR_C 0x2u    /* cacheable */
#define CM_ATTR_PRIV 0x4u /* a privileged (kernel) access: statistics only, never timing */

#define CM_ATTR_NCNB 0u                    /* C=0,B=0 uncached, unbuffered */
#define CM_ATTR_NCB CM_ATTR_B              /* C=0,B=1 uncached, buffered */
#define CM_ATTR_WT CM_ATTR_C               /* C=1,B=0 write-through */
#define CM_ATTR_WB (CM_ATTR_C | CM_ATTR_B) /* C=1,B=1 write-back */

/*
 * One memory reference, passed by pointer, never kept.
 *   va    modified virtual address (the caller applies the FCSE). For the set/way
 *         operations, the Rd value of the MCR: way in the top log2(ways) bits, set index
 *         from bit log2(line) up (cm_setway builds it).
 *   pa    physical address; required for accesses, and for by-MVA operations in pipt mode.
 *   pc    address of the instruction, for diagnostics only.
 *   ctx   process/context id, for statistics and diagnostics only: never part of a tag.
 *   size  bytes: 1, 2, 4 or 8 (naturally aligned, so inside one word or doubleword);
 *         ignored by maintenance types.
 *   attrs CM_ATTR_*: C and B select the policy per access, PRIV splits statistics.
 */
typedef struct cm_ref {
    uint32_t va;
    uint32_t pa;
    uint32_t pc;
    uint16_t ctx;
    uint8_t type; /* enum cm_reftype */
    uint8_t size;
    uint8_t attrs;
} cm_ref;

const char *cm_reftype_name(unsigned type); /* "read", "inv_d_mva", ... */

/* ---- Configuration: every parameter of the model, named ------------------------------ */

enum cm_repl { CM_REPL_RR = 0, CM_REPL_RANDOM, CM_REPL_LRU };
enum cm_tags { CM_TAGS_VIVT = 0, CM_TAGS_PIPT };

/* The cycle model, in core cycles. Defaults and their status: cm_config_print_table. */
struct cm_timing {
    uint32_t issue;            /* per instruction, charged on its fetch (CM_IFETCH) */
    uint32_t hit;              /* a D-cache access that hits */
    uint32_t uncached_read;    /* per word of a C=0 read, bus transfer included */
    uint32_t line_fill;        /* bus cycles of one line fill (burst) */
    uint32_t critical_word;    /* stall from the start of a fill to its critical word */
    uint32_t writeback_line;   /* bus cycles of writing back a whole dirty line */
    uint32_t writeback_half;   /* bus cycles of writing back one dirty half line */
    uint32_t buffered_write;   /* a write into the write buffer while it has room */
    uint32_t drain_word;       /* bus cycles per word drained from the write buffer */
    uint32_t unbuffered_write; /* per word of a C=0,B=0 write */
    uint32_t tlb_walk;         /* a TLB miss: the two-level table walk */
    uint32_t maint_line;       /* one maintenance operation on a line (plus write-back) */
    uint32_t maint_all;        /* invalidating a whole cache or the whole TLB */
};

struct cm_config {
    uint32_t size_i, size_d; /* bytes */
    uint32_t ways;           /* both caches */
    uint32_t line;           /* bytes, both caches */
    uint32_t replacement;    /* enum cm_repl */
    uint32_t tags;           /* enum cm_tags */
    uint32_t seed;           /* random replacement */
    uint32_t wbuf_words;     /* write buffer data words */
    uint32_t wbuf_entries;   /* write buffer addresses */
    uint32_t tlb_sets, tlb_ways;
    uint32_t check;       /* coherence checker on (1) or off (0) */
    uint32_t max_reports; /* distinct diagnostics kept; later ones are counted only */
    uint32_t contexts;    /* ctx ids 0..contexts-1 get their own statistics */
    struct cm_timing timing;
};

/* Every parameter at its documented default. */
void cm_config_defaults(struct cm_config *cfg);

/*
 * Set one parameter by name from text ("cache.size_d", "16K"), as a scenario's
 * [cache]/[timing] section or --set gives it. Checks the value's own range; checks that
 * involve several parameters happen in cm_config_check. On error, err (when non-NULL)
 * gets a sentence naming the parameter.
 */
cm_err cm_config_set(struct cm_config *cfg, const char *name, const char *value, char *err,
                     size_t errlen);

/* Current value of one parameter as text (same spelling cm_config_set accepts). */
cm_err cm_config_get(const struct cm_config *cfg, const char *name, char *buf, size_t len);

/* Cross-parameter validation (geometry, buffer sizes). cm_model_new calls it. */
cm_err cm_config_check(const struct cm_config *cfg, char *err, size_t errlen);

/* The parameter table: name, default, status (TRM / estimate / model), doc. */
void cm_config_print_table(FILE *f);

/* Iterate the table: returns false past the end. Any out-pointer may be NULL. */
bool cm_config_param(unsigned i, const char **name, const char **def, const char **status,
                     const char **doc);

/* ---- The model ----------------------------------------------------------------------- */

typedef struct cm_model cm_model;

/* Validate cfg and build a model (caches empty, clock at 0). The only allocating call,
 * apart from the checker's shadow of a physical page on its first write (or first
 * remembered block of code, cm_fetch_block). */
cm_err cm_model_new(const struct cm_config *cfg, cm_model **out, char *err, size_t errlen);
void cm_model_free(cm_model *m);
const struct cm_config *cm_model_config(const cm_model *m);

/*
 * Model one reference: an access or a maintenance operation. Returns its modelled cycles
 * and advances the model's clock by them. Never fails.
 */
uint32_t cm_access(cm_model *m, const cm_ref *ref);

/* Z flag of the last CM_TEST_CLEAN_D / CM_TEST_CLEAN_INV_D: 1 once no dirty line remains,
 * so the hardware's loop is `do cm_access(m, &tc); while (!cm_test_z(m));`. */
int cm_test_z(const cm_model *m);

/* The Rd value of a set/way operation for (set, way) in this model's D-cache geometry. */
uint32_t cm_setway(const cm_model *m, uint32_t set, uint32_t way);

/*
 * A main-TLB lookup for the translation of va (an MVA), whose mapping has pages of
 * 2^page_log2 bytes (10, 12, 16 or 20: tiny, small, large page or section). A miss
 * charges a table walk and loads the entry. Returns cycles (0 on a hit) and advances the
 * clock. ref supplies va, ctx and PRIV; other fields are ignored. The TLB model only
 * counts and charges: translations are the caller's.
 */
uint32_t cm_tlb_access(cm_model *m, const cm_ref *ref, unsigned page_log2);

/* A data access through the TLB: cm_tlb_access, then cm_access, in one call. Returns the
 * sum of their cycles. */
uint32_t cm_access_tlb(cm_model *m, const cm_ref *ref, unsigned page_log2);

/*
 * The instruction side of one block of straight-line code (a simulator's translated
 * block): n instructions from first.va on, all in one 4 KB page of VA, fetched through
 * one mapping of 2^page_log2 bytes. cm_fetch_block does exactly what these calls do, in
 * this order, and returns the sum of their cycles:
 *
 *     cm_tlb_access(m, &first, page_log2);
 *     for each cache line the block touches, from the first:
 *         cm_access(m, &r);   r = first, with va = pc = the line's first instruction
 *                             of the block, pa = first.pa + (va - first.va)
 *     cm_advance(m, (n - lines) * timing.issue);   the other instructions issue
 *
 * A block seldom runs only once. The memo (struct cm_fetch_memo) remembers what the model
 * needs to repeat that sequence in one step: while no I-cache line has been filled or
 * invalidated, the TLB has not changed and no word of the block's physical page has
 * been written (the checker's versions), the next run of the block hits every line
 * again and changes exactly the same counters by the same amounts. A run that reported a
 * diagnostic, an uncached fetch, and LRU replacement (every hit moves a stamp) are never
 * remembered: those take the reference-by-reference path each time.
 *
 * The caller keeps one memo per block, sets it with cm_fetch_memo_init whenever the
 * block's first reference changes (another translation, context or privilege) and else
 * passes it back untouched. first.type, size and pc are ignored (CM_IFETCH, 4, the VA).
 */
struct cm_stats;
struct cm_cache_stats;
struct cm_fetch_memo {
    cm_ref first;       /* va, pa, ctx, attrs of the first instruction */
    uint32_t n;         /* instructions, >= 1 */
    unsigned page_log2; /* of the mapping (as for cm_tlb_access) */
    /* The model's, set by cm_fetch_block: */
    uint64_t gen;                 /* the model state it holds for; 0: nothing remembered */
    uint32_t lines;               /* I-cache lines touched, all hits */
    uint32_t line_cycles, cycles; /* cycles of those fetches; of the whole block */
    struct cm_stats *stats;       /* the references' statistics buckets */
    struct cm_cache_stats *icache_stats;
};

void cm_fetch_memo_init(struct cm_fetch_memo *f, const cm_ref *first, uint32_t n,
                        unsigned page_log2);
uint64_t cm_fetch_block(cm_model *m, struct cm_fetch_memo *f);

/* Time passing outside the model (an idle WFI, a device access): lets the buffers drain. */
void cm_advance(cm_model *m, uint64_t cycles);

/* The model's clock: every cycle returned so far plus cm_advance. */
uint64_t cm_cycles(const cm_model *m);

/*
 * Another bus master wrote (DMA, or the host loading an image) / read physical memory.
 * The write makes memory the newest copy of those words (cached lines become stale); the
 * read is checked against dirty cached data not yet cleaned (a DMA reading stale memory).
 * Both cost the CPU nothing. No-ops when the checker is off.
 */
void cm_dma_write(cm_model *m, uint32_t pa, uint32_t len);
void cm_dma_read(cm_model *m, uint32_t pa, uint32_t len);

/* ---- Statistics ---------------------------------------------------------------------- */

/* One cache, d4 style: counts indexed by reference type. */
struct cm_cache_stats {
    uint64_t access[CM_NREFTYPES]; /* references of each type that reached this cache */
    uint64_t miss[CM_NREFTYPES];   /* accesses that missed; by-MVA operations that found
                                      no line */
    uint64_t fills;                /* line fills (read and fetch misses) */
    uint64_t wb_full, wb_half;     /* write-backs of 8 words / of 4 words (at 32-byte
                                      lines): evictions and cleans */
};

struct cm_stats {
    struct cm_cache_stats icache, dcache;
    uint64_t refs[CM_NREFTYPES]; /* every reference, by type */
    uint64_t uncached_reads;     /* C=0 data reads and fetches (references) */
    uint64_t uncached_writes;    /* C=0 data writes (references) */
    uint64_t uncached_read_cycles, uncached_write_cycles;
    uint64_t buffered_writes; /* writes put into the write buffer */
    uint64_t wbuf_stalls;     /* ... that found it full and waited */
    uint64_t wbuf_stall_cycles;
    uint64_t bus_wait_cycles; /* reads/walks/unbuffered writes waiting for the
                                 write buffer, a write-back or a fill to finish */
    uint64_t tlb_hits, tlb_misses, tlb_cycles;
    uint64_t cycles; /* all modelled cycles of these references */
};

#define CM_ALL (-1)

/*
 * Statistics summed over a selection: ctx is a context id or CM_ALL; ids at or above the
 * `stats.contexts` parameter share one bucket, selected by any such id. priv is 0 (user),
 * 1 (kernel) or CM_ALL.
 */
void cm_stats_get(const cm_model *m, int ctx, int priv, struct cm_stats *out);

/* Whether any reference of context ctx was seen (to list only contexts in use). */
bool cm_stats_ctx_used(const cm_model *m, int ctx);

/* Zero every counter (e.g. after boot); caches, buffers, clock and diagnostics stay. */
void cm_stats_reset(cm_model *m);

/* Sums over the access types (read, write, fetch) of one cache. */
uint64_t cm_cache_accesses(const struct cm_cache_stats *s);
uint64_t cm_cache_misses(const struct cm_cache_stats *s);

/* ---- Coherence diagnostics ----------------------------------------------------------- */

enum cm_diag_kind {
    CM_DIAG_STALE_READ = 0, /* a read returned data older than the latest write to its PA */
    CM_DIAG_WB_OVERWRITE,   /* a write-back overwrote newer data in memory */
    CM_DIAG_HOMONYM,        /* VIVT: an access hit a line that holds another PA */
    CM_DIAG_DMA_STALE,      /* a DMA read got memory older than a dirty cached copy */
    CM_NDIAG_KINDS
};

#define CM_CTX_DMA 0xFFFFu /* other_ctx of a write made by cm_dma_write */

/*
 * One finding, deduplicated per (kind, PC, PA line): count says how often it happened.
 * va/pa/pc/ctx are those of the first occurrence. other_* name the other party: for a
 * stale read or an overwrite, where the newer data was written (VA and ctx of that
 * write, or CM_CTX_DMA); for a homonym, the line that was hit.
 */
struct cm_diag {
    uint32_t kind; /* enum cm_diag_kind */
    uint32_t va, pa, pc;
    uint16_t ctx;
    uint8_t priv;
    uint8_t other_known;
    uint32_t other_va, other_pa;
    uint16_t other_ctx;
    uint64_t count;
    uint64_t cycle; /* model clock at the first occurrence */
    char message[160];
};

size_t cm_diag_count(const cm_model *m);
const struct cm_diag *cm_diag_get(const cm_model *m, size_t i);
uint64_t cm_diag_dropped(const cm_model *m);  /* occurrences not kept: table full */
const char *cm_diag_kind_name(unsigned kind); /* "stale-read", ... */

/* Called once per new (deduplicated) diagnostic, from inside cm_access. */
typedef void (*cm_diag_hook)(void *opaque, const struct cm_diag *d);
void cm_set_diag_hook(cm_model *m, cm_diag_hook fn, void *opaque);

#endif
