/*
 * cm_model.c: what each reference type does to the caches, and what it costs.
 *
 * cm_access dispatches on the reference type (maintenance through cm_handlers); reads and
 * writes then dispatch on the page's C and B bits, one small named function
 * per ARM926EJ-S policy (spec/arm926.md, "Page attributes"):
 *
 *   C B  read                          write (cm_write_policy[])
 *   0 0  cm_read_uncached              cm_write_unbuffered  (core stalls for the bus)
 *   0 1  cm_read_uncached              cm_write_buffered    (through the write buffer)
 *   1 0  cm_read_cached (allocates)    cm_write_through     (hit: line and buffer)
 *   1 1  cm_read_cached (allocates)    cm_write_back        (hit: line, half dirty)
 *
 * A cacheable write that misses does not allocate (cm_write_around: write buffer only).
 * Uncached accesses do not look at the cache at all, even if a line for the same VA is
 * resident: that is how a forgotten clean becomes visible to the coherence checker.
 * Maintenance operations follow the hardware's CP15 c7/c8 vocabulary; by-MVA operations
 * look the line up like an access (by VA in vivt mode, by PA in pipt mode).
 */
#include <stdlib.h>
#include <string.h>

#include "cm_internal.h"

typedef uint32_t (*cm_handler)(struct cm_model *m, const cm_ref *r, unsigned b);

/* For the few functions every access runs through: one call per reference, not five. */
#define CM_HOT static inline __attribute__((always_inline))

/* ---- Lines -------------------------------------------------------------------------- */

/*
 * Write back the dirty halves of `line` (a victim or a clean) on behalf of r. Counts it,
 * checks it, marks the line clean. Returns the bus cycles the write-back takes.
 */
uint32_t cm_writeback(struct cm_model *m, const cm_ref *r, struct cm_cache *c, uint32_t line,
                      unsigned b)
{
    uint8_t halves = c->dirty[line];
    assert(halves && c->key[line]);
    bool full = halves == 3u;
    if (full)
        c->split[b].wb_full++;
    else
        c->split[b].wb_half++;
    if (m->check)
        cm_check_writeback(m, r, c, line, halves);
    c->dirty[line] = 0;
    c->ndirty--;
    return full ? m->cfg.timing.writeback_line : m->cfg.timing.writeback_half;
}

/* A maintenance clean of `line`: the core waits for the write-back (spec: 1 + write-back). */
static uint32_t cm_clean_line(struct cm_model *m, const cm_ref *r, struct cm_cache *c,
                              uint32_t line, unsigned b)
{
    if (!c->dirty[line])
        return 0;
    return cm_bus_transfer(m, b, cm_writeback(m, r, c, line, b));
}

/* Read or fetch miss: refill a line chosen by the policy. Returns it; *stall gets the
 * core's wait for the critical word. The dirty victim leaves by the write-back buffer. */
static uint32_t cm_fill(struct cm_model *m, struct cm_cache *c, const cm_ref *r, unsigned b,
                        uint32_t *stall)
{
    uint32_t addr = cm_tag_addr(c, r);
    uint32_t set = cm_set_of(c, addr);
    uint32_t line = (set << c->ways_log2) + cm_cache_victim(c, set);
    uint32_t wb = c->dirty[line] ? cm_writeback(m, r, c, line, b) : 0;
    c->key[line] = (addr & ~c->off_mask) | CM_KEY_VALID;
    c->va[line] = r->va & ~c->off_mask;
    c->pa[line] = r->pa & ~c->off_mask;
    c->ctx[line] = r->ctx;
    m->fetch_gen += c == &m->ic;
    cm_touch(c, line);
    c->split[b].fills++;
    if (m->check)
        cm_check_fill(m, c, line);
    *stall = cm_bus_fill(m, b, wb);
    return line;
}

/* Dirty bits of the half lines a reference covers (an 8-byte line has 4-byte halves). */
static uint8_t cm_half_bits(const struct cm_cache *c, const cm_ref *r)
{
    return cm_half_bit(c, r->pa) | cm_half_bit(c, r->pa + r->size - 1u);
}

