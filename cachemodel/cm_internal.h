/*
 * cm_internal.h: the cache model's state, shared by its .c files and by its unit tests,
 * never by the simulator (which sees only cm.h).
 *
 * Layout: a model owns two caches (struct cm_cache, one shape for I and D), a TLB, the
 * write buffer and bus clock (cm_timing.c), optionally the coherence checker
 * (cm_check.c), and statistics buckets, one per (context, privilege) pair. Small
 * functions that every reference runs are static inline here so that they inline across
 * files.
 */
#ifndef CESIM_CM_INTERNAL_H
#define CESIM_CM_INTERNAL_H

#include <assert.h>
#include <string.h>

#include "cm.h"

#define CM_KEY_VALID 1u /* bit 0 of a tag key; line addresses have it clear */
#define CM_WBUF_MAX_ENTRIES 16u
#define CM_TLB_MAX 256u

struct cm_cache;
struct cm_model;

/* Replacement policy: picks the way to refill in a set whose ways are all valid. */
typedef uint32_t (*cm_victim_fn)(struct cm_cache *c, uint32_t set);

/*
 * One cache. Lines are numbered set * ways + way; each per-line array has nlines entries.
 * key[] holds the line address the cache is tagged with (VA in vivt mode, PA in pipt
 * mode) with CM_KEY_VALID set, or 0 for an invalid line: one compare per way.
 */
struct cm_cache {
    const char *name; /* "l1-icache" / "l1-dcache" */
    unsigned size_log2, ways_log2, line_log2, sets_log2;
    uint32_t ways, sets, nlines, words; /* words per line */
    uint32_t set_mask;                  /* sets - 1 */
    uint32_t off_mask;                  /* line - 1 */
    bool vivt;
    uint32_t *key;
    uint32_t *va, *pa; /* line-aligned, kept for write-back/reports */
    uint16_t *ctx;     /* context that filled the line (reports) */
    uint8_t *dirty;    /* bit 0: low half dirty, bit 1: high half */
    uint64_t *stamp;   /* LRU: clock of the last use */
    uint64_t clock;
    uint32_t *ver;   /* checker: nlines * words versions, or NULL */
    uint32_t ndirty; /* lines with any dirty bit */
    uint32_t rr;     /* round-robin victim counter (one per cache) */
    uint32_t rng;    /* xorshift32 state, seeded */
    bool lru;
    cm_victim_fn victim;
    struct cm_cache_stats *split; /* one per statistics bucket */
};

struct cm_tlb {
    uint32_t sets, ways, sets_mask;
    uint32_t vpn[CM_TLB_MAX]; /* va >> log2 */
    uint8_t log2[CM_TLB_MAX]; /* page size of the entry; 0 = invalid */
    uint32_t rr;              /* round-robin refill counter */
};

/* One write-buffer address entry: a run of consecutive words. */
struct cm_wbuf_entry {
    uint32_t next_pa; /* physical address just past the run, to merge the next word */
    uint32_t words;
    uint64_t done; /* model cycle at which its last word has reached memory */
};

struct cm_wbuf {
    struct cm_wbuf_entry e[CM_WBUF_MAX_ENTRIES];
    unsigned head, count;
    uint32_t words; /* words held by entries not yet done */
};

struct cm_check; /* cm_check.c */

struct cm_model {
    struct cm_config cfg;
    struct cm_cache ic, dc;
    struct cm_cache *cache_of[CM_IFETCH + 1]; /* by access type: dc, dc, ic */
    uint32_t base_of[CM_IFETCH + 1];          /* cycles of a hit: hit, -, issue */
    struct cm_tlb tlb;
    uint64_t now;      /* model clock, core cycles */
    uint64_t bus_free; /* cycle at which the bus has finished all queued work */
    struct cm_wbuf wb;
    unsigned nbuckets;      /* (contexts + 1) * 2: one "other contexts" bucket, two privileges */
    struct cm_stats *split; /* [nbuckets], indexed by cm_bucket() */
    struct cm_check *check;
    /* Fetch memos (cm_fetch_block) are valid while this stays: bumped when an I-cache line
     * is filled or invalidated, the TLB changes, or a word of a watched code page gets a
     * new version. Starts at 1; a memo's 0 means "nothing remembered". */
    uint64_t fetch_gen;
    int last_z;
    cm_diag_hook hook;
    void *hook_opaque;
};

/* ---- Inline helpers the hot path uses ------------------------------------------------ */

static inline unsigned cm_bucket(const struct cm_model *m, const cm_ref *r)
{
    unsigned ctx = r->ctx < m->cfg.contexts ? r->ctx : m->cfg.contexts;
    return ctx * 2u + ((r->attrs & CM_ATTR_PRIV) ? 1u : 0u);
}

