/*
 * cm_test.h: helpers shared by the cache model's unit tests (cmocka).
 *
 * Each test builds its own model from the defaults plus a few "name=value" settings, so
 * tests share no state. References are built with ref(); the expectations in the tests
 * are hand-computed from the default cycle parameters, repeated here so that a change of
 * a default shows up as a test to revisit rather than silently moving every figure:
 *
 *   issue 1, hit 1, uncached_read 14, line_fill 30, critical_word 14, writeback_line 12,
 *   writeback_half 8, buffered_write 1, drain_word 2, unbuffered_write 14, tlb_walk 30,
 *   maint_line 1, maint_all 1
 *
 * The tests include cm_internal.h to look at lines (which way, which dirty bits).
 */
#ifndef CESIM_CM_TEST_H
#define CESIM_CM_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cm_internal.h"

#define IDLE 100000u /* cycles that let every queued bus transfer finish */

/* A model from the defaults plus settings ("cache.size_d=4K", ...), NULL-terminated. */
static inline cm_model *model_with(const char *const *settings)
{
    struct cm_config cfg;
    char err[160], name[64];
    cm_config_defaults(&cfg);
    for (; settings && *settings; settings++) {
        const char *eq = strchr(*settings, '=');
        assert_non_null(eq);
        memcpy(name, *settings, (size_t)(eq - *settings));
        name[eq - *settings] = 0;
        if (cm_config_set(&cfg, name, eq + 1, err, sizeof err) != CM_OK)
            fail_msg("%s", err);
    }
    cm_model *m;
    if (cm_model_new(&cfg, &m, err, sizeof err) != CM_OK)
        fail_msg("%s", err);
    return m;
}

#define MODEL(...) model_with((const char *const[]){__VA_ARGS__, NULL})

static inline cm_ref ref(unsigned type, uint32_t va, uint32_t pa, unsigned attrs)
{
    cm_ref r = {.va = va,
                .pa = pa,
                .pc = 0x8000,
                .ctx = 0,
                .type = (uint8_t)type,
                .size = 4,
                .attrs = (uint8_t)attrs};
    return r;
}

static inline uint32_t acc(cm_model *m, unsigned type, uint32_t va, uint32_t pa, unsigned attrs)
{
    cm_ref r = ref(type, va, pa, attrs);
    return cm_access(m, &r);
}

/* Data read / write through a write-back page, VA = PA. */
static inline uint32_t rd(cm_model *m, uint32_t a)
{
    return acc(m, CM_READ, a, a, CM_ATTR_WB);
}

static inline uint32_t wr(cm_model *m, uint32_t a)
{
    return acc(m, CM_WRITE, a, a, CM_ATTR_WB);
}

/* A maintenance operation with r.va = va (and pa = va). */
static inline uint32_t op(cm_model *m, unsigned type, uint32_t va)
{
    return acc(m, type, va, va, 0);
}

static inline struct cm_stats stats(cm_model *m)
{
    struct cm_stats s;
    cm_stats_get(m, CM_ALL, CM_ALL, &s);
    return s;
}

/* Line of the D-cache holding tag address a, or -1. */
static inline int32_t dline(cm_model *m, uint32_t a)
{
    return cm_lookup(&m->dc, a);
}

static inline uint32_t way_of(const struct cm_cache *c, int32_t line)
{
    return (uint32_t)line & (c->ways - 1u);
}

static inline uint32_t set_of_line(const struct cm_cache *c, int32_t line)
{
    return (uint32_t)line >> c->ways_log2;
}

#endif