/* Line addressed by the Rd of a set/way operation: way in the top bits, then the set. */
static uint32_t cm_setway_line(const struct cm_cache *c, uint32_t rd)
{
    uint32_t way = c->ways_log2 ? rd >> (32u - c->ways_log2) : 0;
    return (cm_set_of(c, rd) << c->ways_log2) + way;
}

/* ---- Read policies ------------------------------------------------------------------ */

/* A cacheable read or fetch; base is its cycles on a hit. */
CM_HOT uint32_t cm_read_cached(struct cm_model *m, struct cm_cache *c, const cm_ref *r, unsigned b,
                               uint32_t base)
{
    struct cm_cache_stats *cs = &c->split[b];
    cs->access[r->type]++;
    int32_t line = cm_lookup(c, cm_tag_addr(c, r));
    uint32_t cycles = base;
    if (line >= 0) {
        cm_touch(c, (uint32_t)line);
    } else {
        uint32_t stall;
        cs->miss[r->type]++;
        line = (int32_t)cm_fill(m, c, r, b, &stall);
        cycles += stall;
    }
    if (m->check && !cm_check_read_clean(m, r, c, (uint32_t)line))
        cm_check_read(m, r, c, line);
    return cycles;
}

/* C=0 read: one bus transfer per word, after everything queued (write buffer) drained. */
static uint32_t cm_read_uncached(struct cm_model *m, const cm_ref *r, unsigned b)
{
    struct cm_stats *s = &m->split[b];
    uint32_t cycles = cm_bus_transfer(m, b, cm_ref_words(r) * m->cfg.timing.uncached_read);
    s->uncached_reads++;
    s->uncached_read_cycles += cycles;
    if (m->check)
        cm_check_read(m, r, NULL, -1);
    return cycles;
}

/* ---- Write policies ----------------------------------------------------------------- */

/* Into the write buffer and on to memory, no line involved. */
static uint32_t cm_write_around(struct cm_model *m, const cm_ref *r, unsigned b)
{
    if (m->check)
        cm_check_write(m, r, NULL, -1, true);
    return m->cfg.timing.buffered_write + cm_wbuf_write(m, b, r->pa, cm_ref_words(r));
}

/* Common start of a cacheable write: count it, look it up; a miss goes around. */
static int32_t cm_write_lookup(struct cm_model *m, const cm_ref *r, unsigned b)
{
    struct cm_cache_stats *cs = &m->dc.split[b];
    cs->access[CM_WRITE]++;
    int32_t line = cm_lookup(&m->dc, cm_tag_addr(&m->dc, r));
    if (line < 0)
        cs->miss[CM_WRITE]++;
    else
        cm_touch(&m->dc, (uint32_t)line);
    return line;
}

/* C=1,B=1: a hit updates the line and marks its half dirty; memory is not touched. */
static uint32_t cm_write_back(struct cm_model *m, const cm_ref *r, unsigned b)
{
    struct cm_cache *c = &m->dc;
    int32_t line = cm_write_lookup(m, r, b);
    if (line < 0)
        return cm_write_around(m, r, b);
    if (!c->dirty[line])
        c->ndirty++;
    c->dirty[line] |= cm_half_bits(c, r);
    if (m->check)
        cm_check_write(m, r, c, line, false);
    return m->cfg.timing.hit;
}

/* C=1,B=0: a hit updates the line and also goes to memory through the write buffer. */
static uint32_t cm_write_through(struct cm_model *m, const cm_ref *r, unsigned b)
{
    int32_t line = cm_write_lookup(m, r, b);
    if (line < 0)
        return cm_write_around(m, r, b);
    if (m->check)
        cm_check_write(m, r, &m->dc, line, true);
    return m->cfg.timing.hit + cm_wbuf_write(m, b, r->pa, cm_ref_words(r));
}

