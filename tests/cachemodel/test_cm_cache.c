/*
 * test_cm_cache.c: cache geometry, hits and misses, replacement order, VIVT aliases.
 *
 * Geometry used most: a 4 KB, 4-way, 32-byte-line D-cache: 32 sets, 1 KB a way, so
 * addresses 0x000, 0x400, 0x800, 0xC00, 0x1000 all fall in set 0 and 0x020 in set 1.
 */
#include "cm_test.h"

#define TINY "cache.size_d=4K", "cache.size_i=4K"

static void test_geometry_as_log2(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    assert_int_equal(m->dc.size_log2, 14);
    assert_int_equal(m->dc.ways_log2, 2);
    assert_int_equal(m->dc.line_log2, 5);
    assert_int_equal(m->dc.sets_log2, 7); /* 16K / (4 x 32) = 128 sets */
    assert_int_equal(m->dc.words, 8);
    cm_model_free(m);
    m = MODEL("cache.size_d=128K", "cache.size_i=4K", "cache.ways=2", "cache.line=64");
    assert_int_equal(m->dc.sets, 1024);
    assert_int_equal(m->ic.sets, 32);
    cm_model_free(m);
}

/* Hand trace (set 0 unless noted), round-robin:
 *   0x000 M w0 | 0x004 H | 0x01C H | 0x020 M (set 1) | 0x400 M w1 | 0x000 H |
 *   0x800 M w2 | 0xC00 M w3 | 0x1000 M evicts w0 (rr 0->1) | 0x000 M evicts w1 (0x400) |
 *   0x400 M evicts w2 (0x800)   => 11 reads, 8 misses, 3 hits, 8 fills */
static void test_hits_and_misses_tiny(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    const uint32_t seq[] = {0x000, 0x004, 0x01C,  0x020, 0x400, 0x000,
                            0x800, 0xC00, 0x1000, 0x000, 0x400};
    for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++)
        rd(m, seq[i]);
    struct cm_stats s = stats(m);
    assert_int_equal(s.dcache.access[CM_READ], 11);
    assert_int_equal(s.dcache.miss[CM_READ], 8);
    assert_int_equal(cm_cache_accesses(&s.dcache) - cm_cache_misses(&s.dcache), 3);
    assert_int_equal(s.dcache.fills, 8);
    assert_int_equal(way_of(&m->dc, dline(m, 0x1000)), 0);
    assert_int_equal(way_of(&m->dc, dline(m, 0x000)), 1);
    assert_int_equal(way_of(&m->dc, dline(m, 0x400)), 2);
    assert_int_equal(way_of(&m->dc, dline(m, 0xC00)), 3);
    assert_int_equal(dline(m, 0x800), -1);
    assert_int_equal(s.icache.access[CM_IFETCH], 0); /* separate I-cache untouched */
    cm_model_free(m);
}

static void test_icache_separate(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    acc(m, CM_IFETCH, 0x100, 0x100, CM_ATTR_WB);
    acc(m, CM_IFETCH, 0x104, 0x104, CM_ATTR_WB);
    rd(m, 0x100); /* the D-cache has not seen it */
    struct cm_stats s = stats(m);
    assert_int_equal(s.icache.access[CM_IFETCH], 2);
    assert_int_equal(s.icache.miss[CM_IFETCH], 1);
    assert_int_equal(s.dcache.miss[CM_READ], 1);
    cm_model_free(m);
}

/* One victim counter for the whole cache (ARM926 round-robin), not one per set:
 * sets 0 and 1 full; misses in set 0, set 1, set 0 take ways 0, 1, 2. */
static void test_round_robin_order(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY);
    for (uint32_t a = 0; a < 0x1000; a += 0x400) {
        rd(m, a);
        rd(m, a + 0x20);
    }
    assert_int_equal(way_of(&m->dc, dline(m, 0xC20)), 3); /* invalid ways filled in order */
    rd(m, 0x1000);
    rd(m, 0x1020);
    rd(m, 0x1400);
    assert_int_equal(way_of(&m->dc, dline(m, 0x1000)), 0);
    assert_int_equal(way_of(&m->dc, dline(m, 0x1020)), 1);
    assert_int_equal(way_of(&m->dc, dline(m, 0x1400)), 2);
    assert_int_equal(dline(m, 0x000), -1);
    assert_int_equal(dline(m, 0x420), -1);
    assert_int_equal(dline(m, 0x800), -1);
    assert_true(dline(m, 0x400) >= 0); /* way 1 of set 0 survived */
    cm_model_free(m);
}

static void test_lru_order(void **state)
{
    (void)state;
    cm_model *m = MODEL(TINY, "cache.replacement=lru");
    for (uint32_t a = 0; a < 0x1000; a += 0x400)
        rd(m, a);
    rd(m, 0x000);  /* 0x400 is now least recently used */
    rd(m, 0x1000); /* evicts it */
    assert_int_equal(dline(m, 0x400), -1);
    assert_true(dline(m, 0x000) >= 0);
    rd(m, 0x1400); /* next LRU: 0x800 */
    assert_int_equal(dline(m, 0x800), -1);
    cm_model_free(m);
}

