/*
 * cm_check.c: the coherence checker: a version number per physical word.
 *
 * Every write to a physical word, by any path (into a cache line, to memory through the
 * write buffer, by DMA), takes the word's next version: `latest` is the newest version
 * anywhere, `mem` the version memory holds, and each cache line keeps the version of
 * every word it holds (struct cm_cache.ver). A write-back copies a line's versions to
 * memory; a fill copies memory's into the line. Versions count per word, so they only
 * ever compare between copies of one word, and a word's count wraps only after 2^32
 * writes to it (renormalize() then relabels that word's copies, keeping their order).
 *
 * What is reported (struct cm_diag):
 *  - stale-read: a read (hit, fill or uncached) got a version older than `latest`: the
 *    newer data sits in another line (a VIVT alias, not yet cleaned) or the line missed a
 *    write made another way (an uncached alias, a DMA write, a write-through alias);
 *  - writeback-overwrite: a write-back put a version older than memory's into memory;
 *  - homonym: in VIVT mode an access hit a line filled for another physical address
 *    (the same VA in another address space, not flushed on the switch);
 *  - dma-stale-read: a DMA read found memory older than a dirty cached copy.
 * Ordinary single-mapping use, write-through and uncached use, and correct maintenance
 * never produce one: with one mapping every write goes through the line while it is
 * resident, so memory cannot move under it.
 *
 * Memory stays bounded: a two-level table (1024 x 1024 pages of 4 KB) whose leaves are
 * allocated on the first write to a page (or when a fetch memo first watches it), 14 KB
 * each, from chunks of 16; reads of a page never written see a shared all-zero page.
 * Reports are deduplicated per (kind, PC, PA line) with a count, in a table of
 * check.max_reports entries fixed at set-up.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cm_internal.h"

/* ---- Shadow memory -------------------------------------------------------------------- */

static void out_of_memory(void)
{
    fputs("cachemodel: out of host memory for the coherence shadow\n", stderr);
    abort();
}

static struct cm_shadow_page *page_alloc(struct cm_check *k)
{
    if (!k->pool_left) {
        struct cm_shadow_chunk *ch = calloc(1, sizeof *ch);
        if (!ch)
            out_of_memory();
        ch->next = k->chunks;
        k->chunks = ch;
        k->pool_left = CM_SHADOW_CHUNK;
    }
    k->npages++;
    return &k->chunks->pages[--k->pool_left];
}

static const struct cm_shadow_page *page_r(const struct cm_check *k, uint32_t pa)
{
    return cm_shadow_r(k, pa);
}

/* page_w's first write to a page: its shadow (and its directory) made now. */
static __attribute__((noinline)) struct cm_shadow_page *page_new(struct cm_check *k, uint32_t pa)
{
    struct cm_shadow_dir **d = &k->dir[pa >> 22];
    if (!*d && !(*d = calloc(1, sizeof **d)))
        out_of_memory();
    struct cm_shadow_page **p = &(*d)->page[(pa >> 12) & (CM_SHADOW_DIR - 1u)];
    if (!*p)
        *p = page_alloc(k);
    return *p;
}

/* Shadow of the page holding pa for writing: allocated on first use (once per page). */
static inline struct cm_shadow_page *page_w(struct cm_check *k, uint32_t pa)
{
    struct cm_shadow_dir *d = k->dir[pa >> 22];
    struct cm_shadow_page *p = d ? d->page[(pa >> 12) & (CM_SHADOW_DIR - 1u)] : NULL;
    return p ? p : page_new(k, pa);
}

static inline uint32_t word_of(uint32_t pa)
{
    return cm_shadow_word(pa);
}

static inline uint32_t *line_ver(struct cm_cache *c, uint32_t line, uint32_t pa)
{
    return &c->ver[line * c->words + ((pa & c->off_mask) >> 2)];
}

/* ---- Version wrap ------------------------------------------------------------------- */

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static uint32_t rank_of(const uint32_t *v, uint32_t n, uint32_t x)
{
    const uint32_t *p = bsearch(&x, v, n, sizeof *v, cmp_u32);
    assert(p);
    return (uint32_t)(p - v);
}

