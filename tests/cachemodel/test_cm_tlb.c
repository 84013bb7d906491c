/*
 * test_cm_tlb.c: the main TLB model (2 ways x 32 sets, round-robin refill): hits,
 * misses charged a 30-cycle walk, invalidate all and by MVA, mixed page sizes.
 */
#include "cm_test.h"

static uint32_t tlb(cm_model *m, uint32_t va, unsigned page_log2)
{
    cm_ref r = ref(CM_READ, va, va, CM_ATTR_WB);
    return cm_tlb_access(m, &r, page_log2);
}

static void test_tlb_hit_and_miss(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    assert_int_equal(tlb(m, 0x00001000, 12), 30);
    assert_int_equal(tlb(m, 0x00001FFC, 12), 0); /* same 4 KB page */
    assert_int_equal(tlb(m, 0x00002000, 12), 30);
    struct cm_stats s = stats(m);
    assert_int_equal(s.tlb_hits, 1);
    assert_int_equal(s.tlb_misses, 2);
    assert_int_equal(s.tlb_cycles, 60);
    assert_int_equal(s.cycles, 60);
    assert_int_equal(cm_cycles(m), 60);
    cm_model_free(m);
}

/* Pages 0x01, 0x21, 0x41 share set 1: the third evicts way 0 (page 0x01). */
static void test_tlb_two_ways_round_robin(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    tlb(m, 0x01000, 12);
    tlb(m, 0x21000, 12);
    assert_int_equal(tlb(m, 0x41000, 12), 30);
    assert_int_equal(tlb(m, 0x21000, 12), 0);
    assert_int_equal(tlb(m, 0x01000, 12), 30); /* was evicted; now evicts way 1 (0x21) */
    assert_int_equal(tlb(m, 0x41000, 12), 0);
    assert_int_equal(tlb(m, 0x21000, 12), 30);
    cm_model_free(m);
}

static void test_tlb_invalidate(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    tlb(m, 0x1000, 12);
    tlb(m, 0x2000, 12);
    tlb(m, 0x80000000, 20); /* a 1 MB section */
    assert_int_equal(tlb(m, 0x800FF000, 20), 0);
    assert_int_equal(op(m, CM_TLB_INV_MVA, 0x1abc), 1);
    assert_int_equal(tlb(m, 0x1000, 12), 30);
    assert_int_equal(tlb(m, 0x2000, 12), 0);
    op(m, CM_TLB_INV_MVA, 0x80012345); /* anywhere in the section */
    assert_int_equal(tlb(m, 0x80000000, 20), 30);
    assert_int_equal(op(m, CM_TLB_INV_ALL, 0), 1);
    assert_int_equal(tlb(m, 0x1000, 12), 30);
    assert_int_equal(tlb(m, 0x2000, 12), 30);
    struct cm_stats s = stats(m);
    assert_int_equal(s.refs[CM_TLB_INV_MVA], 2);
    assert_int_equal(s.refs[CM_TLB_INV_ALL], 1);
    cm_model_free(m);
}

/* A walk is a bus read: it waits for buffered writes to drain first. */
static void test_tlb_walk_waits_for_bus(void **state)
{
    (void)state;
    cm_model *m = MODEL("timing.drain_word=10");
    acc(m, CM_WRITE, 0x3000, 0x3000, CM_ATTR_NCB); /* drains until cycle 10 */
    assert_int_equal(tlb(m, 0x5000, 12), 9 + 30);
    cm_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tlb_hit_and_miss),
        cmocka_unit_test(test_tlb_two_ways_round_robin),
        cmocka_unit_test(test_tlb_invalidate),
        cmocka_unit_test(test_tlb_walk_waits_for_bus),
    };
    return cmocka_run_group_tests_name("cachemodel: TLB", tests, NULL, NULL);
}
