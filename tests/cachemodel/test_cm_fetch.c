/*
 * test_cm_fetch.c: cm_fetch_block, the instruction side of a whole block in one call.
 *
 * Its contract (cm.h) is to do exactly what the reference-by-reference recipe does: one
 * TLB lookup, one CM_IFETCH per cache line, the issue of the other instructions. The main
 * test runs the same seeded stream of blocks, data accesses, maintenance, DMA and
 * statistics resets on two models, one through cm_fetch_block with a memo per block and
 * one through the recipe, and compares clocks, every statistics bucket and every
 * diagnostic after each step, under configurations that make the memo's reasons to
 * stand down happen: LRU, small caches that evict, a one-entry TLB, writes to code,
 * homonyms, uncached code, a full diagnostics table, the checker off.
 */
#include "cm_test.h"

#define CTXS 3u /* context ids used: 0, 1, 2 (and 5, which shares the overflow bucket) */

/* A block of code: its first instruction, length, mapping. */
struct blk {
    uint32_t va, pa, n;
    uint16_t ctx;
    uint8_t attrs;
    unsigned page_log2;
};

/*
 * Code at VA 0x8000..0x9FFF (two pages) for contexts 0 and 1, at different PAs for
 * context 1 (homonyms in VIVT mode); one block in an uncached page and one fetched
 * uncached while its lines are resident; a tiny-page block; blocks that share lines, end
 * a line exactly, or span a whole line of 8-byte lines.
 */
static const struct blk blocks[] = {
    {0x8000, 0x40000, 6, 0, CM_ATTR_WB | CM_ATTR_PRIV, 12},
    {0x8018, 0x40018, 2, 0, CM_ATTR_WB | CM_ATTR_PRIV, 12},
    {0x8020, 0x40020, 16, 0, CM_ATTR_WB | CM_ATTR_PRIV, 12},
    {0x8FF0, 0x40FF0, 4, 0, CM_ATTR_WB, 12},
    {0x9000, 0x41000, 40, 0, CM_ATTR_WB, 20},
    {0x8000, 0x50000, 6, 1, CM_ATTR_WB, 12},
    {0x8020, 0x50020, 16, 1, CM_ATTR_WB, 12},
    {0x9100, 0x41100, 9, 2, CM_ATTR_WB, 10},
    {0xA000, 0x42000, 8, 0, CM_ATTR_NCB | CM_ATTR_PRIV, 12},
    {0x8040, 0x40040, 1, 5, CM_ATTR_WB, 12},
    {0xB004, 0x43004, 1000, 0, CM_ATTR_WB, 16}, /* longer than a 4 KB cache's way */
    {0x8000, 0x40000, 6, 0, CM_ATTR_NCB, 12},   /* blocks[0] with the I-cache off */
};
#define NBLOCKS (sizeof blocks / sizeof blocks[0])

static cm_ref first_ref(const struct blk *k)
{
    cm_ref r = ref(CM_IFETCH, k->va, k->pa, k->attrs);
    r.ctx = k->ctx;
    r.pc = k->va;
    return r;
}

/* The recipe of cm.h, reference by reference. */
static uint64_t fetch_by_refs(cm_model *m, const struct blk *k)
{
    const struct cm_config *cfg = cm_model_config(m);
    cm_ref r = first_ref(k);
    uint64_t cycles = cm_tlb_access(m, &r, k->page_log2);
    uint32_t lines = 0, line = UINT32_MAX;
    for (uint32_t va = k->va; va < k->va + 4u * k->n; va += 4) {
        if (va / cfg->line == line)
            continue;
        line = va / cfg->line;
        r.va = r.pc = va;
        r.pa = k->pa + (va - k->va);
        cycles += cm_access(m, &r);
        lines++;
    }
    cm_advance(m, (uint64_t)(k->n - lines) * cfg->timing.issue);
    return cycles + (uint64_t)(k->n - lines) * cfg->timing.issue;
}

static uint32_t xorshift(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Both models, compared bucket by bucket, diagnostic by diagnostic. */
static void assert_same(cm_model *a, cm_model *b, unsigned step)
{
    if (cm_cycles(a) != cm_cycles(b))
        fail_msg("step %u: clock %llu vs %llu", step, (unsigned long long)cm_cycles(a),
                 (unsigned long long)cm_cycles(b));
    static const int ctxs[] = {CM_ALL, 0, 1, 2, 5};
    for (unsigned c = 0; c < sizeof ctxs / sizeof ctxs[0]; c++)
        for (int priv = CM_ALL; priv <= 1; priv++) {
            struct cm_stats sa, sb;
            cm_stats_get(a, ctxs[c], priv, &sa);
            cm_stats_get(b, ctxs[c], priv, &sb);
            if (memcmp(&sa, &sb, sizeof sa))
                fail_msg("step %u: statistics of ctx %d priv %d differ", step, ctxs[c], priv);
        }
    assert_int_equal(cm_diag_count(a), cm_diag_count(b));
    assert_int_equal(cm_diag_dropped(a), cm_diag_dropped(b));
    for (size_t i = 0; i < cm_diag_count(a); i++) {
        const struct cm_diag *x = cm_diag_get(a, i), *y = cm_diag_get(b, i);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->count, y->count);
        assert_int_equal(x->cycle, y->cycle);
        assert_string_equal(x->message, y->message);
    }
}

