/*
 * marshal.c: the marshaling helpers (spec/marshal.md sections 4-8, 11; see kmarshal.h
 * for where buffers live). Each system call decodes and validates every argument, then
 * resolves the source (whose memory, at what address), checks access, and only then
 * allocates; a failure undoes what was made (V3).
 *
 * Who calls:
 *   - kernel mode (c->kernel: a kernel-mode driver, SWI from SVC mode, on the thread of
 *     the application it serves, K2): a user-range pointer is the served application's
 *     (current->serve_proc), checked by A1 unless the driver call was made by kernel
 *     code (current->serve_kernel: A2); a kernel address is the kernel's own;
 *   - user mode (a user-mode driver in its host): the application is the one the
 *     visiting thread serves (set when it made DeviceIoControl). A pointer the host was
 *     given for the call (the reflector's alias or copy) is translated back to the
 *     application's address (reflect_translate), one inside a live duplicate of this
 *     host to that duplicate's source; anything else is taken as the application's own
 *     pointer (an embedded one). Copies go through the application's page tables
 *     (vm_process_pages), whichever address space is mapped (O3, AA5, AF1).
 *
 * Policies (kernel.marshal_policy): `docs` and `ce7`; kernel.small_copy_threshold is
 * the size up to which CeAllocAsynchronousBuffer without MARSHAL_FORCE_ALIAS duplicates
 * instead of aliasing on a cache that would alias (AA4); under ce7 it also decides on
 * VIVT (AA2: larger buffers take AA3). 0 under ce7 means the policy's own 520 bytes;
 * under docs 0 means none. The threshold never applies with MARSHAL_FORCE_ALIAS.
 * The cache kind: the ROM's kernel setting cache_tags = vivt|pipt (the simulator copies
 * it from the scenario's [cache] tags); absent (an older ROM), VIVT: the ARM926.
 *
 * Every call is published in the kinfo block (kernel/observe.h): a begin mark at entry,
 * a record at exit; every live duplicate or alias is live[] slot i of recs[i].
 */
#include "kmarshal.h"

#include <stddef.h>
#include <string.h>

#include "arm.h"
#include "cetypes.h"
#include "cesim.h"
#include "console.h"
#include "fault.h"
#include "kernel.h"
#include "marshal.h"
#include "mmu.h"
#include "observe.h"
#include "page.h"
#include "proc.h"
#include "reflect.h"
#include "sched.h"
#include "syscalls.h"
#include "toc.h"
#include "uaccess.h"
#include "vmem.h"

#define CE7_THRESHOLD 520u  /* the shipped CE 7 copy threshold (spec section 1) */
#define STRING_MAX 0x10000u /* longest string measured (V2), terminator included */
#define SCAN_CHUNK 32u
#define WIN_PAGES ((MARSHAL_WIN_END - MARSHAL_WIN_BASE) >> PAGE_SHIFT)
#define WORD_BITS 32u
#define FLUSH_ARGS 5u
#define STUB_LR_OFFSET 4u /* the stub's push {r7, lr}: lr at [sp + 4] at the svc */
#define HR_NOT_SUPPORTED ((uint32_t)HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED))
#define HR(x) ((uint32_t)(x))

static struct {
    int ce7;            /* kernel.marshal_policy = ce7 */
    int pipt;           /* kernel.cache_tags = pipt (else VIVT) */
    uint32_t threshold; /* bytes; 0: none */
} cfg;

/* ---- one call ---- */

struct msrc {
    struct process *proc; /* whose user memory; NULL: kernel memory */
    uint32_t va;
};

struct mcall {
    struct sc *c;
    int kmode;           /* kernel-mode rules */
    int kernel_caller;   /* A2: the driver call was made by kernel code */
    struct process *drv; /* the calling driver's process: the kernel's, or a host */
    struct process *app; /* the application served; NULL: none (AA6) */
    struct kinfo_marshal rec;
};

/* A live duplicate or alias; pub is what kinfo shows (kind FREE: an empty slot). */
struct mrec {
    struct kinfo_live pub;
    struct process *drv;  /* a reference is held */
    struct msrc from;     /* the source (a reference on from.proc is held) */
    uint32_t base;        /* kernel window: first page; host: the region's base (0: none) */
    uint32_t span;        /* kernel window: pages reserved, guard excluded (0: a host region) */
    uint32_t npages;      /* kernel window: pages mapped so far */
    uint8_t uncached;     /* alias: the source pages were made uncached (AA3) */
};

static struct mrec recs[KINFO_LIVE_MAX];
static uint32_t win_map[WIN_PAGES / WORD_BITS]; /* pages of the window in use */
static uint32_t win_next;                       /* where the next search starts */

void marshal_init(void)
{
    const char *policy = kernel_setting("marshal_policy");
    const char *tags = kernel_setting("cache_tags");

    cfg.ce7 = policy && strcmp(policy, "ce7") == 0;
    cfg.pipt = tags && strcmp(tags, "pipt") == 0;
    cfg.threshold = kernel_setting_u32("small_copy_threshold", 0);
    if (cfg.ce7 && cfg.threshold == 0)
        cfg.threshold = CE7_THRESHOLD;
    kinfo_init(MARSHAL_WIN_BASE, MARSHAL_WIN_END);
}

