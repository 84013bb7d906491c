/*
 * test_cm_maint.c: every CP15 c7 maintenance operation as a reference type.
 *
 * Geometry: 4 KB, 4-way, 32-byte lines (32 sets; set index = address bits [9:5]).
 * A clean of a dirty line costs maint_line (1) + its write-back (8 half / 12 full) on an
 * idle bus; invalidating a whole cache costs maint_all (1).
 */
#include "cm_test.h"

#define TINY "cache.size_d=4K", "cache.size_i=4K"

static int valid(cm_model *m, uint32_t a)
{
    return dline(m, a) >= 0;
}

static void test_invalidate_d_all_discards_dirty(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    rd(m, 0x000);
    wr(m, 0x000);
    rd(m, 0x020);
    acc(m, CM_IFETCH, 0x100, 0x100, CM_ATTR_WB);
    assert_int_equal(op(m, CM_INV_D_ALL, 0), 1);
    assert_false(valid(m, 0x000));
    assert_false(valid(m, 0x020));
    assert_int_equal(m->dc.ndirty, 0);
    assert_true(cm_lookup(&m->ic, 0x100) >= 0); /* I-cache kept */
    struct cm_stats s = stats(m);
    assert_int_equal(s.dcache.wb_full + s.dcache.wb_half, 0);
    assert_int_equal(s.dcache.access[CM_INV_D_ALL], 1);
    cm_model_free(m);
}

static void test_invalidate_i_all_and_both(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    acc(m, CM_IFETCH, 0x100, 0x100, CM_ATTR_WB);
    rd(m, 0x200);
    assert_int_equal(op(m, CM_INV_I_ALL, 0), 1);
    assert_int_equal(cm_lookup(&m->ic, 0x100), -1);
    assert_true(valid(m, 0x200));
    acc(m, CM_IFETCH, 0x100, 0x100, CM_ATTR_WB);
    op(m, CM_INV_IDC_ALL, 0);
    assert_int_equal(cm_lookup(&m->ic, 0x100), -1);
    assert_false(valid(m, 0x200));
    struct cm_stats s = stats(m);
    assert_int_equal(s.icache.access[CM_INV_IDC_ALL], 1);
    assert_int_equal(s.dcache.access[CM_INV_IDC_ALL], 1);
    assert_int_equal(s.refs[CM_INV_IDC_ALL], 1);
    cm_model_free(m);
}

static void test_invalidate_i_by_mva(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    acc(m, CM_IFETCH, 0x100, 0x100, CM_ATTR_WB);
    acc(m, CM_IFETCH, 0x500, 0x500, CM_ATTR_WB);     /* same set, next way */
    assert_int_equal(op(m, CM_INV_I_MVA, 0x104), 1); /* any address in the line */
    assert_int_equal(cm_lookup(&m->ic, 0x100), -1);
    assert_true(cm_lookup(&m->ic, 0x500) >= 0);
    op(m, CM_INV_I_MVA, 0x900); /* not resident */
    struct cm_stats s = stats(m);
    assert_int_equal(s.icache.access[CM_INV_I_MVA], 2);
    assert_int_equal(s.icache.miss[CM_INV_I_MVA], 1);
    cm_model_free(m);
}

static void test_invalidate_d_by_mva_discards(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    rd(m, 0x000);
    wr(m, 0x008);
    rd(m, 0x400);
    wr(m, 0x400);
    assert_int_equal(op(m, CM_INV_D_MVA, 0x01C), 1);
    assert_false(valid(m, 0x000));
    assert_true(valid(m, 0x400));
    assert_int_equal(m->dc.ndirty, 1);
    assert_int_equal(stats(m).dcache.wb_half + stats(m).dcache.wb_full, 0);
    cm_model_free(m);
}

static void test_clean_d_by_mva_keeps_line(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    rd(m, 0x000);
    wr(m, 0x000);
    wr(m, 0x01C);
    cm_advance(m, IDLE);
    assert_int_equal(op(m, CM_CLEAN_D_MVA, 0x000), 1 + 12);
    assert_true(valid(m, 0x000));
    assert_int_equal(m->dc.dirty[dline(m, 0x000)], 0);
    assert_int_equal(op(m, CM_CLEAN_D_MVA, 0x000), 1); /* clean already: no write-back */
    assert_int_equal(op(m, CM_CLEAN_D_MVA, 0x800), 1); /* absent */
    struct cm_stats s = stats(m);
    assert_int_equal(s.dcache.wb_full, 1);
    assert_int_equal(s.dcache.access[CM_CLEAN_D_MVA], 3);
    assert_int_equal(s.dcache.miss[CM_CLEAN_D_MVA], 1);
    assert_int_equal(rd(m, 0x004), 1); /* still a hit */
    cm_model_free(m);
}

/* Set/way Rd: way in bits [31:30] (4 ways), set from bit 5 (32-byte lines). */
static void test_setway_encoding(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    assert_int_equal(cm_setway(m, 127, 3), 0xC0000FE0u);
    assert_int_equal(cm_setway(m, 1, 1), 0x40000020u);
    cm_model_free(m);
}