/* Call fn on the version of word pa in every valid line (both caches) holding it. */
static void for_each_copy(struct cm_model *m, uint32_t pa, void (*fn)(uint32_t *, void *),
                          void *arg)
{
    struct cm_cache *cs[2] = {&m->ic, &m->dc};
    for (int i = 0; i < 2; i++) {
        struct cm_cache *c = cs[i];
        for (uint32_t l = 0; l < c->nlines; l++)
            if (c->key[l] && c->pa[l] == (pa & ~c->off_mask))
                fn(line_ver(c, l, pa), arg);
    }
}

struct collect {
    uint32_t *v, n;
};

static void collect_fn(uint32_t *ver, void *arg)
{
    struct collect *cl = arg;
    cl->v[cl->n++] = *ver;
}

static void remap_fn(uint32_t *ver, void *arg)
{
    struct collect *cl = arg;
    *ver = rank_of(cl->v, cl->n, *ver);
}

/* Relabel every copy of word pa with its rank among them: order and equality survive. */
static void renormalize(struct cm_model *m, struct cm_shadow_page *p, uint32_t pa)
{
    uint32_t w = word_of(pa);
    struct collect cl = {m->check->scratch, 0};
    cl.v[cl.n++] = p->latest[w];
    cl.v[cl.n++] = p->mem[w];
    for_each_copy(m, pa, collect_fn, &cl);
    qsort(cl.v, cl.n, sizeof *cl.v, cmp_u32);
    uint32_t u = 0;
    for (uint32_t i = 0; i < cl.n; i++)
        if (!u || cl.v[u - 1] != cl.v[i])
            cl.v[u++] = cl.v[i];
    cl.n = u;
    for_each_copy(m, pa, remap_fn, &cl);
    p->mem[w] = rank_of(cl.v, cl.n, p->mem[w]);
    p->latest[w] = rank_of(cl.v, cl.n, p->latest[w]);
}

/* The next version of word pa, written by va/ctx. */
static uint32_t new_version(struct cm_model *m, uint32_t pa, uint32_t va, uint16_t ctx,
                            struct cm_shadow_page **page)
{
    struct cm_shadow_page *p = *page = page_w(m->check, pa);
    uint32_t w = word_of(pa);
    if (p->latest[w] == UINT32_MAX)
        renormalize(m, p, pa);
    m->fetch_gen += p->watched;
    p->wva[w] = va;
    p->wctx[w] = ctx;
    return ++p->latest[w];
}

/* ---- Diagnostics ----------------------------------------------------------------------- */

static uint32_t diag_hash(uint32_t kind, uint32_t pc, uint32_t pa_line)
{
    uint32_t h = kind * 0x9E3779B1u ^ pc * 0x85EBCA77u ^ pa_line * 0xC2B2AE3Du;
    return h ^ (h >> 15);
}

/* The entry for (kind, pc, line of pa): found, newly made (*fresh), or NULL when full. */
static struct cm_diag *diag_slot(struct cm_model *m, uint32_t kind, uint32_t pc, uint32_t pa,
                                 bool *fresh)
{
    struct cm_check *k = m->check;
    uint32_t line = pa & ~m->dc.off_mask;
    uint32_t h = diag_hash(kind, pc, line) & k->hmask;
    *fresh = false;
    for (;; h = (h + 1u) & k->hmask) {
        uint32_t i = k->hash[h];
        if (!i)
            break;
        struct cm_diag *d = &k->diag[i - 1u];
        if (d->kind == kind && d->pc == pc && (d->pa & ~m->dc.off_mask) == line)
            return d;
    }
    if (k->ndiag == k->max)
        return NULL;
    k->hash[h] = ++k->ndiag;
    *fresh = true;
    return &k->diag[k->ndiag - 1u];
}

struct who {
    uint32_t va, pa, pc;
    uint16_t ctx;
    uint8_t priv;
};

