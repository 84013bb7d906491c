/*
 * test_cm_policy.c: write policies chosen per access by C/B, and the cycle model.
 *
 * Every figure is hand-computed from the defaults listed in cm_test.h. The model's clock
 * starts at 0 and the bus is idle; cm_advance(IDLE) lets queued transfers finish.
 */
#include "cm_test.h"

#define TINY "cache.size_d=4K", "cache.size_i=4K"

static void test_read_and_fetch_cycles(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    assert_int_equal(rd(m, 0x0), 1 + 14); /* hit + critical word */
    assert_int_equal(rd(m, 0x4), 1);
    /* Back to back: the first fill holds the bus for 30 cycles from cycle 0, the second
     * miss starts at cycle 16 and waits 14 of them: 1 + 14 + 14. */
    assert_int_equal(rd(m, 0x20), 1 + 14 + 14);
    cm_advance(m, IDLE);
    assert_int_equal(acc(m, CM_IFETCH, 0x100, 0x100, CM_ATTR_WB), 1 + 14); /* issue + miss */
    assert_int_equal(acc(m, CM_IFETCH, 0x104, 0x104, CM_ATTR_WB), 1);
    cm_advance(m, IDLE);
    assert_int_equal(acc(m, CM_IFETCH, 0x900, 0x900, CM_ATTR_NCB), 1 + 14); /* uncached */
    struct cm_stats s = stats(m);
    assert_int_equal(s.uncached_reads, 1);
    assert_int_equal(s.bus_wait_cycles, 14);
    assert_int_equal(s.cycles, cm_cycles(m) - 2u * IDLE);
    cm_model_free(m);
}

/* An LDM of 8 words from an uncached page is 8 bus transfers: 8 x 14. From a cached
 * page it is one fill (1 + 14) and 7 hits. An LDRD uncached is 2 x 14. */
static void test_uncached_ldm_costs_8x(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    uint32_t unc = 0, cached = 0;
    for (uint32_t i = 0; i < 8; i++)
        unc += acc(m, CM_READ, 0x2000 + 4 * i, 0x2000 + 4 * i, CM_ATTR_NCB);
    assert_int_equal(unc, 8 * 14);
    cm_advance(m, IDLE);
    for (uint32_t i = 0; i < 8; i++)
        cached += rd(m, 0x3000 + 4 * i);
    assert_int_equal(cached, 15 + 7);
    cm_advance(m, IDLE);
    cm_ref d = ref(CM_READ, 0x2100, 0x2100, CM_ATTR_NCNB);
    d.size = 8;
    assert_int_equal(cm_access(m, &d), 2 * 14);
    struct cm_stats s = stats(m);
    assert_int_equal(s.uncached_reads, 9);
    assert_int_equal(s.uncached_read_cycles, 8 * 14 + 28);
    assert_int_equal(s.dcache.access[CM_READ], 8); /* uncached reads skip the cache */
    cm_model_free(m);
}

/* Eight stores to one resident line: write-back keeps them in the line (dirty, nothing
 * on the bus), write-through sends all eight through the write buffer. */
static void test_write_back_vs_write_through(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    rd(m, 0x1000);
    acc(m, CM_READ, 0x2000, 0x2000, CM_ATTR_WT);
    for (uint32_t i = 0; i < 8; i++)
        assert_int_equal(wr(m, 0x1000 + 4 * i), 1);
    struct cm_stats s = stats(m);
    assert_int_equal(s.buffered_writes, 0);
    assert_int_equal(m->dc.dirty[dline(m, 0x1000)], 3);
    for (uint32_t i = 0; i < 8; i++)
        assert_int_equal(acc(m, CM_WRITE, 0x2000 + 4 * i, 0x2000 + 4 * i, CM_ATTR_WT), 1);
    s = stats(m);
    assert_int_equal(s.buffered_writes, 8);
    assert_int_equal(m->dc.dirty[dline(m, 0x2000)], 0);
    assert_int_equal(s.dcache.miss[CM_WRITE], 0);
    /* Cleaning both: only the write-back line moves data. */
    op(m, CM_CLEAN_D_MVA, 0x1000);
    op(m, CM_CLEAN_D_MVA, 0x2000);
    s = stats(m);
    assert_int_equal(s.dcache.wb_full, 1);
    assert_int_equal(s.dcache.wb_half, 0);
    cm_model_free(m);
}