/* Everything but fetches, applied to one model: data accesses (to code pages too),
 * maintenance, DMA, a statistics reset. */
static void other_step(cm_model *m, uint32_t op, uint32_t arg)
{
    uint32_t va = 0x8000u + (arg & 0x3FFCu); /* code pages and what follows */
    uint32_t pa = 0x40000u + (arg & 0x3FFCu);
    cm_ref r = ref(CM_READ, va, pa, CM_ATTR_WB);
    switch (op % 12u) {
    case 0:
    case 1: r.va = 0x20000u + (arg & 0x7FFCu), r.pa = 0x60000u + (arg & 0x7FFCu); break;
    case 2: r.type = CM_WRITE; break;
    case 3: r.type = CM_WRITE, r.attrs = CM_ATTR_NCB, r.va |= 0x100000u; break;
    case 4: r.type = CM_INV_I_ALL; break;
    case 5: r.type = CM_INV_I_MVA; break;
    case 6: r.type = CM_CLEAN_D_MVA; break;
    case 7: r.type = CM_TLB_INV_MVA; break;
    case 8: r.type = arg & 0x100u ? CM_TLB_INV_ALL : CM_DRAIN_WB; break;
    case 9: cm_dma_write(m, pa, 8); return;
    case 10:
        if ((arg & 0xFu) == 0)
            cm_stats_reset(m);
        return;
    default:
        r.type = CM_WRITE, r.va = 0x20000u + (arg & 0x7FFCu), r.pa = 0x60000u + (arg & 0x7FFCu);
        break;
    }
    if (r.type <= CM_WRITE)
        cm_tlb_access(m, &r, 12);
    cm_access(m, &r);
}

/* The same seeded stream through cm_fetch_block (model a) and the recipe (model b). */
static void run_equivalence(const char *const *settings, unsigned steps, bool expect_memo)
{
    cm_model *a = model_with(settings), *b = model_with(settings);
    struct cm_fetch_memo memo[NBLOCKS];
    uint32_t seed = 12345u;
    bool remembered = false;
    for (unsigned i = 0; i < NBLOCKS; i++) {
        cm_ref r = first_ref(&blocks[i]);
        cm_fetch_memo_init(&memo[i], &r, blocks[i].n, blocks[i].page_log2);
    }
    for (unsigned step = 0; step < steps; step++) {
        uint32_t x = xorshift(&seed);
        if (x % 8u < 6u) { /* mostly code, in loops: the same few blocks again and again */
            unsigned i = (x >> 8) % 4u ? (x >> 12) % 3u : (x >> 12) % NBLOCKS;
            uint64_t ca = cm_fetch_block(a, &memo[i]);
            uint64_t cb = fetch_by_refs(b, &blocks[i]);
            if (ca != cb)
                fail_msg("step %u: block %u took %llu cycles, its references %llu", step, i,
                         (unsigned long long)ca, (unsigned long long)cb);
            remembered |= memo[i].gen != 0;
        } else if (x % 64u == 63u) { /* push a code word to the end of its versions */
            uint32_t pa = blocks[(x >> 8) % 3u].pa;
            if (cm_model_config(a)->check && cm_check_latest(a, pa) < UINT32_MAX - 2u) {
                cm_check_force_latest(a, pa, UINT32_MAX - 2u);
                cm_check_force_latest(b, pa, UINT32_MAX - 2u);
            }
        } else {
            uint32_t arg = xorshift(&seed);
            other_step(a, x >> 8, arg);
            other_step(b, x >> 8, arg);
        }
        assert_same(a, b, step);
    }
    assert_int_equal(remembered, expect_memo);
    cm_model_free(a);
    cm_model_free(b);
}

#define EQUIV(name, memo, ...)                                                                     \
    static void name(void **state)                                                                 \
    {                                                                                              \
        (void)state;                                                                               \
        run_equivalence((const char *const[]){__VA_ARGS__, NULL}, 12000, memo);                    \
    }

EQUIV(test_same_as_refs_default, true, "stats.contexts=3")
EQUIV(test_same_as_refs_random, true, "cache.replacement=random", "cache.seed=99")
EQUIV(test_same_as_refs_lru, false, "cache.replacement=lru")
EQUIV(test_same_as_refs_pipt, true, "cache.tags=pipt")
EQUIV(test_same_as_refs_small, true, "cache.size_i=4K", "cache.size_d=4K", "cache.ways=1")
EQUIV(test_same_as_refs_short_lines, true, "cache.line=8", "cache.ways=8", "cache.size_i=4K")
EQUIV(test_same_as_refs_long_lines, true, "cache.line=64", "cache.ways=2")
EQUIV(test_same_as_refs_one_tlb_entry, true, "tlb.sets=1", "tlb.ways=1")
EQUIV(test_same_as_refs_few_reports, true, "check.max_reports=2")
EQUIV(test_same_as_refs_no_checker, true, "check.coherence=0")
EQUIV(test_same_as_refs_timing, true, "timing.issue=3", "timing.hit=2", "timing.tlb_walk=0")

