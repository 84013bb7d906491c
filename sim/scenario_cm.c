/*
 * scenario_cm.c: the cache model's parameter table seen as scenario keys (see
 * scenario_cm.h). Rows are built once from cm_config_param(); each value is checked by
 * cm_config_set() on a scratch configuration, so the scenario never duplicates a range.
 */
#include "scenario_cm.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "scenario.h"

#define SCM_MAX 64u
#define SCM_NAME 32u

static struct scenario_key scm_rows[SCM_MAX];
static char scm_keys[SCM_MAX][SCM_NAME];
static size_t scm_n;

static int scm_check(const struct scenario_key *k, const char *value, char *why, size_t whylen)
{
    struct cm_config scratch;
    cm_config_defaults(&scratch);
    return cm_config_set(&scratch, k->ext_name, value, why, whylen) == CM_OK ? 0 : -1;
}

/* "cache.size_d" -> [cache] size_d; "timing.x" -> [timing] x; "wbuf.words" -> [cache]
 * wbuf_words. */
static void scm_row(struct scenario_key *row, char *key, const char *name, const char *def,
                    const char *doc)
{
    const char *dot = strchr(name, '.');
    bool own = !strncmp(name, "cache.", 6) || !strncmp(name, "timing.", 7);
    if (own) {
        snprintf(key, SCM_NAME, "%s", dot + 1);
        row->section = !strncmp(name, "cache.", 6) ? "cache" : "timing";
    } else {
        snprintf(key, SCM_NAME, "%.*s_%s", (int)(dot - name), name, dot + 1);
        row->section = "cache";
    }
    row->key = key;
    row->type = SCENARIO_STRING;
    row->def = def;
    row->max = SCM_NAME;
    row->doc = doc;
    row->ext_name = name;
    row->check_key = scm_check;
}

int scenario_cm_register(void)
{
    const char *name, *def, *doc;
    if (scm_n)
        return 0;
    for (unsigned i = 0; cm_config_param(i, &name, &def, NULL, &doc); i++) {
        if (scm_n == SCM_MAX)
            return -1;
        scm_row(&scm_rows[scm_n], scm_keys[scm_n], name, def, doc);
        scm_n++;
    }
    return scenario_add_keys(scm_rows, scm_n);
}

int scenario_cm_config(const struct scenario *sc, struct cm_config *cfg, char *err, size_t errlen)
{
    cm_config_defaults(cfg);
    for (size_t i = 0; i < scm_n; i++) {
        const struct scenario_key *k = &scm_rows[i];
        if (!scenario_is_set(sc, k->section, k->key))
            continue;
        if (cm_config_set(cfg, k->ext_name, scenario_get(sc, k->section, k->key), err, errlen) !=
            CM_OK)
            return -1;
    }
    return cm_config_check(cfg, err, errlen) == CM_OK ? 0 : -1;
}