/* C=0,B=1: uncached, buffered. */
static uint32_t cm_write_buffered(struct cm_model *m, const cm_ref *r, unsigned b)
{
    uint32_t cycles = cm_write_around(m, r, b);
    m->split[b].uncached_writes++;
    m->split[b].uncached_write_cycles += cycles;
    return cycles;
}

/* C=0,B=0: uncached, unbuffered: waits for the bus, then for its own transfer. */
static uint32_t cm_write_unbuffered(struct cm_model *m, const cm_ref *r, unsigned b)
{
    uint32_t words = cm_ref_words(r);
    uint32_t cycles = cm_bus_transfer(m, b, words * m->cfg.timing.unbuffered_write);
    m->split[b].uncached_writes++;
    m->split[b].uncached_write_cycles += cycles;
    if (m->check)
        cm_check_write(m, r, NULL, -1, true);
    return cycles;
}

static const cm_handler cm_write_policy[4] = {
    [CM_ATTR_NCNB] = cm_write_unbuffered,
    [CM_ATTR_NCB] = cm_write_buffered,
    [CM_ATTR_WT] = cm_write_through,
    [CM_ATTR_WB] = cm_write_back,
};

/* ---- Accesses ----------------------------------------------------------------------- */

static uint32_t cm_ref_write(struct cm_model *m, const cm_ref *r, unsigned b)
{
    cm_assert_ref(m, r);
    return cm_write_policy[r->attrs & 3u](m, r, b);
}

/*
 * A data read or an instruction fetch. A fetch is one instruction: its issue cycle on
 * the I-cache, where a hit adds nothing; a read pays timing.hit on the D-cache. Either
 * way a miss adds the wait for the critical word, and C=0 goes to the bus. Written
 * without a branch on the type, which a trace mixes unpredictably.
 */
CM_HOT uint32_t cm_ref_read_or_fetch(struct cm_model *m, const cm_ref *r, unsigned b)
{
    cm_assert_ref(m, r);
    if (r->attrs & CM_ATTR_C)
        return cm_read_cached(m, m->cache_of[r->type], r, b, m->base_of[r->type]);
    return (r->type == CM_IFETCH ? m->cfg.timing.issue : 0) + cm_read_uncached(m, r, b);
}

/* ---- Maintenance: invalidate --------------------------------------------------------- */

static uint32_t cm_op_inv_all(struct cm_model *m, struct cm_cache *c, const cm_ref *r, unsigned b)
{
    c->split[b].access[r->type]++;
    cm_cache_invalidate_all(c);
    m->fetch_gen += c == &m->ic;
    return m->cfg.timing.maint_all;
}

/* Invalidate the line r->va (r->pa in pipt mode) maps to, dirty data discarded. */
static uint32_t cm_op_inv_mva(struct cm_model *m, struct cm_cache *c, const cm_ref *r, unsigned b)
{
    c->split[b].access[r->type]++;
    int32_t line = cm_lookup(c, cm_tag_addr(c, r));
    if (line < 0)
        c->split[b].miss[r->type]++;
    else
        cm_cache_invalidate_line(c, (uint32_t)line);
    m->fetch_gen += c == &m->ic;
    return m->cfg.timing.maint_line;
}

static uint32_t cm_op_inv_idc_all(struct cm_model *m, const cm_ref *r, unsigned b)
{
    cm_op_inv_all(m, &m->ic, r, b);
    return cm_op_inv_all(m, &m->dc, r, b);
}

static uint32_t cm_op_inv_i_all(struct cm_model *m, const cm_ref *r, unsigned b)
{
    return cm_op_inv_all(m, &m->ic, r, b);
}

static uint32_t cm_op_inv_i_mva(struct cm_model *m, const cm_ref *r, unsigned b)
{
    return cm_op_inv_mva(m, &m->ic, r, b);
}

static uint32_t cm_op_inv_d_all(struct cm_model *m, const cm_ref *r, unsigned b)
{
    return cm_op_inv_all(m, &m->dc, r, b);
}