/* ---- the window ---- */

static int win_used(uint32_t i)
{
    return (win_map[i / WORD_BITS] >> (i % WORD_BITS)) & 1u;
}

static void win_mark(uint32_t first, uint32_t n, int used)
{
    for (uint32_t i = first; i < first + n; i++) {
        if (used)
            win_map[i / WORD_BITS] |= 1u << (i % WORD_BITS);
        else
            win_map[i / WORD_BITS] &= ~(1u << (i % WORD_BITS));
    }
}

/* npages and a guard page after them, from the cursor on (wrapping once): the base, or
 * 0. The cursor only moves forward, so freed addresses stay unmapped for a long time
 * (a use after Free faults). */
static uint32_t win_alloc(uint32_t npages)
{
    uint32_t need = npages + 1u, run = 0, i = win_next;

    if (npages == 0 || need > WIN_PAGES)
        return 0;
    for (uint32_t scanned = 0; scanned < WIN_PAGES + need; scanned++, i++) {
        if (i == WIN_PAGES)
            i = 0, run = 0;
        run = win_used(i) ? 0 : run + 1u;
        if (run == need) {
            win_mark(i + 1u - need, need, 1);
            win_next = (i + 1u) % WIN_PAGES;
            return MARSHAL_WIN_BASE + ((i + 1u - need) << PAGE_SHIFT);
        }
    }
    return 0;
}

static void win_free(uint32_t base, uint32_t npages)
{
    win_mark((base - MARSHAL_WIN_BASE) >> PAGE_SHIFT, npages + 1u, 0);
}

/* ---- records ---- */

static int rec_slot(void)
{
    for (unsigned i = 0; i < KINFO_LIVE_MAX; i++) {
        if (recs[i].pub.kind == KINFO_LIVE_FREE)
            return (int)i;
    }
    return -1;
}

static void rec_publish(unsigned i)
{
    kinfo_live(i, &recs[i].pub);
}

static uint32_t api_family(uint32_t api)
{
    switch (api) {
    case KINFO_API_CLOSE_CALLER: return KINFO_API_OPEN_CALLER;
    case KINFO_API_FREE_ASYNC:
    case KINFO_API_FLUSH_ASYNC: return KINFO_API_ALLOC_ASYNC;
    case KINFO_API_FREE_DUP: return KINFO_API_ALLOC_DUP;
    default: return api;
    }
}

static struct mrec *rec_find(const struct process *drv, uint32_t dest)
{
    for (unsigned i = 0; i < KINFO_LIVE_MAX; i++) {
        if (recs[i].pub.kind != KINFO_LIVE_FREE && recs[i].drv == drv && recs[i].pub.dest == dest)
            return &recs[i];
    }
    return NULL;
}

/* A live user-mode duplicate of host drv holding [va, va + len), or NULL. */
static struct mrec *rec_holding(const struct process *drv, uint32_t va, uint32_t len)
{
    for (unsigned i = 0; i < KINFO_LIVE_MAX; i++) {
        struct mrec *r = &recs[i];
        if (r->pub.kind == KINFO_LIVE_DUPLICATE && r->drv == drv && r->npages == 0 &&
            va >= r->pub.dest && va - r->pub.dest < r->pub.bytes &&
            len <= r->pub.bytes - (va - r->pub.dest))
            return r;
    }
    return NULL;
}

/* ---- diagnostics ---- */

static const char *diag_name(uint32_t kind)
{
    switch (kind) {
    case KINFO_DIAG_MISMATCH: return "mismatch";
    case KINFO_DIAG_UNKNOWN: return "unknown pointer";
    case KINFO_DIAG_NO_CALLER: return "no caller";
    default: return "use after free";
    }
}

static const char *api_name(uint32_t api)
{
    const char *n = kinfo_api_name(api);
    return n ? n : "-";
}

/* One `marshal: ` console line and the kinfo diag record. */
static void diag(uint32_t kind, uint32_t api, const struct process *p, uint32_t site,
                 uint32_t addr, uint32_t bytes, uint32_t desc)
{
    struct kinfo_diag d = {.kind = kind,
                           .api = api,
                           .pid = p ? p->pid : 0,
                           .tid = current->tid,
                           .call_site = site,
                           .addr = addr,
                           .bytes = bytes,
                           .desc = desc};

    kprintf("marshal: %s: %s at 0x%08lx, process %s (pid %lu), address 0x%08lx, %lu bytes, "
            "descriptor 0x%08lx\n",
            diag_name(kind), api_name(api), (unsigned long)site, p ? p->name : "-",
            (unsigned long)d.pid, (unsigned long)addr, (unsigned long)bytes, (unsigned long)desc);
    kinfo_diag(&d);
}

static void call_diag(struct mcall *m, uint32_t kind, uint32_t addr, uint32_t bytes, uint32_t desc)
{
    diag(kind, m->rec.api, m->drv, m->rec.call_site, addr, bytes, desc);
}

/* ---- descriptors (V2) ---- */

