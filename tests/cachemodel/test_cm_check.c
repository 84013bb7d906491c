/*
 * test_cm_check.c: the coherence checker. Reports are counted by hand in each test.
 *
 * The scene: one physical page, PA 0x5000, mapped twice write-back, at VA 0x10000 by
 * context 1 (alias A) and at VA 0x20000 by context 2 (alias B). In the 16 KB, 4-way
 * D-cache both VAs index set 0 with different tags, so both lines can be resident.
 */
#include "cm_test.h"

#define PA 0x5000u
#define VA_A 0x10000u
#define VA_B 0x20000u
#define VA_U 0xA0005000u /* an uncached alias of the same page */

static uint32_t as(cm_model *m, unsigned type, uint32_t va, uint32_t pa, unsigned attrs,
                   uint16_t ctx, uint32_t pc)
{
    cm_ref r = ref(type, va, pa, attrs);
    r.ctx = ctx;
    r.pc = pc;
    return cm_access(m, &r);
}

/* Alias A (ctx 1) and B (ctx 2), word `off` of the page, write-back. */
#define RA(off, pc) as(m, CM_READ, VA_A + (off), PA + (off), CM_ATTR_WB, 1, pc)
#define WA(off, pc) as(m, CM_WRITE, VA_A + (off), PA + (off), CM_ATTR_WB, 1, pc)
#define RB(off, pc) as(m, CM_READ, VA_B + (off), PA + (off), CM_ATTR_WB, 2, pc)
#define WB(off, pc) as(m, CM_WRITE, VA_B + (off), PA + (off), CM_ATTR_WB, 2, pc)
#define OPA(type) as(m, type, VA_A, PA, 0, 1, 0x900)
#define OPB(type) as(m, type, VA_B, PA, 0, 2, 0x900)

static uint64_t total_count(cm_model *m, unsigned kind)
{
    uint64_t n = 0;
    for (size_t i = 0; i < cm_diag_count(m); i++)
        if (cm_diag_get(m, i)->kind == kind)
            n += cm_diag_get(m, i)->count;
    return n;
}

/*
 * Write through A, read through B:
 *   RB(0) @0x204 stale (B's line holds version 0, A's holds 1)          1
 *   RB(4) @0x204 fine (word 1 was never written)
 *   RB(0) @0x204 stale                                                  2
 *   clean A: memory now has it, but B's line is still old: RB(0) stale  3
 *   RB(0) @0x208 stale, another PC: a second diagnostic                 4
 *   invalidate B, RB(0) @0x204: refilled from memory, fine
 * => 4 stale reads in 2 diagnostics (counts 3 and 1).
 */
static void test_stale_read_through_cached_alias(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    RA(0, 0x100);
    RB(0, 0x200);
    WA(0, 0x104);
    RB(0, 0x204);
    RB(4, 0x204);
    RB(0, 0x204);
    RA(0, 0x108);
    OPA(CM_CLEAN_D_MVA);
    RB(0, 0x204);
    RB(0, 0x208);
    OPB(CM_INV_D_MVA);
    RB(0, 0x204);
    assert_int_equal(cm_diag_count(m), 2);
    assert_int_equal(total_count(m, CM_DIAG_STALE_READ), 4);
    const struct cm_diag *d = cm_diag_get(m, 0);
    assert_int_equal(d->kind, CM_DIAG_STALE_READ);
    assert_int_equal(d->count, 3);
    assert_int_equal(d->va, VA_B);
    assert_int_equal(d->pa, PA);
    assert_int_equal(d->pc, 0x204);
    assert_int_equal(d->ctx, 2);
    assert_true(d->other_known);
    assert_int_equal(d->other_va, VA_A);
    assert_int_equal(d->other_ctx, 1);
    assert_non_null(strstr(d->message, "0x00010000"));
    assert_int_equal(cm_diag_get(m, 1)->pc, 0x208);
    assert_int_equal(cm_diag_get(m, 1)->count, 1);
    cm_model_free(m);
}

/* The same references, physically tagged: one line, nothing stale. */
static void test_pipt_same_sequence_is_clean(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K", "cache.tags=pipt");
    RA(0, 0x100);
    RB(0, 0x200);
    WA(0, 0x104);
    RB(0, 0x204);
    RB(4, 0x204);
    RB(0, 0x204);
    assert_int_equal(cm_diag_count(m), 0);
    assert_int_equal(stats(m).dcache.fills, 1);
    cm_model_free(m);
}

/*
 * Both aliases dirty in the same half: A wrote word 0, B wrote word 1. Cleaning A puts
 * word 0 (version 1) in memory; cleaning B then writes its whole low half back,
 * including its old word 0 (version 0) over the newer one: 1 write-back overwrite
 * (1 word). An uncached read of word 0 afterwards gets that old data: 1 stale read.
 */