static uint32_t cm_op_inv_d_mva(struct cm_model *m, const cm_ref *r, unsigned b)
{
    return cm_op_inv_mva(m, &m->dc, r, b);
}

/* ---- Maintenance: clean ----------------------------------------------------------------- */

/* Clean (and with inv, invalidate) D line `line`, or count a miss when line < 0. */
static uint32_t cm_op_clean(struct cm_model *m, const cm_ref *r, unsigned b, int32_t line, bool inv)
{
    struct cm_cache *c = &m->dc;
    c->split[b].access[r->type]++;
    if (line < 0) {
        c->split[b].miss[r->type]++;
        return m->cfg.timing.maint_line;
    }
    uint32_t cycles = m->cfg.timing.maint_line + cm_clean_line(m, r, c, (uint32_t)line, b);
    if (inv)
        cm_cache_invalidate_line(c, (uint32_t)line);
    return cycles;
}

static int32_t cm_mva_line(struct cm_model *m, const cm_ref *r)
{
    return cm_lookup(&m->dc, cm_tag_addr(&m->dc, r));
}

static int32_t cm_sw_line(struct cm_model *m, const cm_ref *r)
{
    uint32_t line = cm_setway_line(&m->dc, r->va);
    return m->dc.key[line] ? (int32_t)line : -1;
}

static uint32_t cm_op_clean_d_mva(struct cm_model *m, const cm_ref *r, unsigned b)
{
    return cm_op_clean(m, r, b, cm_mva_line(m, r), false);
}

static uint32_t cm_op_clean_d_setway(struct cm_model *m, const cm_ref *r, unsigned b)
{
    return cm_op_clean(m, r, b, cm_sw_line(m, r), false);
}

static uint32_t cm_op_clean_inv_d_mva(struct cm_model *m, const cm_ref *r, unsigned b)
{
    return cm_op_clean(m, r, b, cm_mva_line(m, r), true);
}

static uint32_t cm_op_clean_inv_d_setway(struct cm_model *m, const cm_ref *r, unsigned b)
{
    return cm_op_clean(m, r, b, cm_sw_line(m, r), true);
}

/*
 * Test and clean (MRC c7,c10,3): clean the first dirty line, if any; Z (cm_test_z) is set
 * once no dirty line remains, so a loop over k dirty lines runs max(k, 1) times.
 */
static uint32_t cm_op_test_clean_d(struct cm_model *m, const cm_ref *r, unsigned b)
{
    struct cm_cache *c = &m->dc;
    int32_t line = cm_cache_first_dirty(c);
    c->split[b].access[r->type]++;
    uint32_t cycles = m->cfg.timing.maint_line;
    if (line >= 0)
        cycles += cm_clean_line(m, r, c, (uint32_t)line, b);
    m->last_z = c->ndirty == 0;
    return cycles;
}

/* Test, clean and invalidate (c7,c14,3): as above; the call that leaves the cache clean
 * also invalidates all of it (ARM926EJ-S TRM, c7 function descriptions). */
static uint32_t cm_op_test_clean_inv_d(struct cm_model *m, const cm_ref *r, unsigned b)
{
    uint32_t cycles = cm_op_test_clean_d(m, r, b);
    if (m->last_z) {
        cm_cache_invalidate_all(&m->dc);
        cycles += m->cfg.timing.maint_all;
    }
    return cycles;
}

static uint32_t cm_op_drain_wb(struct cm_model *m, const cm_ref *r, unsigned b)
{
    (void)r;
    return m->cfg.timing.maint_line + cm_wbuf_drain(m, b);
}

static uint32_t cm_op_tlb_inv_all(struct cm_model *m, const cm_ref *r, unsigned b)
{
    (void)r, (void)b;
    cm_tlb_invalidate_all(&m->tlb);
    m->fetch_gen++;
    return m->cfg.timing.maint_all;
}