/* A block that hits is counted in one step the second time, with the recipe's figures:
 * 6 instructions from 0x8000 touch one line (0x8000-0x801F): one fetch, five issues. */
static void test_second_run_is_remembered(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_i=16K");
    struct cm_fetch_memo f;
    cm_ref r = first_ref(&blocks[0]);
    cm_fetch_memo_init(&f, &r, 6, 12);
    assert_int_equal(cm_fetch_block(m, &f), 30 + 1 + 14 + 5); /* walk, issue, fill, 5 */
    assert_int_not_equal(f.gen, 0);
    assert_int_equal(f.lines, 1);
    assert_int_equal(cm_fetch_block(m, &f), 6);
    struct cm_stats s = stats(m);
    assert_int_equal(s.tlb_hits, 1);
    assert_int_equal(s.tlb_misses, 1);
    assert_int_equal(s.refs[CM_IFETCH], 2);
    assert_int_equal(s.icache.access[CM_IFETCH], 2);
    assert_int_equal(s.icache.miss[CM_IFETCH], 1);
    assert_int_equal(s.cycles, 30 + 1 + 14 + 1);
    assert_int_equal(cm_cycles(m), 30 + 1 + 14 + 5 + 6);
    cm_model_free(m);
}

/* A write to the code's physical word ends the memo: the next fetch finds its line stale
 * (the D-side write did not reach the I-cache) and reports it, each time it runs. */
static void test_write_to_code_reports_every_run(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_i=16K");
    struct cm_fetch_memo f;
    cm_ref r = first_ref(&blocks[0]);
    cm_fetch_memo_init(&f, &r, 6, 12);
    cm_fetch_block(m, &f);
    cm_fetch_block(m, &f);
    assert_int_equal(cm_diag_count(m), 0);
    cm_ref w = ref(CM_WRITE, 0x8000, 0x40000, CM_ATTR_WT);
    cm_access(m, &w);
    for (int i = 0; i < 3; i++) {
        cm_fetch_block(m, &f);
        assert_int_equal(f.gen, 0); /* a run that reports is not remembered */
    }
    assert_int_equal(cm_diag_count(m), 1);
    assert_int_equal(cm_diag_get(m, 0)->kind, CM_DIAG_STALE_READ);
    assert_int_equal(cm_diag_get(m, 0)->count, 3);
    /* The kernel's duty: invalidate the I-cache; then the block is clean and remembered. */
    assert_int_equal(op(m, CM_INV_I_ALL, 0), 1);
    cm_fetch_block(m, &f);
    cm_fetch_block(m, &f);
    assert_int_not_equal(f.gen, 0);
    assert_int_equal(cm_diag_get(m, 0)->count, 3);
    cm_model_free(m);
}

/* Uncached code (even with its lines resident) and LRU replacement are never remembered. */
static void test_not_remembered(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_i=16K");
    struct cm_fetch_memo f, g;
    cm_ref r = first_ref(&blocks[0]);
    cm_fetch_memo_init(&f, &r, 6, 12);
    cm_fetch_block(m, &f);
    r = first_ref(&blocks[NBLOCKS - 1]);
    cm_fetch_memo_init(&g, &r, 6, 12);
    cm_fetch_block(m, &g);
    cm_fetch_block(m, &g);
    assert_int_equal(g.gen, 0);
    assert_int_equal(stats(m).uncached_reads, 2);
    cm_model_free(m);
    m = MODEL("cache.replacement=lru");
    r = first_ref(&blocks[0]);
    cm_fetch_memo_init(&f, &r, 6, 12);
    cm_fetch_block(m, &f);
    cm_fetch_block(m, &f);
    assert_int_equal(f.gen, 0);
    cm_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_refs_default),
        cmocka_unit_test(test_same_as_refs_random),
        cmocka_unit_test(test_same_as_refs_lru),
        cmocka_unit_test(test_same_as_refs_pipt),
        cmocka_unit_test(test_same_as_refs_small),
        cmocka_unit_test(test_same_as_refs_short_lines),
        cmocka_unit_test(test_same_as_refs_long_lines),
        cmocka_unit_test(test_same_as_refs_one_tlb_entry),
        cmocka_unit_test(test_same_as_refs_few_reports),
        cmocka_unit_test(test_same_as_refs_no_checker),
        cmocka_unit_test(test_same_as_refs_timing),
        cmocka_unit_test(test_second_run_is_remembered),
        cmocka_unit_test(test_write_to_code_reports_every_run),
        cmocka_unit_test(test_not_remembered),
    };
    return cmocka_run_group_tests_name("cachemodel: blocks of code (cm_fetch_block)", tests, NULL,
                                       NULL);
}