/* Victim ways of 64 conflict misses in set 0. */
static void random_victims(const char *seed, uint32_t out[64])
{
    char s[32];
    snprintf(s, sizeof s, "cache.seed=%s", seed);
    cm_model *m = MODEL(TINY, "cache.replacement=random", s);
    for (uint32_t a = 0; a < 0x1000; a += 0x400)
        rd(m, a);
    for (uint32_t i = 0; i < 64; i++) {
        uint32_t a = 0x1000 + i * 0x400;
        rd(m, a);
        out[i] = way_of(&m->dc, dline(m, a));
    }
    cm_model_free(m);
}

static void test_random_is_seeded(void **state)
{
    (void)state;
    uint32_t a[64], b[64], c[64];
    random_victims("5", a);
    random_victims("5", b);
    random_victims("6", c);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_not_equal(a, c, sizeof a);
    unsigned used[4] = {0};
    for (int i = 0; i < 64; i++)
        used[a[i]]++;
    for (int w = 0; w < 4; w++)
        assert_true(used[w] > 0); /* every way gets picked */
}

/* 16 KB, 4-way: a way is 4 KB, so two VAs of one physical page (0x5000) index the same
 * set; their tags differ, so both lines are resident at once in two ways. */
static void test_vivt_aliases_coexist(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    acc(m, CM_READ, 0x10040, 0x5040, CM_ATTR_WB);
    acc(m, CM_READ, 0x20040, 0x5040, CM_ATTR_WB);
    int32_t la = cm_lookup(&m->dc, 0x10040), lb = cm_lookup(&m->dc, 0x20040);
    assert_true(la >= 0 && lb >= 0);
    assert_int_equal(set_of_line(&m->dc, la), set_of_line(&m->dc, lb));
    assert_int_not_equal(way_of(&m->dc, la), way_of(&m->dc, lb));
    assert_int_equal(m->dc.pa[la], 0x5040);
    assert_int_equal(m->dc.pa[lb], 0x5040);
    acc(m, CM_READ, 0x10044, 0x5044, CM_ATTR_WB);
    acc(m, CM_READ, 0x20044, 0x5044, CM_ATTR_WB);
    struct cm_stats s = stats(m);
    assert_int_equal(s.dcache.miss[CM_READ], 2);
    assert_int_equal(s.dcache.fills, 2);
    cm_model_free(m);
}

/* The same four accesses physically tagged: one line, one fill, three hits. */
static void test_pipt_aliases_share_a_line(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K", "cache.tags=pipt");
    acc(m, CM_READ, 0x10040, 0x5040, CM_ATTR_WB);
    acc(m, CM_READ, 0x20040, 0x5040, CM_ATTR_WB);
    acc(m, CM_READ, 0x10044, 0x5044, CM_ATTR_WB);
    acc(m, CM_READ, 0x20044, 0x5044, CM_ATTR_WB);
    struct cm_stats s = stats(m);
    assert_int_equal(s.dcache.miss[CM_READ], 1);
    assert_int_equal(s.dcache.fills, 1);
    assert_true(cm_lookup(&m->dc, 0x5040) >= 0);
    cm_model_free(m);
}

/* 32 KB, 4-way: 8 KB a way, VA bit 12 indexes too, so aliases that differ in bit 12
 * land in different sets. */
static void test_vivt_aliases_32k_different_sets(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=32K");
    acc(m, CM_READ, 0x10040, 0x5040, CM_ATTR_WB);
    acc(m, CM_READ, 0x21040, 0x5040, CM_ATTR_WB);
    int32_t la = cm_lookup(&m->dc, 0x10040), lb = cm_lookup(&m->dc, 0x21040);
    assert_int_equal(set_of_line(&m->dc, lb) - set_of_line(&m->dc, la), 128);
    cm_model_free(m);
}

/* Without an address-space id, another process's line at the same VA hits. */
static void test_vivt_no_asid(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K", "check.coherence=0");
    cm_ref a = ref(CM_READ, 0x10000, 0x5000, CM_ATTR_WB), b = a;
    a.ctx = 1;
    b.ctx = 2;
    b.pa = 0x9000;
    cm_access(m, &a);
    cm_access(m, &b);
    struct cm_stats s = stats(m);
    assert_int_equal(s.dcache.miss[CM_READ], 1); /* ctx 2 hit ctx 1's line */
    cm_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geometry_as_log2),
        cmocka_unit_test(test_hits_and_misses_tiny),
        cmocka_unit_test(test_icache_separate),
        cmocka_unit_test(test_round_robin_order),
        cmocka_unit_test(test_lru_order),
        cmocka_unit_test(test_random_is_seeded),
        cmocka_unit_test(test_vivt_aliases_coexist),
        cmocka_unit_test(test_pipt_aliases_share_a_line),
        cmocka_unit_test(test_vivt_aliases_32k_different_sets),
        cmocka_unit_test(test_vivt_no_asid),
    };
    return cmocka_run_group_tests_name("cachemodel: caches", tests, NULL, NULL);
}