/* The address a cache indexes and tags with. */
static inline uint32_t cm_tag_addr(const struct cm_cache *c, const cm_ref *r)
{
    return c->vivt ? r->va : r->pa;
}

static inline uint32_t cm_set_of(const struct cm_cache *c, uint32_t addr)
{
    return (addr >> c->line_log2) & c->set_mask;
}

/*
 * Line number holding addr, or -1. Every way is compared, without an early exit: the
 * loop count is the same each time and the match is a conditional move, so the host
 * does not mispredict on which way hit.
 */
static inline int32_t cm_lookup(const struct cm_cache *c, uint32_t addr)
{
    uint32_t k = (addr & ~c->off_mask) | CM_KEY_VALID;
    uint32_t base = cm_set_of(c, addr) << c->ways_log2;
    const uint32_t *key = c->key + base;
    if (c->ways == 4) { /* the ARM926's: one vector compare (GCC vector extension) */
        typedef uint32_t v4 __attribute__((vector_size(16)));
        v4 keys;
        memcpy(&keys, key, sizeof keys);
        v4 way1 = (keys == k) & (v4){1, 2, 3, 4}; /* at most one way matches */
        way1 |= __builtin_shuffle(way1, (v4){2, 3, 0, 1});
        way1 |= __builtin_shuffle(way1, (v4){1, 0, 3, 2});
        uint32_t w1 = way1[0];                                     /* the matching way + 1, or 0 */
        return (int32_t)((base + w1 - 1u) | -(uint32_t)(w1 == 0)); /* -1: no match */
    }
    int32_t hit = -1;
    for (uint32_t w = 0; w < c->ways; w++)
        hit = key[w] == k ? (int32_t)(base + w) : hit;
    return hit;
}

static inline void cm_touch(struct cm_cache *c, uint32_t line)
{
    if (c->lru)
        c->stamp[line] = ++c->clock;
}

/* Dirty bit of the half line holding the byte at offset addr. */
static inline uint8_t cm_half_bit(const struct cm_cache *c, uint32_t addr)
{
    return (uint8_t)(1u << ((addr >> (c->line_log2 - 1)) & 1u));
}

/* Number of 32-bit words a reference of size bytes moves on the bus (LDRD: 2). */
static inline uint32_t cm_ref_words(const cm_ref *r)
{
    return r->size > 4 ? 2u : 1u;
}

static inline void cm_assert_ref(const struct cm_model *m, const cm_ref *r)
{
    (void)m, (void)r;
    /* size 1, 2, 4 or 8 (0x116 has those bits set), and naturally aligned */
    assert(r->size <= 8 && (0x116u >> r->size & 1u) && !((r->va | r->pa) & (r->size - 1u)));
}

/* ---- cm_cache.c ---------------------------------------------------------------------- */

cm_err cm_cache_init(struct cm_cache *c, const char *name, uint32_t size,
                     const struct cm_config *cfg, unsigned nbuckets);
void cm_cache_free(struct cm_cache *c);
uint32_t cm_cache_victim(struct cm_cache *c, uint32_t set); /* invalid way first */
void cm_cache_invalidate_line(struct cm_cache *c, uint32_t line);
void cm_cache_invalidate_all(struct cm_cache *c);
int32_t cm_cache_first_dirty(const struct cm_cache *c);
cm_victim_fn cm_repl_fn(enum cm_repl r);
uint32_t cm_repl_rr(struct cm_cache *c, uint32_t set);
uint32_t cm_repl_random(struct cm_cache *c, uint32_t set);
uint32_t cm_repl_lru(struct cm_cache *c, uint32_t set);

/* ---- cm_timing.c: bus, write buffer ---------------------------------------------------- */

uint32_t cm_bus_wait(struct cm_model *m, unsigned b);
uint32_t cm_bus_fill(struct cm_model *m, unsigned b, uint32_t wb_cycles);
uint32_t cm_bus_transfer(struct cm_model *m, unsigned b, uint32_t cycles);
uint32_t cm_wbuf_write(struct cm_model *m, unsigned b, uint32_t pa, uint32_t words);
uint32_t cm_wbuf_drain(struct cm_model *m, unsigned b);

/* ---- cm_tlb.c ------------------------------------------------------------------------ */

void cm_tlb_init(struct cm_tlb *t, const struct cm_config *cfg);
void cm_tlb_invalidate_all(struct cm_tlb *t);
void cm_tlb_invalidate_mva(struct cm_tlb *t, uint32_t va);
void cm_tlb_refill(struct cm_tlb *t, uint32_t va, unsigned page_log2);

/* The entry holding va's page of 2^page_log2 bytes, or -1. Looking up changes nothing. */
static inline int32_t cm_tlb_find(const struct cm_tlb *t, uint32_t va, unsigned page_log2)
{
    assert(page_log2 >= 10 && page_log2 <= 20);
    uint32_t vpn = va >> page_log2;
    uint32_t base = (vpn & t->sets_mask) * t->ways;
    for (uint32_t w = 0; w < t->ways; w++)
        if (t->log2[base + w] == page_log2 && t->vpn[base + w] == vpn)
            return (int32_t)(base + w);
    return -1;
}