static int desc_ok(uint32_t desc, int alias_ok)
{
    if (desc & MARSHAL_FORCE_ALIAS) {
        if (!alias_ok)
            return 0;
        desc &= ~MARSHAL_FORCE_ALIAS;
    }
    switch (desc) {
    case ARG_I_PTR:
    case ARG_I_WSTR:
    case ARG_I_ASTR:
    case ARG_O_PTR:
    case ARG_O_PDW:
    case ARG_O_PI64:
    case ARG_IO_PTR:
    case ARG_IO_PDW:
    case ARG_IO_PI64: return 1;
    default: return 0; /* ARG_DW, ARG_I_PDW, unknown */
    }
}

static uint32_t desc_base(uint32_t desc)
{
    return desc & ~MARSHAL_FORCE_ALIAS;
}

static int is_string(uint32_t desc)
{
    return desc_base(desc) == ARG_I_WSTR || desc_base(desc) == ARG_I_ASTR;
}

static int writes(uint32_t desc)
{
    return (desc & ARG_O_BIT) != 0;
}

static int size_ok(uint32_t desc, uint32_t cb)
{
    switch (desc_base(desc)) {
    case ARG_O_PDW:
    case ARG_IO_PDW: return cb == sizeof(uint32_t);
    case ARG_O_PI64:
    case ARG_IO_PI64: return cb == sizeof(uint64_t);
    case ARG_I_WSTR:
    case ARG_I_ASTR: return 1; /* 0: measured */
    default: return cb != 0;
    }
}

/* ---- the source ---- */

struct pcopy {
    uint8_t *buf;
    int to_src;
};

static int piece_copy(void *kptr, uint32_t off, uint32_t len, void *ctx)
{
    struct pcopy *p = ctx;

    return p->to_src ? kaccess_copy(kptr, p->buf + off, len) : kaccess_copy(p->buf + off, kptr, len);
}

/* n bytes between the source and buf (kernel memory or the mapped host's): 0, or -1
 * when the copy faulted or the source is gone (A3). The source's own mapping is used
 * when its process is mapped now and the thread serves it; else its page tables
 * (AF1; and an IST never touches a user address itself, K5). */
static int src_copy(const struct msrc *s, void *buf, uint32_t n, int to_src)
{
    struct pcopy p = {buf, to_src};

    if (n == 0)
        return 0;
    if (!s->proc)
        return to_src ? kaccess_copy((void *)s->va, buf, n)
                      : kaccess_copy(buf, (const void *)s->va, n);
    if (s->proc->dead)
        return -1;
    if (s->proc->as == as_current() && current->serve_proc == s->proc)
        return to_src ? copy_to_caller(0, s->va, buf, n) : copy_from_caller(0, buf, s->va, n);
    return vm_process_pages(s->proc, s->va, n, to_src, piece_copy, &p) == 0 ? 0 : -1;
}

/* Access check of [va, va + n) of the source: 0 or an HRESULT (A1, A2, V4). */
static uint32_t check_access(const struct mcall *m, const struct msrc *s, uint32_t n, int write)
{
    int a2 = m->kmode && m->kernel_caller;

    if (n && s->va + n - 1u < s->va)
        return HR(a2 ? E_INVALIDARG : E_ACCESSDENIED); /* V4 */
    if (a2)
        return 0; /* A2: no range test; copies stay protected (A3) */
    if (!s->proc || !vm_user_access_ok(s->proc, s->va, n, write))
        return HR(E_ACCESSDENIED); /* A1 */
    return 0;
}

/* AA6: a user-range pointer on a thread that serves no application. */
static uint32_t no_caller(struct mcall *m, uint32_t src, uint32_t cb, uint32_t desc)
{
    call_diag(m, KINFO_DIAG_NO_CALLER, src, cb, desc);
    return HR(E_ACCESSDENIED);
}

static uint32_t resolve(struct mcall *m, uint32_t src, uint32_t cb, uint32_t desc,
                        struct msrc *s)
{
    uint32_t app_va, probe = cb ? cb : 1u;
    struct mrec *r;
    int t;

    if (m->kmode) {
        if (src >= VM_KRAM_CACHED) {
            *s = (struct msrc){NULL, src};
            return 0;
        }
        if (!m->app)
            return no_caller(m, src, cb, desc);
        *s = (struct msrc){m->app, src};
        return 0;
    }
    t = reflect_translate(src, probe, &app_va);
    if (t == -2)
        return HR(E_ACCESSDENIED);
    if (t == 0 && m->app) {
        *s = (struct msrc){m->app, app_va};
        return 0;
    }
    r = rec_holding(m->drv, src, probe);
    if (r) {
        *s = (struct msrc){r->from.proc, r->from.va + (src - r->pub.dest)};
        return 0;
    }
    if (!m->app)
        return no_caller(m, src, cb, desc);
    *s = (struct msrc){m->app, src};
    return 0;
}

/* V2: a string's size with its terminator, read from the source (its first byte was
 * checked). 0 or an HRESULT. */
