/*
 * kobs.c: collecting marshaling calls and the kernel's findings from its kinfo block
 * (see kobs.h). All reads are of guest RAM through the host pointer; the kernel never
 * learns it is observed.
 */
#include "kobs.h"

#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "rom_image.h"
#include "vm.h"

const char *kobs_api_name(uint32_t api)
{
    const char *n = kinfo_api_name(api);
    return n ? n : "unknown";
}

const char *kobs_mode_name(uint32_t mode)
{
    switch (mode) {
    case KINFO_MODE_DIRECT: return "direct";
    case KINFO_MODE_DUPLICATE: return "duplicate";
    case KINFO_MODE_ALIAS: return "alias";
    default: return "none";
    }
}

const char *kobs_diag_name(uint32_t kind)
{
    switch (kind) {
    case KINFO_DIAG_MISMATCH: return "marshal-mismatch";
    case KINFO_DIAG_UNKNOWN: return "marshal-unknown-pointer";
    case KINFO_DIAG_NO_CALLER: return "marshal-no-caller";
    case KINFO_DIAG_USE_AFTER_FREE: return "use-after-free";
    default: return "kernel-diagnostic";
    }
}

void kobs_attach(struct machine *m, const struct rom_image *img)
{
    const struct rom_sym *s = rom_image_find_sym(img, KINFO_SYM);
    uint32_t pa;
    memset(&m->kobs, 0, sizeof(m->kobs));
    if (!s || s->value < VM_KRAM_CACHED)
        return;
    pa = s->value - VM_KRAM_CACHED;
    if (pa >= m->cfg.ram_size || m->cfg.ram_size - pa < sizeof(struct kinfo) || (pa & 3u))
        return;
    m->kobs.k = (const struct kinfo *)(m->ram + pa);
}

void kobs_free(struct kobs *o)
{
    free(o->calls);
    free(o->diags);
    memset(o, 0, sizeof(*o));
}

/* A thread's call began: remember when (the slot of an older call of it is reused). */
static void note_begin(struct machine *m, uint32_t tid)
{
    struct kobs *o = &m->kobs;
    unsigned victim = 0;
    for (unsigned i = 0; i < KOBS_BEGIN_SLOTS; i++) {
        if (o->begin[i].tid == tid || o->begin[i].tid == 0) {
            victim = i;
            break;
        }
        if (o->begin[i].cycle < o->begin[victim].cycle)
            victim = i;
    }
    o->begin[victim].tid = tid;
    o->begin[victim].cycle = m->cycles;
    o->begin[victim].insns = m->insns;
}

static void add_call(struct machine *m, const struct kinfo_marshal *r)
{
    struct kobs *o = &m->kobs;
    struct kobs_call *c;
    if (o->ncalls == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 64;
        struct kobs_call *n = realloc(o->calls, cap * sizeof(*n));
        if (!n)
            return;
        o->calls = n;
        o->cap = cap;
    }
    c = &o->calls[o->ncalls++];
    c->rec = *r;
    c->begin_cycle = m->cycles;
    c->cycles = 0;
    c->insns = 0;
    for (unsigned i = 0; i < KOBS_BEGIN_SLOTS; i++) {
        if (o->begin[i].tid == r->tid && o->begin[i].tid) {
            c->begin_cycle = o->begin[i].cycle;
            c->cycles = m->cycles - o->begin[i].cycle;
            c->insns = m->insns - o->begin[i].insns;
            o->begin[i].tid = 0;
            break;
        }
    }
}

static void add_diag(struct kobs *o, const struct kinfo_diag *d)
{
    if (o->ndiags == o->diag_cap) {
        size_t cap = o->diag_cap ? 2 * o->diag_cap : 16;
        struct kinfo_diag *n = realloc(o->diags, cap * sizeof(*n));
        if (!n)
            return;
        o->diags = n;
        o->diag_cap = cap;
    }
    o->diags[o->ndiags++] = *d;
}

void kobs_poll(struct machine *m)
{
    struct kobs *o = &m->kobs;
    const struct kinfo *k = o->k;
    if (k->magic != KINFO_MAGIC)
        return;
    if (k->begin_seq != o->seen_begin) {
        o->seen_begin = k->begin_seq;
        note_begin(m, k->begin_tid);
    }
    while (o->seen_seq != k->marshal_seq) {
        uint32_t n = ++o->seen_seq;
        const struct kinfo_marshal *r = &k->ring[(n - 1) % KINFO_RING];
        if (r->seq != n) {
            o->lost++; /* overwritten before this poll: more than KINFO_RING in one block */
            continue;
        }
        add_call(m, r);
    }
    while (o->seen_diag != k->diag_seq) {
        uint32_t n = ++o->seen_diag;
        const struct kinfo_diag *d = &k->diags[(n - 1) % KINFO_DIAG_RING];
        if (d->seq == n)
            add_diag(o, d);
    }
}