/* ---- cm_check.c: coherence checker ---------------------------------------------------- */

/* The checker's state (cm_check.c says how it works); here for the inline reads below. */
#define CM_SHADOW_WORDS 1024u /* words of a 4 KB page */
#define CM_SHADOW_DIR 1024u   /* entries of each directory level */
#define CM_SHADOW_CHUNK 16u   /* pages allocated at once */

struct cm_shadow_page {
    uint32_t watched;                 /* holds remembered code: a new version ends the memos */
    uint32_t latest[CM_SHADOW_WORDS]; /* newest version anywhere */
    uint32_t mem[CM_SHADOW_WORDS];    /* version in memory */
    uint32_t wva[CM_SHADOW_WORDS];    /* VA of the newest write */
    uint16_t wctx[CM_SHADOW_WORDS];   /* its context, or CM_CTX_DMA */
};

struct cm_shadow_dir {
    struct cm_shadow_page *page[CM_SHADOW_DIR]; /* PA bits [21:12] */
};

struct cm_shadow_chunk {
    struct cm_shadow_chunk *next;
    struct cm_shadow_page pages[CM_SHADOW_CHUNK];
};

struct cm_check {
    struct cm_shadow_dir *dir[CM_SHADOW_DIR]; /* PA bits [31:22] */
    struct cm_shadow_chunk *chunks;
    uint32_t pool_left;
    size_t npages;
    struct cm_diag *diag;
    uint32_t ndiag, max;
    uint32_t *hash; /* diag index + 1, 0 = empty */
    uint32_t hmask;
    uint64_t dropped;
    uint64_t occurrences; /* every finding, kept or dropped (fetch memos) */
    uint32_t *scratch;    /* renormalize(): 2 + lines of both caches */
    struct cm_shadow_page zero;
};

/* Shadow of the page holding pa for reading: the zero page if never written. */
static inline const struct cm_shadow_page *cm_shadow_r(const struct cm_check *k, uint32_t pa)
{
    const struct cm_shadow_dir *d = k->dir[pa >> 22];
    const struct cm_shadow_page *p = d ? d->page[(pa >> 12) & (CM_SHADOW_DIR - 1u)] : NULL;
    return p ? p : &k->zero;
}

static inline uint32_t cm_shadow_word(uint32_t pa)
{
    return (pa >> 2) & (CM_SHADOW_WORDS - 1u);
}

/*
 * Whether cm_check_read(m, r, c, line) would find nothing to report for a hit on `line`:
 * the line holds r's PA (no homonym) and each word it returns is the newest version.
 * The hit paths ask this first and call cm_check_read (which reports) only if not.
 */
static inline bool cm_check_read_clean(const struct cm_model *m, const cm_ref *r,
                                       const struct cm_cache *c, uint32_t line)
{
    if (c->pa[line] != (r->pa & ~c->off_mask))
        return false;
    for (uint32_t i = 0; i < cm_ref_words(r); i++) {
        uint32_t pa = (r->pa & ~3u) + 4u * i;
        uint32_t got = c->ver[line * c->words + ((pa & c->off_mask) >> 2)];
        if (got < cm_shadow_r(m->check, pa)->latest[cm_shadow_word(pa)])
            return false;
    }
    return true;
}

cm_err cm_check_new(struct cm_model *m);
void cm_check_free(struct cm_check *k);
void cm_check_read(struct cm_model *m, const cm_ref *r, struct cm_cache *c, int32_t line);
void cm_check_write(struct cm_model *m, const cm_ref *r, struct cm_cache *c, int32_t line,
                    bool to_memory);
void cm_check_fill(struct cm_model *m, struct cm_cache *c, uint32_t line);
void cm_check_writeback(struct cm_model *m, const cm_ref *r, struct cm_cache *c, uint32_t line,
                        uint8_t halves);
void cm_check_watch(struct cm_model *m, uint32_t pa);
uint64_t cm_check_occurrences(const struct cm_model *m);
uint32_t cm_check_latest(struct cm_model *m, uint32_t pa);               /* tests */
uint32_t cm_check_memory(struct cm_model *m, uint32_t pa);               /* tests */
void cm_check_force_latest(struct cm_model *m, uint32_t pa, uint32_t v); /* tests */
size_t cm_check_pages(const struct cm_model *m);                         /* tests */

/* ---- cm_model.c ---------------------------------------------------------------------- */

uint32_t cm_writeback(struct cm_model *m, const cm_ref *r, struct cm_cache *c, uint32_t line,
                      unsigned b);

#endif