/* Write misses do not allocate: they go to memory through the write buffer. */
static void test_write_miss_no_allocate(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    assert_int_equal(wr(m, 0x5000), 1);
    assert_int_equal(acc(m, CM_WRITE, 0x6000, 0x6000, CM_ATTR_WT), 1);
    struct cm_stats s = stats(m);
    assert_int_equal(s.dcache.miss[CM_WRITE], 2);
    assert_int_equal(s.dcache.fills, 0);
    assert_int_equal(s.buffered_writes, 2);
    assert_int_equal(s.uncached_writes, 0);
    assert_int_equal(dline(m, 0x5000), -1);
    cm_model_free(m);
}

/* Two dirty bits a line: a clean writes back 4 words (8 cycles) when one half is dirty,
 * 8 words (12 cycles) when both are. Each clean is 1 + its write-back on an idle bus. */
static void test_half_line_writebacks(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    rd(m, 0x000);
    wr(m, 0x004); /* low half (bytes 0-15) */
    rd(m, 0x020);
    wr(m, 0x024);
    wr(m, 0x030); /* both halves */
    rd(m, 0x040);
    wr(m, 0x05C); /* high half only */
    assert_int_equal(m->dc.dirty[dline(m, 0x000)], 1);
    assert_int_equal(m->dc.dirty[dline(m, 0x020)], 3);
    assert_int_equal(m->dc.dirty[dline(m, 0x040)], 2);
    cm_advance(m, IDLE);
    assert_int_equal(op(m, CM_CLEAN_D_MVA, 0x000), 1 + 8);
    assert_int_equal(op(m, CM_CLEAN_D_MVA, 0x020), 1 + 12);
    cm_advance(m, IDLE);
    assert_int_equal(op(m, CM_CLEAN_D_MVA, 0x040), 1 + 8);
    struct cm_stats s = stats(m);
    assert_int_equal(s.dcache.wb_half, 2);
    assert_int_equal(s.dcache.wb_full, 1);
    cm_model_free(m);
}

/* A dirty victim goes out through the write-back buffer after the fill: free for the
 * miss that evicts it, 12 cycles more for a miss that follows at once. */
static void test_eviction_writeback_hidden_unless_miss_follows(void **state)
{
    (void)state;
    uint32_t second[2];
    for (int dirty = 0; dirty < 2; dirty++) {
        cm_model *m = MODEL(TINY);
        rd(m, 0x000);
        if (dirty) {
            wr(m, 0x000);
            wr(m, 0x010);
        }
        rd(m, 0x400);
        rd(m, 0x800);
        rd(m, 0xC00);
        cm_advance(m, IDLE);
        assert_int_equal(rd(m, 0x1000), 15); /* evicts 0x000 (round-robin way 0) */
        second[dirty] = rd(m, 0x020);        /* starts 15 cycles into the fill */
        assert_int_equal(stats(m).dcache.wb_full, (uint64_t)dirty);
        cm_model_free(m);
    }
    assert_int_equal(second[0], 1 + 15 + 14);
    assert_int_equal(second[1], 1 + 15 + 12 + 14);
}

/* Write buffer, 4 addresses: with timing.drain_word=10 each word takes 10 bus cycles.
 * Four scattered stores cost 1 each (drains done at 10, 20, 30, 40); the fifth, at cycle
 * 4, finds 4 addresses in use and waits for the first to drain at 10: 1 + 6. A drain
 * at cycle 11 then waits for the last word, done at 50: 1 + 39. */
static void test_write_buffer_full_and_drain(void **state)
{
    (void)state;
    cm_model *m = MODEL("timing.drain_word=10");
    for (uint32_t i = 0; i < 4; i++)
        assert_int_equal(acc(m, CM_WRITE, 0x3000 + 0x40 * i, 0x3000 + 0x40 * i, CM_ATTR_NCB), 1);
    assert_int_equal(acc(m, CM_WRITE, 0x3100, 0x3100, CM_ATTR_NCB), 1 + 6);
    assert_int_equal(cm_cycles(m), 11);
    assert_int_equal(op(m, CM_DRAIN_WB, 0), 1 + 39);
    assert_int_equal(op(m, CM_DRAIN_WB, 0), 1); /* already empty */
    struct cm_stats s = stats(m);
    assert_int_equal(s.wbuf_stalls, 1);
    assert_int_equal(s.wbuf_stall_cycles, 6);
    assert_int_equal(s.uncached_writes, 5);
    assert_int_equal(s.uncached_write_cycles, 4 + 7);
    assert_int_equal(s.refs[CM_DRAIN_WB], 2);
    cm_model_free(m);
}