static uint32_t measure(const struct mcall *m, const struct msrc *s, int wide, uint32_t *cb)
{
    uint8_t chunk[SCAN_CHUNK];
    uint32_t unit = wide ? 2u : 1u, off = 0;

    while (off < STRING_MAX) {
        struct msrc at = {s->proc, s->va + off};
        uint32_t n = VM_PAGE_SIZE - (at.va & PAGE_MASK); /* no read past a page not needed */
        if (n > sizeof(chunk))
            n = sizeof(chunk);
        n &= ~(unit - 1u);
        if (n == 0)
            n = unit;
        if (at.va < s->va || check_access(m, &at, n, 0) != 0 || src_copy(&at, chunk, n, 0) != 0)
            return HR(E_ACCESSDENIED);
        for (uint32_t i = 0; i + unit <= n; i += unit) {
            if (chunk[i] == 0 && (!wide || chunk[i + 1] == 0)) {
                *cb = off + i + unit;
                return 0;
            }
        }
        off += n;
    }
    return HR(E_INVALIDARG);
}

/* Resolve, measure, check: the source of a new buffer. 0 or an HRESULT. */
static uint32_t source_of(struct mcall *m, uint32_t src, uint32_t *cb, uint32_t desc,
                          struct msrc *s)
{
    uint32_t hr = resolve(m, src, *cb, desc, s);

    if (!hr && is_string(desc) && *cb == 0) {
        hr = check_access(m, s, 1, 0);
        if (!hr)
            hr = measure(m, s, desc_base(desc) == ARG_I_WSTR, cb);
    }
    if (!hr)
        hr = check_access(m, s, *cb, writes(desc));
    return hr;
}

/* ---- making and releasing buffers ---- */

static void unmap_dup_page(uint32_t va, uint32_t pa, void *ctx)
{
    (void)va, (void)ctx;
    page_free(pa);
}

struct alias_ctx {
    struct mrec *r;
};

/* AF2: the source page gets its attributes back with the last alias (AA3 counting). */
static void unmap_alias_page(uint32_t va, uint32_t pa, void *ctx)
{
    struct mrec *r = ((struct alias_ctx *)ctx)->r;

    if (r->uncached)
        vm_source_recache(r->from.proc, PAGE_ROUND_DOWN(r->from.va) + (va - r->base), pa);
    if (page_meta_of(pa))
        page_free(pa);
}

/* Give back the memory of r (no write-back) and empty its slot. */
static void rec_release(struct mrec *r)
{
    struct vm_region *reg;

    if (r->span) {
        struct alias_ctx ac = {r};
        mmu_unmap_range(&kernel_as, r->base, r->base + (r->npages << PAGE_SHIFT),
                        r->pub.kind == KINFO_LIVE_ALIAS ? unmap_alias_page : unmap_dup_page, &ac);
        win_free(r->base, r->span);
    } else if (r->base && !r->drv->dead && (reg = vm_find(r->drv, r->base)) != NULL &&
               reg->base == r->base) {
        vm_release(r->drv, reg);
    }
    kobj_put(&r->drv->obj);
    if (r->from.proc)
        kobj_put(&r->from.proc->obj);
    memset(r, 0, sizeof(*r));
    rec_publish((unsigned)(r - recs));
}

/* Fill slot r for a new buffer (its memory is made already). */
static void rec_fill(struct mcall *m, struct mrec *r, uint32_t kind, uint32_t dest, uint32_t src,
                     uint32_t cb, uint32_t desc, const struct msrc *s)
{
    r->pub = (struct kinfo_live){.kind = kind,
                                 .api = m->rec.api,
                                 .dest = dest,
                                 .src = src,
                                 .bytes = cb,
                                 .desc = desc,
                                 .pid = m->drv->pid,
                                 .caller_pid = s->proc ? s->proc->pid : 0,
                                 .call_site = m->rec.call_site};
    r->drv = m->drv;
    kobj_get(&m->drv->obj);
    r->from = *s;
    if (s->proc)
        kobj_get(&s->proc->obj);
}

/* A duplicate with copy-in (O2, O3, AA2, AA5, D1: every valid descriptor has the I or
 * the O bit, and out-only buffers are copied in too). 0 or an HRESULT. */
static uint32_t make_dup(struct mcall *m, struct mrec *r, const struct msrc *s, uint32_t cb,
                         uint32_t *dest)
{
    uint32_t npages = PAGE_ROUND_UP(cb) >> PAGE_SHIFT, base;
    struct vm_region *reg;

    if (m->kmode) {
        if (npages > page_free_count() || (base = win_alloc(npages)) == 0)
            return HR(E_OUTOFMEMORY);
        r->base = base;
        r->span = npages;
        for (uint32_t i = 0; i < npages; i++) {
            uint32_t pa = page_alloc();
            if (pa == PAGE_NONE ||
                mmu_map_page(base + (i << PAGE_SHIFT), pa, AP_PRIV_RW, ATTR_WRITEBACK) != 0) {
                if (pa != PAGE_NONE)
                    page_free(pa);
                r->npages = i;
                return HR(E_OUTOFMEMORY);
            }
            r->npages = i + 1u;
        }
    } else {
        if (vm_reserve(m->drv, 0, cb, VM_REGION_ALLOC, PAGE_READWRITE, 0, &reg) != 0)
            return HR(E_OUTOFMEMORY);
        r->base = base = reg->base;
        if (vm_commit(m->drv, base, cb, PAGE_READWRITE) != 0)
            return HR(E_OUTOFMEMORY);
    }
    *dest = base;
    if (src_copy(s, (void *)base, cb, 0) != 0)
        return HR(E_ACCESSDENIED); /* A3 */
    m->rec.copied = cb;
    return 0;
}