static struct who who_of(const cm_ref *r, uint32_t pa)
{
    struct who w = {r->va + (pa - r->pa), pa, r->pc, r->ctx, (r->attrs & CM_ATTR_PRIV) != 0};
    return w;
}

/*
 * Count one occurrence of a finding; on the first, fill the entry and its message
 * (a printf format taking the VA, PA, ctx, then what fmt adds) and call the hook.
 */
static void report(struct cm_model *m, unsigned kind, struct who w, bool other_known,
                   uint32_t other_va, uint32_t other_pa, uint16_t other_ctx, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

static void report(struct cm_model *m, unsigned kind, struct who w, bool other_known,
                   uint32_t other_va, uint32_t other_pa, uint16_t other_ctx, const char *fmt, ...)
{
    bool fresh;
    struct cm_diag *d = diag_slot(m, kind, w.pc, w.pa, &fresh);
    m->check->occurrences++;
    if (!d) {
        m->check->dropped++;
        return;
    }
    d->count++;
    if (!fresh)
        return;
    *d = (struct cm_diag){.kind = kind,
                          .va = w.va,
                          .pa = w.pa,
                          .pc = w.pc,
                          .ctx = w.ctx,
                          .priv = w.priv,
                          .other_known = other_known,
                          .other_va = other_va,
                          .other_pa = other_pa,
                          .other_ctx = other_ctx,
                          .count = 1,
                          .cycle = m->now};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    if (m->hook)
        m->hook(m->hook_opaque, d);
}

/* "VA 0x... (ctx N)" or "a DMA write" for the writer of word w of page p. */
static const char *writer(const struct cm_shadow_page *p, uint32_t w, char *buf, size_t len)
{
    if (p->wctx[w] == CM_CTX_DMA)
        snprintf(buf, len, "a DMA write");
    else
        snprintf(buf, len, "VA 0x%08x (ctx %u)", p->wva[w], p->wctx[w]);
    return buf;
}

static void report_stale(struct cm_model *m, const cm_ref *r, uint32_t pa, const char *how)
{
    const struct cm_shadow_page *p = page_r(m->check, pa);
    uint32_t w = word_of(pa);
    char by[48];
    struct who me = who_of(r, pa);
    report(m, CM_DIAG_STALE_READ, me, true, p->wva[w], pa, p->wctx[w],
           "%s of PA 0x%08x at VA 0x%08x (ctx %u) returned data older than the latest "
           "write, made through %s",
           how, pa, me.va, me.ctx, writer(p, w, by, sizeof by));
}

static void report_homonym(struct cm_model *m, const cm_ref *r, struct cm_cache *c, uint32_t line)
{
    struct who me = who_of(r, r->pa);
    report(m, CM_DIAG_HOMONYM, me, true, c->va[line], c->pa[line], c->ctx[line],
           "%s %s at VA 0x%08x (ctx %u) for PA 0x%08x hit a line holding PA 0x%08x, "
           "filled by ctx %u: the cache was not flushed when the mapping changed",
           c->name, cm_reftype_name(r->type), me.va, me.ctx, r->pa,
           c->pa[line] | (r->pa & c->off_mask), c->ctx[line]);
}

/* ---- Hooks called by cm_model.c -------------------------------------------------------- */

/*
 * A read of r: from line `line` of c (a hit, or the line just filled), or from memory
 * when line < 0 (uncached).
 */
void cm_check_read(struct cm_model *m, const cm_ref *r, struct cm_cache *c, int32_t line)
{
    if (line >= 0 && c->pa[line] != (r->pa & ~c->off_mask)) {
        report_homonym(m, r, c, (uint32_t)line);
        return;
    }
    for (uint32_t i = 0; i < cm_ref_words(r); i++) {
        uint32_t pa = (r->pa & ~3u) + 4u * i;
        const struct cm_shadow_page *p = page_r(m->check, pa);
        uint32_t got = line >= 0 ? *line_ver(c, (uint32_t)line, pa) : p->mem[word_of(pa)];
        if (got < p->latest[word_of(pa)])
            report_stale(m, r, pa,
                         line < 0      ? "uncached read"
                         : c == &m->ic ? "instruction fetch"
                                       : "read");
    }
}

/* A write of r: into line `line` of c if >= 0, and to memory if to_memory. */
void cm_check_write(struct cm_model *m, const cm_ref *r, struct cm_cache *c, int32_t line,
                    bool to_memory)
{
    bool homonym = line >= 0 && c->pa[line] != (r->pa & ~c->off_mask);
    if (homonym)
        report_homonym(m, r, c, (uint32_t)line);
    for (uint32_t i = 0; i < cm_ref_words(r); i++) {
        uint32_t pa = (r->pa & ~3u) + 4u * i;
        struct cm_shadow_page *p;
        if (line >= 0) {
            /* The data lands in the line, whatever PA the line is for. */
            uint32_t lpa = c->pa[line] | (pa & c->off_mask);
            uint32_t v = new_version(m, lpa, r->va + 4u * i, r->ctx, &p);
            *line_ver(c, (uint32_t)line, lpa) = v;
            if (to_memory && !homonym)
                p->mem[word_of(pa)] = v; /* no homonym: lpa is pa */
        }
        if (to_memory && (line < 0 || homonym)) {
            uint32_t v = new_version(m, pa, r->va + 4u * i, r->ctx, &p);
            p->mem[word_of(pa)] = v;
        }
    }
}

/* Line `line` of c was just filled from memory at c->pa[line]. */
void cm_check_fill(struct cm_model *m, struct cm_cache *c, uint32_t line)
{
    const struct cm_shadow_page *p = page_r(m->check, c->pa[line]);
    const uint32_t *from = &p->mem[word_of(c->pa[line])];
    uint32_t *to = &c->ver[line * c->words];
    for (uint32_t i = 0; i < c->words; i++) /* 8 words: a loop beats a memcpy call */
        to[i] = from[i];
}

/* Line `line` of c writes back its halves (bit 0 low, bit 1 high) for reference r. */
void cm_check_writeback(struct cm_model *m, const cm_ref *r, struct cm_cache *c, uint32_t line,
                        uint8_t halves)
{
    struct cm_shadow_page *p = page_w(m->check, c->pa[line]);
    uint32_t half = c->words / 2u, newer = 0, first = 0;
    for (uint32_t i = 0; i < c->words; i++) {
        if (!(halves & (1u << (i / half))))
            continue;
        uint32_t w = word_of(c->pa[line]) + i, v = c->ver[line * c->words + i];
        if (p->mem[w] > v && !newer++)
            first = i;
        p->mem[w] = v;
    }
    if (!newer)
        return;
    uint32_t pa = c->pa[line] + 4u * first, w = word_of(pa);
    struct who me = {c->va[line] + 4u * first, pa, r->pc, c->ctx[line],
                     (r->attrs & CM_ATTR_PRIV) != 0};
    char by[48];
    report(m, CM_DIAG_WB_OVERWRITE, me, true, p->wva[w], pa, p->wctx[w],
           "write-back of the line at VA 0x%08x (ctx %u, PA 0x%08x) overwrote %u newer "
           "word(s) in memory, first written through %s",
           c->va[line], c->ctx[line], c->pa[line], newer, writer(p, w, by, sizeof by));
}

void cm_dma_write(cm_model *m, uint32_t pa, uint32_t len)
{
    if (!m->check || !len)
        return;
    for (uint64_t a = pa & ~3u; a < (uint64_t)pa + len; a += 4u) {
        struct cm_shadow_page *p;
        uint32_t v = new_version(m, (uint32_t)a, 0, CM_CTX_DMA, &p);
        p->mem[word_of((uint32_t)a)] = v;
    }
}

void cm_dma_read(cm_model *m, uint32_t pa, uint32_t len)
{
    if (!m->check || !len)
        return;
    for (uint64_t a = pa & ~3u; a < (uint64_t)pa + len; a += 4u) {
        const struct cm_shadow_page *p = page_r(m->check, (uint32_t)a);
        uint32_t w = word_of((uint32_t)a);
        if (p->mem[w] >= p->latest[w])
            continue;
        struct who dev = {0, (uint32_t)a, 0, CM_CTX_DMA, 1};
        char by[48];
        report(m, CM_DIAG_DMA_STALE, dev, true, p->wva[w], (uint32_t)a, p->wctx[w],
               "DMA read of PA 0x%08x got memory older than the cached data written "
               "through %s: the line was not cleaned before the transfer",
               (uint32_t)a, writer(p, w, by, sizeof by));
    }
}

/* ---- Set-up and inspection ------------------------------------------------------------- */

cm_err cm_check_new(struct cm_model *m)
{
    struct cm_check *k = calloc(1, sizeof *k);
    if (!k)
        return CM_ERR_NOMEM;
    uint32_t hsize = 2;
    while (hsize < 2u * m->cfg.max_reports)
        hsize <<= 1;
    k->max = m->cfg.max_reports;
    k->hmask = hsize - 1u;
    k->diag = calloc(k->max, sizeof *k->diag);
    k->hash = calloc(hsize, sizeof *k->hash);
    k->scratch = calloc(2u + m->ic.nlines + m->dc.nlines, sizeof *k->scratch);
    m->check = k;
    if (!k->diag || !k->hash || !k->scratch)
        return CM_ERR_NOMEM;
    return CM_OK;
}

void cm_check_free(struct cm_check *k)
{
    if (!k)
        return;
    for (uint32_t i = 0; i < CM_SHADOW_DIR; i++)
        free(k->dir[i]);
    while (k->chunks) {
        struct cm_shadow_chunk *next = k->chunks->next;
        free(k->chunks);
        k->chunks = next;
    }
    free(k->diag);
    free(k->hash);
    free(k->scratch);
    free(k);
}

size_t cm_diag_count(const cm_model *m)
{
    return m->check ? m->check->ndiag : 0;
}

const struct cm_diag *cm_diag_get(const cm_model *m, size_t i)
{
    return m->check && i < m->check->ndiag ? &m->check->diag[i] : NULL;
}

uint64_t cm_diag_dropped(const cm_model *m)
{
    return m->check ? m->check->dropped : 0;
}

void cm_set_diag_hook(cm_model *m, cm_diag_hook fn, void *opaque)
{
    m->hook = fn;
    m->hook_opaque = opaque;
}

uint32_t cm_check_latest(struct cm_model *m, uint32_t pa)
{
    return page_r(m->check, pa)->latest[word_of(pa)];
}

uint32_t cm_check_memory(struct cm_model *m, uint32_t pa)
{
    return page_r(m->check, pa)->mem[word_of(pa)];
}

static void force_fn(uint32_t *ver, void *arg)
{
    uint32_t *ov = arg; /* {old latest, new} */
    if (*ver == ov[0])
        *ver = ov[1];
}

/* Tests: make word pa's newest version v (> current), as if that many writes happened;
 * copies holding the newest version follow, older copies keep their order below it. */
void cm_check_force_latest(struct cm_model *m, uint32_t pa, uint32_t v)
{
    struct cm_shadow_page *p = page_w(m->check, pa);
    uint32_t w = word_of(pa), ov[2] = {p->latest[w], v};
    assert(v >= p->latest[w]);
    for_each_copy(m, pa, force_fn, ov);
    if (p->mem[w] == ov[0])
        p->mem[w] = v;
    p->latest[w] = v;
    m->fetch_gen += p->watched;
}

/*
 * A fetch memo relies on the versions of the page holding pa: from now on, a new version
 * of any of its words ends every memo (m->fetch_gen). The page's shadow is made now if
 * it has none, so that its first write finds the mark.
 */
void cm_check_watch(struct cm_model *m, uint32_t pa)
{
    if (m->check)
        page_w(m->check, pa)->watched = 1;
}

uint64_t cm_check_occurrences(const struct cm_model *m)
{
    return m->check ? m->check->occurrences : 0;
}

size_t cm_check_pages(const struct cm_model *m)
{
    return m->check ? m->check->npages : 0;
}