static uint32_t cm_op_tlb_inv_mva(struct cm_model *m, const cm_ref *r, unsigned b)
{
    (void)b;
    cm_tlb_invalidate_mva(&m->tlb, r->va);
    m->fetch_gen++;
    return m->cfg.timing.maint_line;
}

static const cm_handler cm_handlers[CM_NREFTYPES] = {
    [CM_READ] = cm_ref_read_or_fetch,
    [CM_WRITE] = cm_ref_write,
    [CM_IFETCH] = cm_ref_read_or_fetch,
    [CM_INV_IDC_ALL] = cm_op_inv_idc_all,
    [CM_INV_I_ALL] = cm_op_inv_i_all,
    [CM_INV_I_MVA] = cm_op_inv_i_mva,
    [CM_INV_D_ALL] = cm_op_inv_d_all,
    [CM_INV_D_MVA] = cm_op_inv_d_mva,
    [CM_CLEAN_D_MVA] = cm_op_clean_d_mva,
    [CM_CLEAN_D_SETWAY] = cm_op_clean_d_setway,
    [CM_CLEAN_INV_D_MVA] = cm_op_clean_inv_d_mva,
    [CM_CLEAN_INV_D_SETWAY] = cm_op_clean_inv_d_setway,
    [CM_TEST_CLEAN_D] = cm_op_test_clean_d,
    [CM_TEST_CLEAN_INV_D] = cm_op_test_clean_inv_d,
    [CM_DRAIN_WB] = cm_op_drain_wb,
    [CM_TLB_INV_ALL] = cm_op_tlb_inv_all,
    [CM_TLB_INV_MVA] = cm_op_tlb_inv_mva,
};

/* ---- Public entry points ----------------------------------------------------------- */

/* Every reference: dispatch on its type, then account its cycles to its bucket. */
static __attribute__((noinline)) uint32_t cm_access_general(cm_model *m, const cm_ref *r)
{
    unsigned b = cm_bucket(m, r);
    uint32_t cycles;
    if (r->type == CM_WRITE)
        cycles = cm_ref_write(m, r, b);
    else if (r->type <= CM_IFETCH) /* the type selects the cache, not a code path */
        cycles = cm_ref_read_or_fetch(m, r, b);
    else
        cycles = cm_handlers[r->type](m, r, b);
    struct cm_stats *s = &m->split[b];
    s->refs[r->type]++;
    s->cycles += cycles;
    m->now += cycles;
    return cycles;
}

/*
 * The common case first: a cacheable read or fetch that hits does exactly what
 * cm_access_general would (same counters, same cycles), in a small function that keeps
 * few registers; anything else, a miss included, takes the general path.
 */
/*
 * A cacheable write: what cm_access_general does for one (cm_ref_write, the policy of
 * C=1, then the accounting), without the dispatch through the policy table.
 */
static __attribute__((noinline)) uint32_t cm_write_cached(cm_model *m, const cm_ref *r)
{
    cm_assert_ref(m, r);
    unsigned b = cm_bucket(m, r);
    uint32_t cycles = (r->attrs & CM_ATTR_B) ? cm_write_back(m, r, b) : cm_write_through(m, r, b);
    struct cm_stats *s = &m->split[b];
    s->refs[CM_WRITE]++;
    s->cycles += cycles;
    m->now += cycles;
    return cycles;
}

CM_HOT uint32_t cm_access_hot(cm_model *m, const cm_ref *r)
{
    assert(r->type < CM_NREFTYPES);
    if (r->type == CM_WRITE && (r->attrs & CM_ATTR_C))
        return cm_write_cached(m, r);
    if (r->type == CM_WRITE || r->type > CM_IFETCH || !(r->attrs & CM_ATTR_C))
        return cm_access_general(m, r);
    cm_assert_ref(m, r);
    struct cm_cache *c = m->cache_of[r->type];
    int32_t line = cm_lookup(c, cm_tag_addr(c, r));
    if (line < 0)
        return cm_access_general(m, r);
    unsigned b = cm_bucket(m, r);
    uint32_t cycles = m->base_of[r->type];
    cm_touch(c, (uint32_t)line);
    if (m->check && !cm_check_read_clean(m, r, c, (uint32_t)line))
        cm_check_read(m, r, c, line);
    c->split[b].access[r->type]++;
    m->split[b].refs[r->type]++;
    m->split[b].cycles += cycles;
    m->now += cycles;
    return cycles;
}

