/*
 * test_cm_config.c: the parameter table and its setter, set-up validation, statistics
 * split per context and privilege, and the JSON form of statistics and diagnostics.
 */
#include <jansson.h>

#include "cm_json.h"
#include "cm_test.h"

static void test_defaults_match_spec(void **state)
{
    (void)state;
    struct cm_config c;
    cm_config_defaults(&c);
    assert_int_equal(c.size_i, 16384);
    assert_int_equal(c.size_d, 16384);
    assert_int_equal(c.ways, 4);
    assert_int_equal(c.line, 32);
    assert_int_equal(c.replacement, CM_REPL_RR);
    assert_int_equal(c.tags, CM_TAGS_VIVT);
    assert_int_equal(c.wbuf_words, 16);
    assert_int_equal(c.wbuf_entries, 4);
    assert_int_equal(c.tlb_sets * c.tlb_ways, 64);
    assert_int_equal(c.timing.issue, 1);
    assert_int_equal(c.timing.hit, 1);
    assert_int_equal(c.timing.uncached_read, 14);
    assert_int_equal(c.timing.line_fill, 30);
    assert_int_equal(c.timing.critical_word, 14);
    assert_int_equal(c.timing.writeback_line, 12);
    assert_int_equal(c.timing.writeback_half, 8);
    assert_int_equal(c.timing.buffered_write, 1);
    assert_int_equal(c.timing.drain_word, 2);
    assert_int_equal(c.timing.unbuffered_write, 14);
    assert_int_equal(c.timing.tlb_walk, 30);
    assert_int_equal(c.timing.maint_line, 1);
    assert_int_equal(c.check, 1);
    assert_int_equal(cm_config_check(&c, NULL, 0), CM_OK);
}

static void test_set_by_name(void **state)
{
    (void)state;
    struct cm_config c;
    char err[160], buf[32];
    cm_config_defaults(&c);
    assert_int_equal(cm_config_set(&c, "timing.line_fill", "30", err, sizeof err), CM_OK);
    assert_int_equal(cm_config_set(&c, "cache.size_d", "32K", err, sizeof err), CM_OK);
    assert_int_equal(c.size_d, 32768);
    assert_int_equal(cm_config_set(&c, "cache.size_i", "0x2000", err, sizeof err), CM_OK);
    assert_int_equal(c.size_i, 8192);
    assert_int_equal(cm_config_set(&c, "cache.replacement", "lru", err, sizeof err), CM_OK);
    assert_int_equal(c.replacement, CM_REPL_LRU);
    assert_int_equal(cm_config_set(&c, "cache.tags", "pipt", err, sizeof err), CM_OK);
    assert_int_equal(cm_config_get(&c, "cache.size_d", buf, sizeof buf), CM_OK);
    assert_string_equal(buf, "32K");
    cm_config_get(&c, "cache.replacement", buf, sizeof buf);
    assert_string_equal(buf, "lru");
    cm_config_get(&c, "timing.line_fill", buf, sizeof buf);
    assert_string_equal(buf, "30");
    assert_int_equal(cm_config_get(&c, "nope", buf, sizeof buf), CM_ERR_PARAM);
}

static void test_set_rejects(void **state)
{
    (void)state;
    struct cm_config c;
    char err[160];
    cm_config_defaults(&c);
    assert_int_equal(cm_config_set(&c, "cache.sise_d", "16K", err, sizeof err), CM_ERR_PARAM);
    assert_non_null(strstr(err, "cache.sise_d"));
    assert_int_equal(cm_config_set(&c, "cache.size_d", "256K", err, sizeof err), CM_ERR_VALUE);
    assert_int_equal(cm_config_set(&c, "cache.size_d", "24K", err, sizeof err), CM_ERR_VALUE);
    assert_non_null(strstr(err, "power of two"));
    assert_int_equal(cm_config_set(&c, "cache.size_d", "2K", err, sizeof err), CM_ERR_VALUE);
    assert_int_equal(cm_config_set(&c, "cache.ways", "3", err, sizeof err), CM_ERR_VALUE);
    assert_int_equal(cm_config_set(&c, "cache.replacement", "fifo", err, sizeof err), CM_ERR_VALUE);
    assert_non_null(strstr(err, "rr|random|lru"));
    assert_int_equal(cm_config_set(&c, "timing.line_fill", "-1", err, sizeof err), CM_ERR_VALUE);
    assert_int_equal(cm_config_set(&c, "timing.line_fill", "12x", err, sizeof err), CM_ERR_VALUE);
    assert_int_equal(cm_config_set(&c, "timing.line_fill", "", err, sizeof err), CM_ERR_VALUE);
    assert_int_equal(cm_config_set(&c, "timing.hit", "99999999999", err, sizeof err), CM_ERR_VALUE);
    assert_int_equal(c.size_d, 16384); /* nothing changed */
    assert_string_equal(cm_strerror(CM_ERR_VALUE), "invalid parameter value");
    assert_string_equal(cm_strerror((cm_err)99), "unknown error");
}

/* Checks across parameters happen at set-up: cm_model_new refuses. */
static void test_setup_validation(void **state)
{
    (void)state;
    struct cm_config c;
    char err[160];
    cm_model *m = (cm_model *)&c;
    cm_config_defaults(&c);
    cm_config_set(&c, "cache.size_d", "4K", NULL, 0);
    cm_config_set(&c, "cache.ways", "64", NULL, 0);
    cm_config_set(&c, "cache.line", "128", NULL, 0);
    assert_int_equal(cm_model_new(&c, &m, err, sizeof err), CM_ERR_CONFIG);
    assert_null(m);
    assert_non_null(strstr(err, "cache.ways"));
    cm_config_defaults(&c);
    cm_config_set(&c, "timing.critical_word", "40", NULL, 0);
    assert_int_equal(cm_config_check(&c, err, sizeof err), CM_ERR_CONFIG);
    cm_config_defaults(&c);
    c.size_d = 5000; /* filled by hand, bypassing the setter */
    assert_int_equal(cm_config_check(&c, err, sizeof err), CM_ERR_VALUE);
    assert_non_null(strstr(err, "cache.size_d"));
}

