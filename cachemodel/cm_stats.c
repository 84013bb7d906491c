/*
 * cm_stats.c: statistics as plain structs, summed over contexts and privileges on demand.
 *
 * The hot path counts into one bucket per (context, privilege) pair only: model-wide
 * counters in struct cm_model.split, per-cache ones in struct cm_cache.split (d4 style,
 * indexed by reference type). Totals are sums made here, when somebody asks, so no
 * reference pays for a total it never reads. Every counter is a uint64_t, so a bucket is
 * summed as an array of them.
 */
#include <string.h>

#include "cm_internal.h"

_Static_assert(sizeof(struct cm_stats) % sizeof(uint64_t) == 0, "cm_stats: all uint64_t");
_Static_assert(sizeof(struct cm_cache_stats) % sizeof(uint64_t) == 0,
               "cm_cache_stats: all uint64_t");

static void add_u64s(void *dst, const void *src, size_t bytes)
{
    uint64_t *d = dst;
    const uint64_t *s = src;
    for (size_t i = 0; i < bytes / sizeof(uint64_t); i++)
        d[i] += s[i];
}

/* Bucket index range selected by ctx (CM_ALL or an id) and priv (CM_ALL, 0, 1). */
static bool selected(const struct cm_model *m, unsigned bucket, int ctx, int priv)
{
    unsigned bctx = bucket / 2u, bpriv = bucket % 2u;
    if (priv != CM_ALL && (unsigned)priv != bpriv)
        return false;
    if (ctx == CM_ALL)
        return true;
    unsigned want = (unsigned)ctx < m->cfg.contexts ? (unsigned)ctx : m->cfg.contexts;
    return bctx == want;
}

void cm_stats_get(const cm_model *m, int ctx, int priv, struct cm_stats *out)
{
    memset(out, 0, sizeof *out);
    for (unsigned b = 0; b < m->nbuckets; b++) {
        if (!selected(m, b, ctx, priv))
            continue;
        add_u64s(out, &m->split[b], sizeof m->split[b]);
        add_u64s(&out->icache, &m->ic.split[b], sizeof m->ic.split[b]);
        add_u64s(&out->dcache, &m->dc.split[b], sizeof m->dc.split[b]);
    }
}

bool cm_stats_ctx_used(const cm_model *m, int ctx)
{
    struct cm_stats s;
    cm_stats_get(m, ctx, CM_ALL, &s);
    uint64_t n = s.tlb_hits + s.tlb_misses;
    for (unsigned t = 0; t < CM_NREFTYPES; t++)
        n += s.refs[t];
    return n != 0;
}

void cm_stats_reset(cm_model *m)
{
    memset(m->split, 0, m->nbuckets * sizeof m->split[0]);
    memset(m->ic.split, 0, m->nbuckets * sizeof m->ic.split[0]);
    memset(m->dc.split, 0, m->nbuckets * sizeof m->dc.split[0]);
}

uint64_t cm_cache_accesses(const struct cm_cache_stats *s)
{
    return s->access[CM_READ] + s->access[CM_WRITE] + s->access[CM_IFETCH];
}

uint64_t cm_cache_misses(const struct cm_cache_stats *s)
{
    return s->miss[CM_READ] + s->miss[CM_WRITE] + s->miss[CM_IFETCH];
}