/* An alias in the window (AA3, AA4): the source's physical pages, same offset; with
 * `uncache`, both sides uncached while it lives (K4 cleaning by kernel/mmu.c). */
static uint32_t make_alias(struct mrec *r, const struct msrc *s, uint32_t cb, int uncache,
                           uint32_t *dest)
{
    uint32_t first = PAGE_ROUND_DOWN(s->va), npages = (PAGE_ROUND_UP(s->va + cb) - first) >> PAGE_SHIFT;
    uint32_t base = win_alloc(npages);

    if (!base)
        return HR(E_OUTOFMEMORY);
    r->base = base;
    r->span = npages;
    r->uncached = (uint8_t)uncache;
    for (uint32_t i = 0; i < npages; i++) {
        uint32_t va = first + (i << PAGE_SHIFT), pte = mmu_pte(s->proc->as, va);
        uint32_t pa = pte & L2_SMALL_BASE_MASK;
        if (pte == L2_TYPE_FAULT || !page_is_ram(pa))
            return HR(E_ACCESSDENIED); /* A2 source not mapped, or device registers */
        if (page_meta_of(pa))
            page_get(pa);
        if (uncache)
            vm_source_uncache(s->proc, va, pa);
        if (mmu_map_page(base + (i << PAGE_SHIFT), pa, AP_PRIV_RW,
                         uncache ? ATTR_UNCACHED : ATTR_WRITEBACK) != 0) {
            if (uncache)
                vm_source_recache(s->proc, va, pa);
            if (page_meta_of(pa))
                page_free(pa);
            return HR(E_OUTOFMEMORY);
        }
        r->npages = i + 1u;
    }
    *dest = base + (s->va & PAGE_MASK);
    return 0;
}

/* ---- the calls ---- */

static void call_begin(struct mcall *m, struct sc *c, uint32_t api)
{
    struct thread *t = current;
    uint32_t lr = 0;

    kinfo_begin(t->tid);
    memset(m, 0, sizeof(*m));
    m->c = c;
    m->kmode = c->kernel;
    m->drv = c->p;
    if (m->kmode) {
        m->app = t->serve_proc;
        m->kernel_caller = t->serve_kernel;
    } else if (t->serve_proc != c->p) {
        m->app = t->serve_proc; /* a visitor: the application it serves */
    }
    copy_from_caller(c->kernel, &lr, c->tf->sp + STUB_LR_OFFSET, sizeof(lr));
    m->rec.api = api;
    m->rec.tid = t->tid;
    m->rec.pid = m->drv->pid;
    m->rec.call_site = lr;
}

static uint32_t call_end(struct mcall *m, uint32_t hr)
{
    m->rec.result = hr;
    if (hr != HR(S_OK))
        m->rec.dest = 0;
    kinfo_record(&m->rec);
    return hr;
}

/* Record fields of a call about a source. */
static void note(struct mcall *m, uint32_t src, uint32_t cb, uint32_t desc, const struct msrc *s)
{
    m->rec.src = src;
    m->rec.bytes = cb;
    m->rec.desc = desc;
    m->rec.caller_pid = s && s->proc ? s->proc->pid : m->app ? m->app->pid : 0;
}

/* V1/V3: *pp is the caller's output pointer; NULL is stored first, which proves it
 * writable. 0 or an HRESULT. */
static uint32_t out_clear(struct mcall *m, uint32_t pp)
{
    const uint32_t zero = 0;

    if (pp == 0 || !sc_ptr_ok(m->c, pp, sizeof(uint32_t), 1) ||
        copy_to_caller(m->c->kernel, pp, &zero, sizeof(zero)) != 0)
        return HR(E_INVALIDARG);
    return 0;
}

/* The common end of the three calls that make buffers: the new buffer (or the direct
 * pointer) into *pp, or everything undone. */
static uint32_t give_out(struct mcall *m, uint32_t pp, struct mrec *r, uint32_t hr, uint32_t dest)
{
    if (!hr && copy_to_caller(m->c->kernel, pp, &dest, sizeof(dest)) != 0)
        hr = HR(E_INVALIDARG);
    if (hr) {
        if (r)
            rec_release(r); /* what was made so far (V3) */
        m->rec.copied = 0;
        return call_end(m, hr);
    }
    if (r)
        rec_publish((unsigned)(r - recs));
    m->rec.dest = dest;
    return call_end(m, hr);
}

/* Validate and make a buffer: mode DIRECT, DUPLICATE or ALIAS chosen by `choose`. */
enum choice { CHOOSE_DUP, CHOOSE_DIRECT, CHOOSE_ALIAS };