static void test_table_print(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cm_config_print_table(f);
    fclose(f);
    const char *name, *def, *status, *doc;
    unsigned n = 0;
    for (; cm_config_param(n, &name, &def, &status, &doc); n++) {
        assert_non_null(strstr(text, name));
        assert_true(strcmp(status, "TRM") == 0 || strcmp(status, "estimate") == 0 ||
                    strcmp(status, "model") == 0);
        assert_true(strlen(doc) > 10);
    }
    assert_true(n >= 25);
    assert_non_null(strstr(text, "timing.uncached_read     14       estimate"));
    free(text);
}

/* Statistics per context and privilege; ids past stats.contexts share a bucket. */
static void test_stats_split(void **state)
{
    (void)state;
    cm_model *m = MODEL("stats.contexts=4");
    cm_ref r = ref(CM_READ, 0x1000, 0x1000, CM_ATTR_WB);
    r.ctx = 1;
    cm_access(m, &r); /* ctx 1 user: miss */
    r.attrs |= CM_ATTR_PRIV;
    cm_access(m, &r); /* ctx 1 kernel: hit */
    r.ctx = 2;
    r.va = r.pa = 0x2000;
    r.attrs = CM_ATTR_NCB;
    cm_access(m, &r); /* ctx 2 user: uncached */
    r.ctx = 9;
    cm_access(m, &r); /* "other" bucket */
    r.ctx = 70;
    cm_access(m, &r);
    struct cm_stats s;
    cm_stats_get(m, 1, CM_ALL, &s);
    assert_int_equal(s.dcache.access[CM_READ], 2);
    assert_int_equal(s.dcache.miss[CM_READ], 1);
    cm_stats_get(m, 1, 1, &s);
    assert_int_equal(s.dcache.access[CM_READ], 1);
    assert_int_equal(s.dcache.miss[CM_READ], 0);
    assert_int_equal(s.cycles, 1);
    cm_stats_get(m, CM_ALL, 0, &s);
    assert_int_equal(s.refs[CM_READ], 4);
    assert_int_equal(s.uncached_reads, 3);
    cm_stats_get(m, 9, CM_ALL, &s);
    assert_int_equal(s.uncached_reads, 2); /* 9 and 70 share the bucket */
    assert_true(cm_stats_ctx_used(m, 2));
    assert_false(cm_stats_ctx_used(m, 3));
    cm_stats_get(m, CM_ALL, CM_ALL, &s);
    assert_int_equal(s.cycles, cm_cycles(m));
    cm_stats_reset(m);
    cm_stats_get(m, CM_ALL, CM_ALL, &s);
    assert_int_equal(s.cycles, 0);
    assert_int_equal(rd(m, 0x1000), 1); /* caches kept */
    cm_model_free(m);
}

static void test_json(void **state)
{
    (void)state;
    cm_model *m = MODEL("cache.size_d=16K");
    cm_ref a = ref(CM_READ, 0x10000, 0x5000, CM_ATTR_WB), b = a;
    b.va = 0x20000;
    b.ctx = 2;
    cm_access(m, &a);
    cm_access(m, &b);
    a.type = CM_WRITE;
    cm_access(m, &a);
    cm_access(m, &b);
    struct cm_stats s = stats(m);
    json_t *j = cm_stats_to_json(&s);
    assert_non_null(j);
    json_t *d = json_object_get(json_object_get(j, "caches"), "dcache");
    assert_int_equal(json_integer_value(json_object_get(d, "accesses")), 4);
    assert_int_equal(json_integer_value(json_object_get(d, "misses")), 2);
    assert_int_equal(json_integer_value(json_object_get(d, "line_fills")), 2);
    assert_int_equal(json_integer_value(json_object_get(j, "cycles")), (json_int_t)s.cycles);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "uncached"), "cycles")),
                     0);
    assert_non_null(json_object_get(j, "tlb"));
    json_decref(j);
    json_t *diags = cm_diags_to_json(m);
    assert_int_equal(json_array_size(diags), 1);
    json_t *d0 = json_array_get(diags, 0);
    assert_string_equal(json_string_value(json_object_get(d0, "kind")), "stale-read");
    assert_string_equal(json_string_value(json_object_get(d0, "va")), "0x00020000");
    assert_int_equal(json_integer_value(json_object_get(d0, "process")), 2);
    assert_string_equal(json_string_value(json_object_get(json_object_get(d0, "other"), "va")),
                        "0x00010000");
    json_decref(diags);
    cm_model_free(m);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(cm_reftype_name(CM_CLEAN_INV_D_SETWAY), "clean_inv_d_setway");
    assert_string_equal(cm_reftype_name(CM_NREFTYPES), "?");
    assert_string_equal(cm_diag_kind_name(CM_DIAG_WB_OVERWRITE), "writeback-overwrite");
    for (unsigned t = 0; t < CM_NREFTYPES; t++)
        assert_string_not_equal(cm_reftype_name(t), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_match_spec),
        cmocka_unit_test(test_set_by_name),
        cmocka_unit_test(test_set_rejects),
        cmocka_unit_test(test_setup_validation),
        cmocka_unit_test(test_table_print),
        cmocka_unit_test(test_stats_split),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests_name("cachemodel: configuration, statistics, JSON", tests, NULL,
                                       NULL);
}