static void test_writeback_overwrites_newer(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    RA(0, 0x100);
    RB(0, 0x200);
    WA(0, 0x104);
    WB(4, 0x204);
    OPA(CM_CLEAN_D_MVA);
    as(m, CM_CLEAN_D_MVA, VA_B, PA, 0, 2, 0x300);
    as(m, CM_READ, VA_U, PA, CM_ATTR_NCB, 3, 0x400);
    assert_int_equal(cm_diag_count(m), 2);
    const struct cm_diag *d = cm_diag_get(m, 0);
    assert_int_equal(d->kind, CM_DIAG_WB_OVERWRITE);
    assert_int_equal(d->count, 1);
    assert_int_equal(d->pa, PA);
    assert_int_equal(d->va, VA_B);
    assert_int_equal(d->ctx, 2);
    assert_int_equal(d->pc, 0x300);
    assert_int_equal(d->other_va, VA_A);
    assert_int_equal(d->other_ctx, 1);
    assert_non_null(strstr(d->message, "1 newer word"));
    d = cm_diag_get(m, 1);
    assert_int_equal(d->kind, CM_DIAG_STALE_READ);
    assert_int_equal(d->va, VA_U);
    assert_non_null(strstr(d->message, "uncached read"));
    cm_model_free(m);
}

/* The eviction of a dirty alias line is a write-back too (round-robin in a full set). */
static void test_eviction_overwrite(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    RB(0, 0x200);                                     /* set 0, way 0 */
    WB(4, 0x204);                                     /* B dirty, holds word 0 at version 0 */
    as(m, CM_WRITE, VA_U, PA, CM_ATTR_NCB, 3, 0x400); /* uncached write of word 0 */
    for (uint32_t i = 1; i <= 4; i++)                 /* fill set 0, then evict way 0 */
        rd(m, 0x40000 + i * 0x1000);
    assert_int_equal(total_count(m, CM_DIAG_WB_OVERWRITE), 1);
    assert_int_equal(cm_diag_get(m, 0)->other_va, VA_U);
    assert_int_equal(cm_diag_get(m, 0)->other_ctx, 3);
    cm_model_free(m);
}

/* A kernel doing its VIVT duties: clean+invalidate the writer's alias, invalidate the
 * reader's, drain; or the whole-cache test-clean-invalidate loop. No report. */
static void test_correct_maintenance_no_reports(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    RA(0, 0x100);
    RB(0, 0x200);
    for (uint32_t off = 0; off < 32; off += 4)
        WA(off, 0x104);
    OPA(CM_CLEAN_INV_D_MVA);
    OPA(CM_DRAIN_WB);
    OPB(CM_INV_D_MVA);
    for (uint32_t off = 0; off < 32; off += 4)
        RB(off, 0x204);
    WB(8, 0x208);
    OPB(CM_CLEAN_INV_D_MVA);
    RA(8, 0x108);
    /* K1: whole cache at an address-space switch */
    WA(12, 0x10c);
    cm_ref tci = ref(CM_TEST_CLEAN_INV_D, 0, 0, 0);
    do
        cm_access(m, &tci);
    while (!cm_test_z(m));
    RB(12, 0x20c);
    RA(12, 0x110);
    assert_int_equal(cm_diag_count(m), 0);
    cm_model_free(m);
}

/* Shared aliases made uncached (Linux's fix, C=0 B=1, or C=0 B=0): nothing to report. */
static void test_uncached_aliases_no_reports(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    for (uint32_t i = 0; i < 64; i++) {
        uint32_t off = (i * 4) % 64;
        as(m, CM_WRITE, VA_A + off, PA + off, i & 1 ? CM_ATTR_NCB : CM_ATTR_NCNB, 1, 0x100);
        as(m, CM_READ, VA_B + off, PA + off, CM_ATTR_NCB, 2, 0x200);
        as(m, CM_READ, VA_A + off, PA + off, CM_ATTR_NCNB, 1, 0x104);
    }
    assert_int_equal(cm_diag_count(m), 0);
    cm_model_free(m);
}

/* A cached line that missed a write made through an uncached alias: 1 stale read. */
static void test_cached_line_misses_uncached_write(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    as(m, CM_WRITE, VA_U, PA, CM_ATTR_NCB, 3, 0x400);
    RA(0, 0x100); /* fills after the write: fine */
    RA(0, 0x100);
    as(m, CM_WRITE, VA_U, PA, CM_ATTR_NCB, 3, 0x404);
    RA(0, 0x104); /* hit on the old line: stale */
    assert_int_equal(cm_diag_count(m), 1);
    assert_int_equal(cm_diag_get(m, 0)->pc, 0x104);
    assert_int_equal(cm_diag_get(m, 0)->other_va, VA_U);
    cm_model_free(m);
}