static void test_clean_d_by_setway(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    rd(m, 0x020); /* set 1, way 0 */
    rd(m, 0x420); /* set 1, way 1 */
    wr(m, 0x420);
    cm_advance(m, IDLE);
    assert_int_equal(op(m, CM_CLEAN_D_SETWAY, cm_setway(m, 1, 0)), 1); /* way 0 is clean */
    assert_int_equal(op(m, CM_CLEAN_D_SETWAY, cm_setway(m, 1, 1)), 1 + 8);
    assert_true(valid(m, 0x420));
    assert_int_equal(m->dc.ndirty, 0);
    op(m, CM_CLEAN_D_SETWAY, cm_setway(m, 1, 3)); /* invalid way */
    struct cm_stats s = stats(m);
    assert_int_equal(s.dcache.wb_half, 1);
    assert_int_equal(s.dcache.miss[CM_CLEAN_D_SETWAY], 1);
    cm_model_free(m);
}

static void test_clean_invalidate_d_by_mva_and_setway(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    rd(m, 0x040);
    wr(m, 0x040);
    rd(m, 0x060); /* set 3, way 0 */
    wr(m, 0x070);
    cm_advance(m, IDLE);
    assert_int_equal(op(m, CM_CLEAN_INV_D_MVA, 0x040), 1 + 8);
    assert_false(valid(m, 0x040));
    assert_int_equal(op(m, CM_CLEAN_INV_D_SETWAY, cm_setway(m, 3, 0)), 1 + 8);
    assert_false(valid(m, 0x060));
    struct cm_stats s = stats(m);
    assert_int_equal(s.dcache.wb_half, 2);
    assert_int_equal(m->dc.ndirty, 0);
    cm_model_free(m);
}

/* Three dirty lines (sets 0, 1, 2) and one clean (set 3): the test-and-clean loop runs
 * three times, each cleaning one line (1 + 8 for a dirty half, 1 + 12 for both), and the
 * third call sets Z. Lines stay valid. */
static void test_test_and_clean_loop(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    rd(m, 0x000), wr(m, 0x000);
    rd(m, 0x020), wr(m, 0x020), wr(m, 0x030);
    rd(m, 0x040), wr(m, 0x050);
    rd(m, 0x060);
    cm_advance(m, IDLE);
    cm_ref tc = ref(CM_TEST_CLEAN_D, 0, 0, 0);
    const uint32_t expect[3] = {1 + 8, 1 + 12, 1 + 8};
    unsigned calls = 0;
    do {
        assert_true(calls < 3);
        assert_int_equal(cm_access(m, &tc), expect[calls]);
        calls++;
        cm_advance(m, IDLE);
    } while (!cm_test_z(m));
    assert_int_equal(calls, 3);
    assert_int_equal(m->dc.ndirty, 0);
    assert_true(valid(m, 0x000) && valid(m, 0x020) && valid(m, 0x040) && valid(m, 0x060));
    /* A clean cache: one call, Z at once. */
    assert_int_equal(cm_access(m, &tc), 1);
    assert_true(cm_test_z(m));
    assert_int_equal(stats(m).dcache.access[CM_TEST_CLEAN_D], 4);
    cm_model_free(m);
}

/* Test, clean and invalidate: the same loop; the call that leaves no dirty line also
 * invalidates the whole D-cache (+ maint_all). */
static void test_test_clean_invalidate_loop(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    rd(m, 0x000), wr(m, 0x000);
    rd(m, 0x020), wr(m, 0x020);
    rd(m, 0x060);
    cm_advance(m, IDLE);
    cm_ref tc = ref(CM_TEST_CLEAN_INV_D, 0, 0, 0);
    assert_int_equal(cm_access(m, &tc), 1 + 8);
    assert_false(cm_test_z(m));
    assert_true(valid(m, 0x060));
    cm_advance(m, IDLE);
    assert_int_equal(cm_access(m, &tc), 1 + 8 + 1);
    assert_true(cm_test_z(m));
    assert_false(valid(m, 0x000) || valid(m, 0x020) || valid(m, 0x060));
    assert_int_equal(stats(m).dcache.wb_half, 2);
    cm_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalidate_d_all_discards_dirty),
        cmocka_unit_test(test_invalidate_i_all_and_both),
        cmocka_unit_test(test_invalidate_i_by_mva),
        cmocka_unit_test(test_invalidate_d_by_mva_discards),
        cmocka_unit_test(test_clean_d_by_mva_keeps_line),
        cmocka_unit_test(test_setway_encoding),
        cmocka_unit_test(test_clean_d_by_setway),
        cmocka_unit_test(test_clean_invalidate_d_by_mva_and_setway),
        cmocka_unit_test(test_test_and_clean_loop),
        cmocka_unit_test(test_test_clean_invalidate_loop),
    };
    return cmocka_run_group_tests_name("cachemodel: maintenance", tests, NULL, NULL);
}
