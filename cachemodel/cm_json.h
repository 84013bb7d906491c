/*
 * cm_json.h: the cache model's report in JSON (jansson), apart from cm.h so that the
 * model's users who do not want jansson never include it. Link $(CACHEMODEL_JSON_OBJ)
 * and -ljansson. Each function returns a new reference (json_decref it), NULL on
 * allocation failure.
 */
#ifndef CESIM_CM_JSON_H
#define CESIM_CM_JSON_H

#include <jansson.h>

#include "cm.h"

json_t *cm_stats_to_json(const struct cm_stats *s);
json_t *cm_diags_to_json(const cm_model *m);

#endif