/* Ordinary single-mapping use, with every page attribute, evictions, write-through and
 * uncached pages, fetches from code pages: 50000 seeded random references, no report. */
static void test_single_mapping_random_no_reports(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=4K", "cache.size_i=4K");
    static const uint8_t attrs[4] = {CM_ATTR_WB, CM_ATTR_WT, CM_ATTR_NCB, CM_ATTR_NCNB};
    uint32_t x = 12345;
    for (int i = 0; i < 50000; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        uint32_t pa = 0x100000 + (x % (16 * 4096)) / 4 * 4; /* 16 pages */
        uint32_t page = (pa >> 12) & 15;
        unsigned type = (x >> 24) % 3 == 0 ? CM_WRITE : CM_READ;
        as(m, type, pa + 0x80000000u, pa, attrs[page & 3], (uint16_t)(page & 1), 0x100);
        if (i % 7 == 0) /* code in a page nobody writes */
            as(m, CM_IFETCH, 0x80010000u + (x % 8192) / 4 * 4, 0x10000 + (x % 8192) / 4 * 4,
               CM_ATTR_WB, 0, 0x100);
    }
    assert_int_equal(cm_diag_count(m), 0);
    assert_true(stats(m).dcache.wb_full + stats(m).dcache.wb_half > 0);
    cm_model_free(m);
}

/* Code written through the D-cache: fetching it without cleaning D and invalidating I
 * is a stale fetch; with both, nothing. */
static void test_code_write_needs_clean_and_invalidate(void **state)
{
    (void)state;
    for (int correct = 0; correct < 2; correct++) {
        cm_model *m = MODEL("cache.size_d=16K");
        as(m, CM_IFETCH, 0x8000, 0x8000, CM_ATTR_WB, 0, 0x8000); /* old code in I */
        as(m, CM_READ, 0x80008000, 0x8000, CM_ATTR_WB, 0, 0x100);
        as(m, CM_WRITE, 0x80008000, 0x8000, CM_ATTR_WB, 0, 0x104); /* new code in D */
        if (correct) {
            as(m, CM_CLEAN_D_MVA, 0x80008000, 0x8000, 0, 0, 0x108);
            as(m, CM_INV_I_MVA, 0x8000, 0x8000, 0, 0, 0x10c);
        }
        as(m, CM_IFETCH, 0x8000, 0x8000, CM_ATTR_WB, 0, 0x8000);
        assert_int_equal(cm_diag_count(m), correct ? 0 : 1);
        if (!correct)
            assert_non_null(strstr(cm_diag_get(m, 0)->message, "instruction fetch"));
        cm_model_free(m);
    }
}

/* DMA: a line that missed a DMA write is stale until invalidated; a DMA read of memory
 * under a dirty line is stale until cleaned; a dirty line written back over DMA data. */
static void test_dma(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    RA(0, 0x100);
    cm_dma_write(m, PA, 32);
    RA(0, 0x104); /* stale 1 */
    OPA(CM_INV_D_MVA);
    RA(0, 0x108); /* refilled: fine */
    WA(4, 0x10c);
    cm_dma_read(m, PA, 32); /* word 1 is newer in the cache: dma-stale 1 */
    OPA(CM_CLEAN_D_MVA);
    cm_dma_read(m, PA, 32); /* fine */
    WA(8, 0x110);           /* dirty again (low half) */
    cm_dma_write(m, PA + 12, 4);
    OPA(CM_CLEAN_D_MVA); /* half written back over the DMA word 3: overwrite 1 */
    assert_int_equal(total_count(m, CM_DIAG_STALE_READ), 1);
    assert_int_equal(total_count(m, CM_DIAG_DMA_STALE), 1);
    assert_int_equal(total_count(m, CM_DIAG_WB_OVERWRITE), 1);
    const struct cm_diag *d = cm_diag_get(m, 0);
    assert_int_equal(d->other_ctx, CM_CTX_DMA);
    assert_non_null(strstr(d->message, "DMA"));
    cm_model_free(m);
}

/* No address-space id: ctx 2's VA 0x10000 (PA 0x9000) hits ctx 1's line (PA 0x5000). */
static void test_homonym_after_unflushed_switch(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    as(m, CM_READ, VA_A, PA, CM_ATTR_WB, 1, 0x100);
    as(m, CM_IFETCH, VA_A + 0x100, PA + 0x100, CM_ATTR_WB, 1, VA_A + 0x100);
    as(m, CM_READ, VA_A, 0x9000, CM_ATTR_WB, 2, 0x200);
    as(m, CM_WRITE, VA_A + 4, 0x9004, CM_ATTR_WB, 2, 0x204);
    as(m, CM_IFETCH, VA_A + 0x100, 0x9100, CM_ATTR_WB, 2, VA_A + 0x100);
    assert_int_equal(cm_diag_count(m), 3);
    assert_int_equal(total_count(m, CM_DIAG_HOMONYM), 3);
    const struct cm_diag *d = cm_diag_get(m, 0);
    assert_int_equal(d->ctx, 2);
    assert_int_equal(d->pa, 0x9000);
    assert_int_equal(d->other_pa, PA);
    assert_int_equal(d->other_ctx, 1);
    /* The write landed in ctx 1's line: PA 0x5004 has a new version, 0x9004 none. */
    assert_int_equal(cm_check_latest(m, PA + 4), 1);
    assert_int_equal(cm_check_latest(m, 0x9004), 0);
    cm_model_free(m);
}