static uint32_t make_buffer(struct mcall *m, uint32_t pp, uint32_t src, uint32_t cb, uint32_t desc,
                            int alias_ok, enum choice (*choose)(struct mcall *, const struct msrc *,
                                                                uint32_t, uint32_t, void *),
                            void *ctx)
{
    struct msrc s = {NULL, src};
    struct mrec *r = NULL;
    uint32_t hr, dest = 0;
    enum choice ch;
    int slot;

    note(m, src, cb, desc, NULL);
    hr = out_clear(m, pp);
    if (!hr && (src == 0 || !desc_ok(desc, alias_ok) || !size_ok(desc, cb)))
        hr = HR(E_INVALIDARG); /* V1, V2 */
    if (!hr && m->kmode && src >= VM_KRAM_CACHED && m->rec.api == KINFO_API_ALLOC_ASYNC) {
        m->rec.mode = KINFO_MODE_DIRECT; /* AA1: nothing to check or make */
        return give_out(m, pp, NULL, 0, src);
    }
    if (!hr)
        hr = source_of(m, src, &cb, desc, &s);
    note(m, src, cb, desc, &s);
    if (hr)
        return call_end(m, hr);
    ch = choose(m, &s, cb, desc, ctx);
    if (ch == CHOOSE_DIRECT) {
        m->rec.mode = KINFO_MODE_DIRECT;
        return give_out(m, pp, NULL, 0, src);
    }
    slot = rec_slot();
    if (slot < 0)
        return call_end(m, HR(E_OUTOFMEMORY));
    r = &recs[slot];
    rec_fill(m, r, ch == CHOOSE_ALIAS ? KINFO_LIVE_ALIAS : KINFO_LIVE_DUPLICATE, 0, src, cb, desc,
             &s); /* first: a failure below releases through it */
    if (ch == CHOOSE_ALIAS) {
        m->rec.mode = KINFO_MODE_ALIAS;
        hr = make_alias(r, &s, cb, !cfg.pipt && vm_alias_uncache(), &dest);
    } else {
        m->rec.mode = KINFO_MODE_DUPLICATE;
        hr = make_dup(m, r, &s, cb, &dest);
    }
    r->pub.dest = dest;
    return give_out(m, pp, r, hr, dest);
}

/* O1-O3: kernel mode without ForceDuplicate: direct; else a duplicate. */
static enum choice choose_open(struct mcall *m, const struct msrc *s, uint32_t cb, uint32_t desc,
                               void *ctx)
{
    (void)s, (void)cb, (void)desc;
    return m->kmode && !*(int *)ctx ? CHOOSE_DIRECT : CHOOSE_DUP;
}

/* D1: always a duplicate. */
static enum choice choose_dup(struct mcall *m, const struct msrc *s, uint32_t cb, uint32_t desc,
                              void *ctx)
{
    (void)m, (void)s, (void)cb, (void)desc, (void)ctx;
    return CHOOSE_DUP;
}

/* AA1-AA5 (see the policies at the top). */
static enum choice choose_async(struct mcall *m, const struct msrc *s, uint32_t cb, uint32_t desc,
                                void *ctx)
{
    (void)ctx;
    if (!m->kmode)
        return CHOOSE_DUP; /* AA5 */
    if (!s->proc)
        return CHOOSE_DIRECT; /* AA1: kernel memory */
    if (desc & MARSHAL_FORCE_ALIAS)
        return CHOOSE_ALIAS; /* AA3, AA4 */
    if (!cfg.pipt && !cfg.ce7)
        return CHOOSE_DUP; /* AA2 */
    return cb <= cfg.threshold ? CHOOSE_DUP : CHOOSE_ALIAS; /* AA2 (ce7), AA4 */
}

/* The record a release names: 0 and *out, or E_INVALIDARG with a diagnostic (AF3). */
static uint32_t find_for_release(struct mcall *m, uint32_t dest, uint32_t src, uint32_t cb,
                                 uint32_t desc, struct mrec **out)
{
    struct mrec *r = rec_find(m->drv, dest);

    if (!r) {
        call_diag(m, KINFO_DIAG_UNKNOWN, dest, cb, desc);
        return HR(E_INVALIDARG);
    }
    if (r->pub.api != api_family(m->rec.api) || r->pub.src != src || r->pub.desc != desc ||
        (r->pub.bytes != cb && !(is_string(desc) && cb == 0))) {
        call_diag(m, KINFO_DIAG_MISMATCH, dest, cb, desc);
        return HR(E_INVALIDARG);
    }
    *out = r;
    return 0;
}

/* Write-back of a duplicate to where it came from (AF1, C1, D2, FL2): 0 or -1. */
static int write_back(struct mcall *m, struct mrec *r)
{
    if (r->pub.kind != KINFO_LIVE_DUPLICATE || !writes(r->pub.desc))
        return 0;
    if (src_copy(&r->from, (void *)r->pub.dest, r->pub.bytes, 1) != 0)
        return -1;
    m->rec.copied = r->pub.bytes;
    return 0;
}

/* Close, Free, FreeDuplicate and Flush: `keep` for Flush; fail_hr when the write-back
 * fails. A direct buffer (kernel mode, dest == src) needs nothing. */