/* Consecutive words merge into one address: 16 of them fit (16 words), the 17th waits
 * until the run has drained (16 x 10 cycles from cycle 0): 1 + (160 - 16). */
static void test_write_buffer_merges_runs(void **state)
{
    (void)state;
    cm_model *m = MODEL("timing.drain_word=10");
    for (uint32_t i = 0; i < 16; i++)
        assert_int_equal(acc(m, CM_WRITE, 0x4000 + 4 * i, 0x4000 + 4 * i, CM_ATTR_NCB), 1);
    assert_int_equal(acc(m, CM_WRITE, 0x4040, 0x4040, CM_ATTR_NCB), 1 + 144);
    cm_model_free(m);
}

/* C=0,B=0 stores stall for their own transfer and first for the buffer to drain:
 * three buffered stores at cycles 0, 1, 2 drain by cycle 6; the unbuffered store at
 * cycle 3 waits 3, then 14. */
static void test_unbuffered_write_waits(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    for (uint32_t i = 0; i < 3; i++)
        acc(m, CM_WRITE, 0x3000 + 0x40 * i, 0x3000 + 0x40 * i, CM_ATTR_NCB);
    assert_int_equal(acc(m, CM_WRITE, 0x7000, 0x7000, CM_ATTR_NCNB), 3 + 14);
    assert_int_equal(acc(m, CM_WRITE, 0x7004, 0x7004, CM_ATTR_NCNB), 14);
    struct cm_stats s = stats(m);
    assert_int_equal(s.bus_wait_cycles, 3);
    assert_int_equal(s.uncached_writes, 5);
    cm_model_free(m);
}

/* Uncached accesses never look at the cache, even when a line for the VA is resident. */
static void test_uncached_bypasses_resident_line(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    rd(m, 0x6000);
    cm_advance(m, IDLE);
    assert_int_equal(acc(m, CM_READ, 0x6000, 0x6000, CM_ATTR_NCNB), 14);
    assert_int_equal(acc(m, CM_WRITE, 0x6000, 0x6000, CM_ATTR_NCNB), 14);
    struct cm_stats s = stats(m);
    assert_int_equal(s.dcache.access[CM_READ], 1);
    assert_int_equal(s.dcache.access[CM_WRITE], 0);
    assert_int_equal(m->dc.dirty[dline(m, 0x6000)], 0);
    cm_model_free(m);
}

/* Parameters move the figures: the same miss with a 50-cycle critical word. */
static void test_timing_parameters_apply(void **state)
{
    (void)state;
    cm_model *m = MODEL("timing.line_fill=80", "timing.critical_word=50", "timing.hit=2",
                        "timing.uncached_read=20");
    assert_int_equal(rd(m, 0x0), 2 + 50);
    assert_int_equal(rd(m, 0x4), 2);
    cm_advance(m, IDLE);
    assert_int_equal(acc(m, CM_READ, 0x9000, 0x9000, CM_ATTR_NCB), 20);
    cm_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_and_fetch_cycles),
        cmocka_unit_test(test_uncached_ldm_costs_8x),
        cmocka_unit_test(test_write_back_vs_write_through),
        cmocka_unit_test(test_write_miss_no_allocate),
        cmocka_unit_test(test_half_line_writebacks),
        cmocka_unit_test(test_eviction_writeback_hidden_unless_miss_follows),
        cmocka_unit_test(test_write_buffer_full_and_drain),
        cmocka_unit_test(test_write_buffer_merges_runs),
        cmocka_unit_test(test_unbuffered_write_waits),
        cmocka_unit_test(test_uncached_bypasses_resident_line),
        cmocka_unit_test(test_timing_parameters_apply),
    };
    return cmocka_run_group_tests_name("cachemodel: policies and cycles", tests, NULL, NULL);
}
