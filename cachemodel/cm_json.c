/*
 * cm_json.c: the cache model's statistics and diagnostics as jansson objects, for the
 * simulator's --json report (DESIGN.md section 7). Kept out of libcachemodel.a so that
 * the model itself depends on nothing but libc: link $(CACHEMODEL_JSON_OBJ) and
 * -ljansson to use it.
 *
 * Shapes (all counts are integers, cycles are modelled core cycles):
 *   cm_stats_to_json   {"cycles", "caches": {"icache": {...}, "dcache": {...}},
 *                       "uncached": {"reads", "writes", "cycles", "read_cycles",
 *                                    "write_cycles"},
 *                       "write_buffer": {...}, "tlb": {"hits", "misses", "cycles"},
 *                       "refs": {"read": n, ...}}
 *   cm_diags_to_json   [{"kind", "va", "pa", "pc", "process", "priv", "count", "cycle",
 *                        "other": {"va", "pa", "process"} (when known), "message"}, ...]
 * Addresses are hex strings ("0x80001000"), as a reader of a report expects them.
 */
#include <jansson.h>

#include "cm_json.h"

static json_t *cache_to_json(const struct cm_cache_stats *c)
{
    json_t *maint = json_object();
    for (unsigned t = CM_INV_IDC_ALL; t < CM_NREFTYPES; t++)
        if (c->access[t])
            json_object_set_new(maint, cm_reftype_name(t), json_integer((json_int_t)c->access[t]));
    uint64_t acc = cm_cache_accesses(c), miss = cm_cache_misses(c);
    return json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "accesses", (json_int_t)acc,
        "hits", (json_int_t)(acc - miss), "misses", (json_int_t)miss, "read_misses",
        (json_int_t)c->miss[CM_READ], "write_misses", (json_int_t)c->miss[CM_WRITE], "fetch_misses",
        (json_int_t)c->miss[CM_IFETCH], "line_fills", (json_int_t)c->fills, "writebacks",
        (json_int_t)(c->wb_full + c->wb_half), "writebacks_full", (json_int_t)c->wb_full,
        "writebacks_half", (json_int_t)c->wb_half, "maintenance", maint);
}

json_t *cm_stats_to_json(const struct cm_stats *s)
{
    json_t *refs = json_object();
    for (unsigned t = 0; t < CM_NREFTYPES; t++)
        if (s->refs[t])
            json_object_set_new(refs, cm_reftype_name(t), json_integer((json_int_t)s->refs[t]));
    return json_pack(
        "{s:I, s:{s:o, s:o}, s:{s:I, s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I, s:I}, "
        "s:{s:I, s:I, s:I}, s:o}",
        "cycles", (json_int_t)s->cycles, "caches", "icache", cache_to_json(&s->icache), "dcache",
        cache_to_json(&s->dcache), "uncached", "reads", (json_int_t)s->uncached_reads, "writes",
        (json_int_t)s->uncached_writes, "cycles",
        (json_int_t)(s->uncached_read_cycles + s->uncached_write_cycles), "read_cycles",
        (json_int_t)s->uncached_read_cycles, "write_cycles", (json_int_t)s->uncached_write_cycles,
        "write_buffer", "writes", (json_int_t)s->buffered_writes, "full_stalls",
        (json_int_t)s->wbuf_stalls, "stall_cycles", (json_int_t)s->wbuf_stall_cycles,
        "bus_wait_cycles", (json_int_t)s->bus_wait_cycles, "tlb", "hits", (json_int_t)s->tlb_hits,
        "misses", (json_int_t)s->tlb_misses, "cycles", (json_int_t)s->tlb_cycles, "refs", refs);
}

static json_t *hex(uint32_t v)
{
    char buf[12];
    snprintf(buf, sizeof buf, "0x%08x", v);
    return json_string(buf);
}

static json_t *diag_to_json(const struct cm_diag *d)
{
    json_t *o =
        json_pack("{s:s, s:o, s:o, s:o, s:i, s:b, s:I, s:I, s:s}", "kind",
                  cm_diag_kind_name(d->kind), "va", hex(d->va), "pa", hex(d->pa), "pc", hex(d->pc),
                  "process", (int)d->ctx, "priv", (int)d->priv, "count", (json_int_t)d->count,
                  "cycle", (json_int_t)d->cycle, "message", d->message);
    if (o && d->other_known)
        json_object_set_new(o, "other",
                            json_pack("{s:o, s:o, s:i}", "va", hex(d->other_va), "pa",
                                      hex(d->other_pa), "process", (int)d->other_ctx));
    return o;
}

json_t *cm_diags_to_json(const cm_model *m)
{
    json_t *a = json_array();
    for (size_t i = 0; i < cm_diag_count(m); i++)
        json_array_append_new(a, diag_to_json(cm_diag_get(m, i)));
    return a;
}