static uint32_t release_buffer(struct mcall *m, uint32_t dest, uint32_t src, uint32_t cb,
                               uint32_t desc, int alias_ok, int keep, uint32_t fail_hr)
{
    struct mrec *r = NULL;
    uint32_t hr = 0;

    note(m, src, cb, desc, NULL);
    m->rec.dest = dest;
    if (dest == 0 || src == 0 || !desc_ok(desc, alias_ok) || !size_ok(desc, cb))
        return call_end(m, HR(E_INVALIDARG)); /* V1, V2 */
    if (keep && !writes(desc))
        return call_end(m, HR_NOT_SUPPORTED); /* FL1 */
    if (m->kmode && dest == src) {
        /* O1, AA1: nothing was made (a buffer the kernel made never equals its source;
         * an earlier duplicate handed out direct by AA1 keeps its own record) */
        m->rec.mode = KINFO_MODE_DIRECT;
        return call_end(m, HR(S_OK));
    }
    hr = find_for_release(m, dest, src, cb, desc, &r);
    if (hr)
        return call_end(m, hr);
    m->rec.mode = r->pub.kind == KINFO_LIVE_ALIAS ? KINFO_MODE_ALIAS : KINFO_MODE_DUPLICATE;
    m->rec.caller_pid = r->pub.caller_pid;
    m->rec.bytes = r->pub.bytes;
    if (write_back(m, r) != 0)
        hr = fail_hr;
    if (!keep)
        rec_release(r);
    return call_end(m, hr);
}

/* HRESULT CeOpenCallerBuffer(PVOID *ppDest, PVOID pSrc, DWORD cbSrc, DWORD desc,
 * BOOL ForceDuplicate): O1-O3. */
uint32_t sys_CeOpenCallerBuffer(struct sc *c)
{
    struct mcall m;
    int force;

    call_begin(&m, c, KINFO_API_OPEN_CALLER);
    if (sc_stack_args(c, FLUSH_ARGS) != 0) {
        note(&m, c->a[1], c->a[2], c->a[3], NULL);
        return call_end(&m, HR(E_INVALIDARG));
    }
    force = c->a[4] != 0;
    return make_buffer(&m, c->a[0], c->a[1], c->a[2], c->a[3], 0, choose_open, &force);
}

/* HRESULT CeCloseCallerBuffer(PVOID pDest, PVOID pSrc, DWORD cbSrc, DWORD desc): C1. */
uint32_t sys_CeCloseCallerBuffer(struct sc *c)
{
    struct mcall m;

    call_begin(&m, c, KINFO_API_CLOSE_CALLER);
    return release_buffer(&m, c->a[0], c->a[1], c->a[2], c->a[3], 0, 0, HR(E_ACCESSDENIED));
}

/* HRESULT CeAllocAsynchronousBuffer(PVOID *ppDest, PVOID pSrc, DWORD cbSrc, DWORD desc):
 * AA1-AA6. */
uint32_t sys_CeAllocAsynchronousBuffer(struct sc *c)
{
    struct mcall m;

    call_begin(&m, c, KINFO_API_ALLOC_ASYNC);
    return make_buffer(&m, c->a[0], c->a[1], c->a[2], c->a[3], 1, choose_async, NULL);
}

/* HRESULT CeFreeAsynchronousBuffer(PVOID pDest, PVOID pSrc, DWORD cbSrc, DWORD desc):
 * AF1-AF3. */
uint32_t sys_CeFreeAsynchronousBuffer(struct sc *c)
{
    struct mcall m;

    call_begin(&m, c, KINFO_API_FREE_ASYNC);
    return release_buffer(&m, c->a[0], c->a[1], c->a[2], c->a[3], 1, 0, HR(E_FAIL));
}

/* HRESULT CeFlushAsynchronousBuffer(PVOID pDest, PVOID pSrc, PVOID pSrcUnmarshalled,
 * DWORD cbSrc, DWORD desc): FL1, FL2, AF3. pSrcUnmarshalled is not needed: the record
 * knows where the buffer came from. */
uint32_t sys_CeFlushAsynchronousBuffer(struct sc *c)
{
    struct mcall m;

    call_begin(&m, c, KINFO_API_FLUSH_ASYNC);
    if (sc_stack_args(c, FLUSH_ARGS) != 0) {
        note(&m, c->a[1], c->a[3], 0, NULL);
        return call_end(&m, HR(E_INVALIDARG));
    }
    return release_buffer(&m, c->a[0], c->a[1], c->a[3], c->a[4], 1, 1, HR(E_FAIL));
}

/* HRESULT CeAllocDuplicateBuffer(PVOID *ppDest, PVOID pSrc, DWORD cbSrc, DWORD desc): D1. */
uint32_t sys_CeAllocDuplicateBuffer(struct sc *c)
{
    struct mcall m;

    call_begin(&m, c, KINFO_API_ALLOC_DUP);
    return make_buffer(&m, c->a[0], c->a[1], c->a[2], c->a[3], 0, choose_dup, NULL);
}

/* HRESULT CeFreeDuplicateBuffer(PVOID pDest, PVOID pSrc, DWORD cbSrc, DWORD desc): D2. */
uint32_t sys_CeFreeDuplicateBuffer(struct sc *c)
{
    struct mcall m;

    call_begin(&m, c, KINFO_API_FREE_DUP);
    return release_buffer(&m, c->a[0], c->a[1], c->a[2], c->a[3], 0, 0, HR(E_FAIL));
}