uint32_t cm_access(cm_model *m, const cm_ref *r)
{
    return cm_access_hot(m, r);
}

/* A TLB miss: the walk, then the entry is loaded. */
static __attribute__((noinline)) uint32_t cm_tlb_miss(cm_model *m, const cm_ref *r,
                                                      unsigned page_log2)
{
    unsigned b = cm_bucket(m, r);
    struct cm_stats *s = &m->split[b];
    cm_tlb_refill(&m->tlb, r->va, page_log2);
    uint32_t cycles = cm_bus_transfer(m, b, m->cfg.timing.tlb_walk);
    m->fetch_gen++; /* an entry was replaced */
    s->tlb_misses++;
    s->tlb_cycles += cycles;
    s->cycles += cycles;
    m->now += cycles;
    return cycles;
}

CM_HOT uint32_t cm_tlb_access_hot(cm_model *m, const cm_ref *r, unsigned page_log2)
{
    if (cm_tlb_find(&m->tlb, r->va, page_log2) < 0)
        return cm_tlb_miss(m, r, page_log2);
    m->split[cm_bucket(m, r)].tlb_hits++;
    return 0;
}

uint32_t cm_tlb_access(cm_model *m, const cm_ref *r, unsigned page_log2)
{
    return cm_tlb_access_hot(m, r, page_log2);
}

uint32_t cm_access_tlb(cm_model *m, const cm_ref *r, unsigned page_log2)
{
    uint32_t cycles = cm_tlb_access_hot(m, r, page_log2); /* the walk comes first */
    return cycles + cm_access_hot(m, r);
}

/* ---- Blocks of code (cm.h, cm_fetch_block) ---------------------------------------------- */

void cm_fetch_memo_init(struct cm_fetch_memo *f, const cm_ref *first, uint32_t n,
                        unsigned page_log2)
{
    memset(f, 0, sizeof *f);
    f->first = *first;
    f->first.type = CM_IFETCH;
    f->first.size = 4;
    f->n = n;
    f->page_log2 = page_log2;
}

/*
 * After a reference-by-reference run of f's block: remember it if its next run, with
 * nothing changed (fetch_gen), is all hits that cm_fetch_block can count in one step. Not
 * when the run reported something (a replay would have to report again), with LRU (each
 * hit moves a stamp), for uncached fetches (their cycles depend on the bus), or when the
 * block evicted one of its own lines (a block longer than the cache's way).
 */
static void cm_fetch_remember(cm_model *m, struct cm_fetch_memo *f, uint32_t lines,
                              uint64_t occurrences)
{
    struct cm_cache *c = &m->ic;
    f->gen = 0;
    if (c->lru || !(f->first.attrs & CM_ATTR_C) || cm_check_occurrences(m) != occurrences)
        return;
    for (uint32_t va = f->first.va, i = 0; i < lines; i++, va = (va | c->off_mask) + 1u)
        if (cm_lookup(c, c->vivt ? va : f->first.pa + (va - f->first.va)) < 0)
            return;
    unsigned b = cm_bucket(m, &f->first);
    cm_check_watch(m, f->first.pa);
    f->lines = lines;
    f->line_cycles = lines * m->base_of[CM_IFETCH];
    f->cycles = f->n * m->cfg.timing.issue;
    f->stats = &m->split[b];
    f->icache_stats = &c->split[b];
    f->gen = m->fetch_gen;
}

