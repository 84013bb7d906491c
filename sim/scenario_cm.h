/*
 * scenario_cm.h: the cache model's parameters as scenario keys. The model keeps the one
 * table of its parameters (cachemodel/cm_config.c: name, default, status, doc); this
 * glue shows each of them in the scenario's [cache] and [timing] sections, so an INI
 * file or --set can change any of them, checked by the model's own parser.
 *
 * Naming: "cache.X" and "timing.X" keep their names; the model's other groups live in
 * [cache] with the group as a prefix: "wbuf.words" is [cache] wbuf_words,
 * "tlb.sets" is [cache] tlb_sets, "check.coherence" is [cache] check_coherence.
 */
#ifndef CESIM_SCENARIO_CM_H
#define CESIM_SCENARIO_CM_H

#include <stddef.h>

#include "cm.h"

struct scenario;

/* Register the keys with the scenario parser (once, before parsing). */
int scenario_cm_register(void);

/* The model's configuration: its defaults, then every key the scenario sets. */
int scenario_cm_config(const struct scenario *sc, struct cm_config *cfg, char *err, size_t errlen);

#endif