/* ---- misuse and leaks ---- */

void marshal_fault(struct trap_frame *tf, uint32_t far, uint32_t fsr)
{
    struct thread *t = current;
    struct process *p = t->active ? t->active : t->owner;

    if (far < MARSHAL_WIN_BASE || far >= MARSHAL_WIN_END)
        return;
    diag(KINFO_DIAG_USE_AFTER_FREE, 0, p, tf->pc, far, 0, 0);
    if (t->active)
        fault_kill_current(tf, EXC_KIND_DABT, far, fsr); /* the served process dies */
    kprintf("kernel: kernel thread %lu killed: data abort at pc 0x%08lx, address 0x%08lx\n",
            (unsigned long)t->tid, (unsigned long)tf->pc, (unsigned long)far);
    thread_exit(STATUS_ACCESS_VIOLATION); /* an IST or worker: only it goes */
}

static void print_leak(const struct mrec *r, const char *when)
{
    const struct kinfo_live *l = &r->pub;

    kprintf("leak: %s %s of %lu bytes at 0x%08lx (source 0x%08lx, descriptor 0x%08lx%s) from "
            "%s, process %s (pid %lu), caller pid %lu, call site 0x%08lx\n",
            when, l->kind == KINFO_LIVE_ALIAS ? "alias" : "duplicate", (unsigned long)l->bytes,
            (unsigned long)l->dest, (unsigned long)l->src, (unsigned long)l->desc,
            r->uncached ? ", source pages uncached" : "", api_name(l->api), r->drv->name,
            (unsigned long)l->pid, (unsigned long)l->caller_pid, (unsigned long)l->call_site);
}

void marshal_process_gone(struct process *p)
{
    for (unsigned i = 0; i < KINFO_LIVE_MAX; i++) {
        struct mrec *r = &recs[i];
        if (r->pub.kind == KINFO_LIVE_FREE || r->drv != p)
            continue;
        print_leak(r, "at unload:");
        r->span = r->npages = r->base = 0; /* a host's own region: it goes with the process */
        rec_release(r);
    }
}

void marshal_report_leaks(void)
{
    for (unsigned i = 0; i < KINFO_LIVE_MAX; i++) {
        if (recs[i].pub.kind != KINFO_LIVE_FREE)
            print_leak(&recs[i], "at exit:");
    }
}

/* ---- the test hook ---- */

static uint32_t attr_of(const struct aspace *as, uint32_t va)
{
    uint32_t pte = mmu_pte(as, va);

    return pte == L2_TYPE_FAULT ? MARSHAL_DEBUG_UNMAPPED : pte & ATTR_MASK;
}

static uint32_t live_count(void)
{
    uint32_t n = 0;

    for (unsigned i = 0; i < KINFO_LIVE_MAX; i++)
        n += recs[i].pub.kind != KINFO_LIVE_FREE;
    return n;
}

/* ALLOC and FREE as a kernel-mode driver serving the caller: the same code paths, with
 * the caller's own pointers for the output (a kernel-mode driver's are kernel ones). */
static uint32_t debug_call(struct sc *c, MARSHAL_DEBUG *d, uint32_t pp)
{
    struct mcall m;

    call_begin(&m, c, d->op == MARSHAL_DEBUG_ALLOC ? KINFO_API_ALLOC_ASYNC : KINFO_API_FREE_ASYNC);
    m.kmode = 1;
    m.drv = &kernel_process;
    m.app = c->p;
    m.kernel_caller = 0;
    m.rec.pid = kernel_process.pid;
    if (d->op == MARSHAL_DEBUG_ALLOC)
        return make_buffer(&m, pp, d->src, d->bytes, d->desc, 1, choose_async, NULL);
    return release_buffer(&m, d->dest, d->src, d->bytes, d->desc, 1, 0, HR(E_FAIL));
}

/* BOOL KernelMarshalDebug(MARSHAL_DEBUG *): see guest/include/cesim.h. */
uint32_t sys_KernelMarshalDebug(struct sc *c)
{
    MARSHAL_DEBUG d;
    uint32_t p = c->a[0];

    if (c->kernel)
        return sc_fail(ERROR_NOT_SUPPORTED, FALSE);
    if (!sc_ptr_ok(c, p, sizeof(d), 1) || copy_from_caller(0, &d, p, sizeof(d)) != 0 ||
        d.cbSize != sizeof(d))
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    switch (d.op) {
    case MARSHAL_DEBUG_ALLOC:
    case MARSHAL_DEBUG_FREE:
        d.hr = debug_call(c, &d, p + offsetof(MARSHAL_DEBUG, dest));
        if (copy_from_caller(0, &d.dest, p + offsetof(MARSHAL_DEBUG, dest), sizeof(d.dest)) != 0)
            return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
        break;
    case MARSHAL_DEBUG_QUERY:
        d.srcAttr = attr_of(c->p->as, PAGE_ROUND_DOWN(d.src));
        d.destAttr = attr_of(&kernel_as, PAGE_ROUND_DOWN(d.dest));
        d.live = live_count();
        break;
    default: return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    }
    if (copy_to_caller(0, p, &d, sizeof(d)) != 0)
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    return TRUE;
}
