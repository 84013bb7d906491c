/*
 * cm_cache.c: one set-associative cache array, the same shape for the I- and D-cache.
 *
 * Geometry is kept as log2 (Dinero IV style): a 16 KB, 4-way, 32-byte-line cache has
 * 128 sets, so bits [11:5] of the address select the set and the way size is 4 KB. Which
 * address that is (virtual or physical) is the caller's choice, made once from
 * cache.tags. This file only holds lines; what a read or write does to them, and what it
 * costs, is cm_model.c's business.
 *
 * Replacement policies are small named functions picking a way in a full set:
 * cm_repl_rr (ARM926 round-robin: one victim counter per cache, advanced each time it is
 * used), cm_repl_random (seeded xorshift32: the ARM926's pseudo-random mode, reproducible)
 * and cm_repl_lru (for comparison only). An invalid way, lowest first, is always filled
 * before any policy runs, as the ARM1136/1176 TRMs document for their round-robin caches.
 * Lockdown per way (CP15 c9, optional in spec/arm926.md) is not modelled.
 */
#include <stdlib.h>
#include <string.h>

#include "cm_internal.h"

static unsigned log2u(uint32_t v)
{
    unsigned n = 0;
    while (v > 1u) {
        v >>= 1;
        n++;
    }
    return n;
}

uint32_t cm_repl_rr(struct cm_cache *c, uint32_t set)
{
    (void)set;
    uint32_t way = c->rr;
    c->rr = (c->rr + 1u) & (c->ways - 1u);
    return way;
}

uint32_t cm_repl_random(struct cm_cache *c, uint32_t set)
{
    (void)set;
    uint32_t x = c->rng; /* xorshift32, Marsaglia 2003 */
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c->rng = x;
    return x & (c->ways - 1u);
}

uint32_t cm_repl_lru(struct cm_cache *c, uint32_t set)
{
    uint32_t base = set << c->ways_log2, best = 0;
    for (uint32_t w = 1; w < c->ways; w++)
        if (c->stamp[base + w] < c->stamp[base + best])
            best = w;
    return best;
}

cm_victim_fn cm_repl_fn(enum cm_repl r)
{
    switch (r) {
    case CM_REPL_RANDOM: return cm_repl_random;
    case CM_REPL_LRU: return cm_repl_lru;
    case CM_REPL_RR:
    default: return cm_repl_rr;
    }
}

/* Way to refill in set: the lowest invalid way, else the policy's choice. */
uint32_t cm_cache_victim(struct cm_cache *c, uint32_t set)
{
    const uint32_t *key = c->key + (set << c->ways_log2);
    for (uint32_t w = 0; w < c->ways; w++)
        if (!key[w])
            return w;
    return c->victim(c, set);
}

/* Drop a line without writing it back; the caller decides about dirty data. */
void cm_cache_invalidate_line(struct cm_cache *c, uint32_t line)
{
    if (c->dirty[line])
        c->ndirty--;
    c->key[line] = 0;
    c->dirty[line] = 0;
}

void cm_cache_invalidate_all(struct cm_cache *c)
{
    memset(c->key, 0, c->nlines * sizeof c->key[0]);
    memset(c->dirty, 0, c->nlines);
    c->ndirty = 0;
}

/* Lowest-numbered dirty line (set-major order), or -1. */
int32_t cm_cache_first_dirty(const struct cm_cache *c)
{
    if (!c->ndirty)
        return -1;
    for (uint32_t i = 0; i < c->nlines; i++)
        if (c->dirty[i])
            return (int32_t)i;
    assert(!"ndirty out of step with dirty[]");
    return -1;
}

static void *zalloc(size_t n, size_t size, bool *ok)
{
    void *p = calloc(n, size);
    if (!p)
        *ok = false;
    return p;
}

/* Geometry from a validated configuration (cm_config_check ran). */
cm_err cm_cache_init(struct cm_cache *c, const char *name, uint32_t size,
                     const struct cm_config *cfg, unsigned nbuckets)
{
    memset(c, 0, sizeof *c);
    c->name = name;
    c->size_log2 = log2u(size);
    c->ways_log2 = log2u(cfg->ways);
    c->line_log2 = log2u(cfg->line);
    c->sets_log2 = c->size_log2 - c->ways_log2 - c->line_log2;
    c->ways = cfg->ways;
    c->sets = 1u << c->sets_log2;
    c->nlines = c->sets * c->ways;
    c->words = cfg->line / 4u;
    c->set_mask = c->sets - 1u;
    c->off_mask = cfg->line - 1u;
    c->vivt = cfg->tags == CM_TAGS_VIVT;
    c->rng = cfg->seed ? cfg->seed : 1u;
    c->lru = cfg->replacement == CM_REPL_LRU;
    c->victim = cm_repl_fn((enum cm_repl)cfg->replacement);

    bool ok = true;
    c->key = zalloc(c->nlines, sizeof *c->key, &ok);
    c->va = zalloc(c->nlines, sizeof *c->va, &ok);
    c->pa = zalloc(c->nlines, sizeof *c->pa, &ok);
    c->ctx = zalloc(c->nlines, sizeof *c->ctx, &ok);
    c->dirty = zalloc(c->nlines, 1, &ok);
    c->stamp = zalloc(c->nlines, sizeof *c->stamp, &ok);
    c->split = zalloc(nbuckets, sizeof *c->split, &ok);
    if (cfg->check)
        c->ver = zalloc((size_t)c->nlines * c->words, sizeof *c->ver, &ok);
    if (!ok) {
        cm_cache_free(c);
        return CM_ERR_NOMEM;
    }
    return CM_OK;
}

void cm_cache_free(struct cm_cache *c)
{
    free(c->key);
    free(c->va);
    free(c->pa);
    free(c->ctx);
    free(c->dirty);
    free(c->stamp);
    free(c->split);
    free(c->ver);
    memset(c, 0, sizeof *c);
}