static unsigned hook_calls;

static void hook(void *opaque, const struct cm_diag *d)
{
    (void)d;
    assert_ptr_equal(opaque, &hook_calls);
    hook_calls++;
}

/* A loop of 1000 stale reads at one PC is one diagnostic with count 1000; with room for
 * two diagnostics, a third distinct finding is dropped and counted. */
static void test_dedup_and_cap(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K", "check.max_reports=2");
    hook_calls = 0;
    cm_set_diag_hook(m, hook, &hook_calls);
    RA(0, 0x100);
    RB(0, 0x200);
    WA(0, 0x104);
    for (int i = 0; i < 1000; i++)
        RB(0, 0x204);
    RB(0, 0x208);
    RB(0, 0x20c);
    RB(0, 0x20c);
    assert_int_equal(cm_diag_count(m), 2);
    assert_int_equal(cm_diag_get(m, 0)->count, 1000);
    assert_int_equal(cm_diag_dropped(m), 2);
    assert_int_equal(hook_calls, 2);
    cm_model_free(m);
}

/* Versions count per word; at 2^32 - 1 a word's copies are relabelled in order. */
static void test_version_wrap(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    RA(0, 0x100);
    RB(0, 0x200);
    cm_check_force_latest(m, PA, UINT32_MAX - 1u); /* every copy at MAX - 1 */
    WA(0, 0x104);                                  /* A: MAX */
    RB(0, 0x204);                                  /* stale 1 */
    WA(0, 0x108);                                  /* wraps: relabel, then A: 2 */
    assert_int_equal(cm_check_latest(m, PA), 2);
    RB(0, 0x204); /* stale 2 */
    RA(0, 0x10c); /* fine */
    OPA(CM_CLEAN_D_MVA);
    OPB(CM_INV_D_MVA);
    RB(0, 0x204); /* fine */
    assert_int_equal(cm_check_memory(m, PA), 2);
    assert_int_equal(total_count(m, CM_DIAG_STALE_READ), 2);
    assert_int_equal(total_count(m, CM_DIAG_WB_OVERWRITE), 0);
    cm_model_free(m);
}

/* Shadow pages exist only for pages written (reads see a shared zero page). */
static void test_shadow_is_bounded(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    for (uint32_t p = 0; p < 100; p++)
        rd(m, 0x100000 + p * 4096);
    assert_int_equal(cm_check_pages(m), 0);
    wr(m, 0x100000);
    wr(m, 0x100004);
    wr(m, 0x200000);
    acc(m, CM_WRITE, 0x300000, 0x300000, CM_ATTR_NCNB);
    assert_int_equal(cm_check_pages(m), 3);
    cm_model_free(m);
}

static void test_checker_off(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K", "check.coherence=0");
    RA(0, 0x100);
    RB(0, 0x200);
    WA(0, 0x104);
    RB(0, 0x204);
    cm_dma_write(m, PA, 4);
    assert_int_equal(cm_diag_count(m), 0);
    assert_null(cm_diag_get(m, 0));
    cm_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stale_read_through_cached_alias),
        cmocka_unit_test(test_pipt_same_sequence_is_clean),
        cmocka_unit_test(test_writeback_overwrites_newer),
        cmocka_unit_test(test_eviction_overwrite),
        cmocka_unit_test(test_correct_maintenance_no_reports),
        cmocka_unit_test(test_uncached_aliases_no_reports),
        cmocka_unit_test(test_cached_line_misses_uncached_write),
        cmocka_unit_test(test_single_mapping_random_no_reports),
        cmocka_unit_test(test_code_write_needs_clean_and_invalidate),
        cmocka_unit_test(test_dma),
        cmocka_unit_test(test_homonym_after_unflushed_switch),
        cmocka_unit_test(test_dedup_and_cap),
        cmocka_unit_test(test_version_wrap),
        cmocka_unit_test(test_shadow_is_bounded),
        cmocka_unit_test(test_checker_off),
    };
    return cmocka_run_group_tests_name("cachemodel: coherence checker", tests, NULL, NULL);
}