/* cm_fetch_block the long way: the references of cm.h's recipe, one by one. */
static __attribute__((noinline)) uint64_t cm_fetch_block_refs(cm_model *m, struct cm_fetch_memo *f)
{
    uint32_t va0 = f->first.va, end = va0 + 4u * f->n, lines = 0;
    assert(f->n && !(va0 & 3u) && end > va0 && (end - 1u) >> 12 == va0 >> 12);
    uint64_t occurrences = cm_check_occurrences(m);
    cm_ref r = f->first;
    uint32_t cycles = cm_tlb_access(m, &r, f->page_log2);
    for (uint32_t va = va0; va < end; va = (va | m->ic.off_mask) + 1u, lines++) {
        r.va = r.pc = va;
        r.pa = f->first.pa + (va - va0);
        cycles += cm_access(m, &r);
    }
    uint32_t rest = (f->n - lines) * m->cfg.timing.issue;
    cm_advance(m, rest);
    cm_fetch_remember(m, f, lines, occurrences);
    return cycles + rest;
}

uint64_t cm_fetch_block(cm_model *m, struct cm_fetch_memo *f)
{
    if (f->gen != m->fetch_gen)
        return cm_fetch_block_refs(m, f);
    /* What the references would do: a TLB hit, a hit per line, the issue of the rest. */
    f->stats->tlb_hits++;
    f->stats->refs[CM_IFETCH] += f->lines;
    f->stats->cycles += f->line_cycles;
    f->icache_stats->access[CM_IFETCH] += f->lines;
    m->now += f->cycles;
    return f->cycles;
}

int cm_test_z(const cm_model *m)
{
    return m->last_z;
}

uint32_t cm_setway(const cm_model *m, uint32_t set, uint32_t way)
{
    const struct cm_cache *c = &m->dc;
    assert(set < c->sets && way < c->ways);
    uint32_t rd = set << c->line_log2;
    if (c->ways_log2)
        rd |= way << (32u - c->ways_log2);
    return rd;
}

void cm_advance(cm_model *m, uint64_t cycles)
{
    m->now += cycles;
}

uint64_t cm_cycles(const cm_model *m)
{
    return m->now;
}

const struct cm_config *cm_model_config(const cm_model *m)
{
    return &m->cfg;
}

cm_err cm_model_new(const struct cm_config *cfg, cm_model **out, char *err, size_t errlen)
{
    *out = NULL;
    cm_err e = cm_config_check(cfg, err, errlen);
    if (e != CM_OK)
        return e;
    cm_model *m = calloc(1, sizeof *m);
    if (!m)
        return CM_ERR_NOMEM;
    m->cfg = *cfg;
    m->nbuckets = (cfg->contexts + 1u) * 2u;
    m->last_z = 1;
    m->fetch_gen = 1;
    m->cache_of[CM_READ] = m->cache_of[CM_WRITE] = &m->dc;
    m->cache_of[CM_IFETCH] = &m->ic;
    m->base_of[CM_READ] = m->base_of[CM_WRITE] = cfg->timing.hit;
    m->base_of[CM_IFETCH] = cfg->timing.issue;
    m->split = calloc(m->nbuckets, sizeof *m->split);
    cm_tlb_init(&m->tlb, cfg);
    e = m->split ? CM_OK : CM_ERR_NOMEM;
    if (e == CM_OK)
        e = cm_cache_init(&m->ic, "l1-icache", cfg->size_i, cfg, m->nbuckets);
    if (e == CM_OK)
        e = cm_cache_init(&m->dc, "l1-dcache", cfg->size_d, cfg, m->nbuckets);
    if (e == CM_OK && cfg->check)
        e = cm_check_new(m);
    if (e != CM_OK) {
        if (err && errlen)
            snprintf(err, errlen, "cache model: %s", cm_strerror(e));
        cm_model_free(m);
        return e;
    }
    *out = m;
    return CM_OK;
}

void cm_model_free(cm_model *m)
{
    if (!m)
        return;
    cm_cache_free(&m->ic);
    cm_cache_free(&m->dc);
    cm_check_free(m->check);
    free(m->split);
    free(m);
}
