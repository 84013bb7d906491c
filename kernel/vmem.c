/*
 * vmem.c: regions, commitment, protection, aliases and cross-process access (see
 * vmem.h). Regions are kept on a per-process list ordered by address; a free range is
 * found by stepping over whatever overlaps (regions, and for user processes the board's
 * device window). All changes go through kernel/mmu.c, which does the VIVT duties.
 */
#include "vmem.h"

#include <string.h>

#include "arm.h"
#include "cache.h"
#include "cetypes.h"
#include "cp15.h"
#include "kernel.h"
#include "kheap.h"
#include "mmu.h"
#include "page.h"
#include "proc.h"
#include "toc.h"

#define GRANULE_MASK (VM_ALLOC_GRANULE - 1u)
#define GRANULE_DOWN(x) ((x) & ~GRANULE_MASK)
#define DEV_WINDOW_LO BOARD_DEV_PA_BASE
#define DEV_WINDOW_HI (BOARD_DEV_PA_BASE + BOARD_DEV_PA_SIZE)
#define PROT_BASE_MASK 0xFFu
#define PROT_MODIFIERS PAGE_NOCACHE

static int alias_uncache = 1;

void vm_init(void)
{
    const char *s = kernel_setting("alias_uncache");

    alias_uncache = !(s && strcmp(s, "off") == 0);
}

int vm_alias_uncache(void)
{
    return alias_uncache;
}

static int is_kernel_process(const struct process *p)
{
    return p == &kernel_process;
}

/* Where regions of p may lie; the trampoline granule only for the kernel's own use. */
static void limits(const struct process *p, enum vm_kind kind, uint32_t *lo, uint32_t *hi)
{
    if (is_kernel_process(p)) {
        *lo = KVM_ALLOC_BASE;
        *hi = KVM_ALLOC_END;
        return;
    }
    *lo = VM_USER_BASE;
    *hi = kind == VM_REGION_KERNEL ? VM_USER_END : VM_USER_TRAMPOLINE;
}

int vm_prot_decode(const struct process *p, uint32_t protect, uint32_t *ap, uint32_t *attr)
{
    if (protect & ~(PROT_BASE_MASK | PROT_MODIFIERS))
        return -1;
    switch (protect & PROT_BASE_MASK) {
    case PAGE_NOACCESS: *ap = AP_PRIV_RW; break; /* committed, but user code faults */
    case PAGE_READONLY:
    case PAGE_EXECUTE:
    case PAGE_EXECUTE_READ: *ap = AP_USER_RO; break; /* ARMv5 has no execute-never */
    case PAGE_READWRITE:
    case PAGE_EXECUTE_READWRITE: *ap = AP_RW; break;
    default: return -1;
    }
    if (is_kernel_process(p))
        *ap = AP_PRIV_RW;
    *attr = (protect & PAGE_NOCACHE) ? ATTR_UNCACHED : ATTR_WRITEBACK;
    return 0;
}

/* ---- regions ---- */

struct vm_region *vm_find(const struct process *p, uint32_t va)
{
    struct list_node *n;

    list_for_each(n, &p->regions)
    {
        struct vm_region *r = list_entry(n, struct vm_region, link);
        if (va >= r->base && va - r->base < r->size)
            return r;
    }
    return NULL;
}

/* Something already in [base, end): its bounds in *lo, *hi. */
static int overlap(const struct process *p, uint32_t base, uint32_t end, uint32_t *lo, uint32_t *hi)
{
    struct list_node *n;

    if (!is_kernel_process(p) && base < DEV_WINDOW_HI && end > DEV_WINDOW_LO) {
        *lo = DEV_WINDOW_LO;
        *hi = DEV_WINDOW_HI;
        return 1;
    }
    list_for_each(n, &p->regions)
    {
        struct vm_region *r = list_entry(n, struct vm_region, link);
        if (base < r->base + r->size && end > r->base) {
            *lo = r->base;
            *hi = r->base + r->size;
            return 1;
        }
    }
    return 0;
}

/* The lowest (or highest) free range of `size` bytes in [lo, hi), or 0. */
static uint32_t find_free(const struct process *p, uint32_t size, uint32_t lo, uint32_t hi,
                          int top_down)
{
    uint32_t base = top_down ? hi - size : lo, olo, ohi;

    while (base >= lo && base + size <= hi && base + size > base) {
        if (!overlap(p, base, base + size, &olo, &ohi))
            return base;
        if (top_down) {
            if (olo < lo + size)
                return 0;
            base = olo - size;
        } else {
            base = ohi;
        }
    }
    return 0;
}

static void region_insert(struct process *p, struct vm_region *r)
{
    struct list_node *n;

    list_for_each(n, &p->regions)
    {
        if (list_entry(n, struct vm_region, link)->base > r->base)
            break;
    }
    list_insert_before(n, &r->link);
}

uint32_t vm_reserve(struct process *p, uint32_t addr, uint32_t size, enum vm_kind kind,
                    uint32_t protect, int top_down, struct vm_region **out)
{
    uint32_t lo, hi, base, olo, ohi, span;
    struct vm_region *r;

    limits(p, kind, &lo, &hi);
    base = GRANULE_DOWN(addr);
    if (size == 0 || size > hi - lo || addr + size < addr)
        return ERROR_INVALID_PARAMETER;
    span = addr ? PAGE_ROUND_UP(addr + size) - base : size;
    span = (span + GRANULE_MASK) & ~GRANULE_MASK;
    if (span == 0)
        return ERROR_INVALID_PARAMETER;
    if (addr == 0) {
        base = find_free(p, span, lo, hi, top_down);
        if (base == 0)
            return ERROR_NOT_ENOUGH_MEMORY;
    } else if (base < lo || base + span > hi || base + span < base ||
               overlap(p, base, base + span, &olo, &ohi)) {
        return ERROR_INVALID_ADDRESS;
    }
    r = kmalloc(sizeof(*r));
    if (!r)
        return ERROR_NOT_ENOUGH_MEMORY;
    memset(r, 0, sizeof(*r));
    r->base = base;
    r->size = span;
    r->kind = kind;
    r->protect = protect;
    region_insert(p, r);
    *out = r;
    return 0;
}

/* [va, va + size) lies in one region; the region, or NULL. */
static struct vm_region *region_of_range(const struct process *p, uint32_t va, uint32_t size)
{
    struct vm_region *r = vm_find(p, va);

    if (!r || size == 0 || va + size < va || va + size > r->base + r->size)
        return NULL;
    return r;
}

static uint32_t pages_needed(const struct process *p, uint32_t start, uint32_t end)
{
    uint32_t n = 0;

    for (uint32_t va = start; va < end; va += VM_PAGE_SIZE)
        n += mmu_pte(p->as, va) == L2_TYPE_FAULT;
    return n + ((end - start) >> MB_SHIFT) + 2; /* coarse tables, at most */
}

uint32_t vm_commit(struct process *p, uint32_t va, uint32_t size, uint32_t protect)
{
    struct vm_region *r = region_of_range(p, va, size);
    uint32_t start = PAGE_ROUND_DOWN(va), end = PAGE_ROUND_UP(va + size), ap, attr;

    if (!r)
        return ERROR_INVALID_ADDRESS;
    if (vm_prot_decode(p, protect, &ap, &attr) != 0)
        return ERROR_INVALID_PARAMETER;
    if (pages_needed(p, start, end) > page_free_count())
        return ERROR_NOT_ENOUGH_MEMORY;
    if (mmu_range_mapped(p->as, start, end))
        mmu_protect_range(p->as, start, end, ap, attr);
    for (uint32_t v = start; v < end; v += VM_PAGE_SIZE) {
        uint32_t pa;
        if (mmu_pte(p->as, v) != L2_TYPE_FAULT)
            continue;
        pa = page_alloc_zeroed();
        if (pa == PAGE_NONE)
            return ERROR_NOT_ENOUGH_MEMORY;
        if (mmu_map(p->as, v, pa, ap, attr) != 0) {
            page_free(pa);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
    }
    return 0;
}

uint32_t vm_map_physical(struct process *p, uint32_t va, uint32_t pa, uint32_t size, uint32_t ap,
                         uint32_t attr)
{
    for (uint32_t off = 0; off < size; off += VM_PAGE_SIZE) {
        if (mmu_map(p->as, va + off, pa + off, ap, attr) != 0)
            return ERROR_NOT_ENOUGH_MEMORY;
    }
    return 0;
}

/* Pages the allocator manages are freed (one reference); ROM and devices stay. */
static void put_page(uint32_t va, uint32_t pa, void *ctx)
{
    (void)va, (void)ctx;
    if (page_meta_of(pa))
        page_free(pa);
}

uint32_t vm_decommit(struct process *p, uint32_t va, uint32_t size)
{
    struct vm_region *r = region_of_range(p, va, size);

    if (!r || r->kind != VM_REGION_ALLOC)
        return ERROR_INVALID_ADDRESS;
    mmu_unmap_range(p->as, PAGE_ROUND_DOWN(va), PAGE_ROUND_UP(va + size), put_page, NULL);
    return 0;
}

/* The PAGE_* a descriptor stands for (the inverse of vm_prot_decode, roughly). */
static uint32_t pte_protect(uint32_t pte)
{
    uint32_t prot;

    switch (pte_ap(pte)) {
    case AP_RW: prot = PAGE_READWRITE; break;
    case AP_USER_RO: prot = PAGE_READONLY; break;
    default: prot = PAGE_NOACCESS; break;
    }
    return (pte & ATTR_MASK) == ATTR_WRITEBACK ? prot : prot | PAGE_NOCACHE;
}

uint32_t vm_protect(struct process *p, uint32_t va, uint32_t size, uint32_t protect, uint32_t *old)
{
    struct vm_region *r = region_of_range(p, va, size);
    uint32_t start = PAGE_ROUND_DOWN(va), end = PAGE_ROUND_UP(va + size), ap, attr;

    if (!r || r->kind != VM_REGION_ALLOC)
        return ERROR_INVALID_ADDRESS;
    if (vm_prot_decode(p, protect, &ap, &attr) != 0)
        return ERROR_INVALID_PARAMETER;
    for (uint32_t v = start; v < end; v += VM_PAGE_SIZE) {
        if (mmu_pte(p->as, v) == L2_TYPE_FAULT)
            return ERROR_INVALID_ADDRESS; /* every page must be committed */
    }
    *old = pte_protect(mmu_pte(p->as, start));
    mmu_protect_range(p->as, start, end, ap, attr);
    return 0;
}

/* ---- aliases ---- */

/* The source page at va of src gets its own attributes back when the last alias that
 * uncached it goes (AA3 counting), if src still maps that very page. */
void vm_source_recache(struct process *src, uint32_t va, uint32_t pa)
{
    struct page_meta *m = page_meta_of(pa);
    struct vm_region *r;
    uint32_t ap, attr;

    if (!m || m->uncached == 0 || --m->uncached > 0 || src->dead)
        return;
    if ((mmu_pte(src->as, va) & L2_SMALL_BASE_MASK) != pa)
        return;
    r = vm_find(src, va);
    if (!r || vm_prot_decode(src, r->protect, &ap, &attr) != 0)
        attr = ATTR_WRITEBACK;
    mmu_set_attr_range(src->as, va, va + VM_PAGE_SIZE, attr);
}

/* Uncache the source page (its lines are cleaned and invalidated first: K4). */
void vm_source_uncache(struct process *src, uint32_t va, uint32_t pa)
{
    struct page_meta *m = page_meta_of(pa);

    if (m && m->uncached++ == 0)
        mmu_set_attr_range(src->as, va, va + VM_PAGE_SIZE, ATTR_UNCACHED);
}

struct alias_release {
    struct vm_region *r;
};

static void alias_page_gone(uint32_t va, uint32_t pa, void *ctx)
{
    struct vm_region *r = ((struct alias_release *)ctx)->r;

    if (r->uncached)
        vm_source_recache(r->src, r->src_va + (va - r->base), pa);
    if (page_meta_of(pa))
        page_free(pa);
}

uint32_t vm_alias(struct process *src, uint32_t src_va, uint32_t size, struct process *dst,
                  uint32_t protect, int uncache, uint32_t *dst_va)
{
    uint32_t first = PAGE_ROUND_DOWN(src_va), end = PAGE_ROUND_UP(src_va + size);
    uint32_t ap, attr, err;
    struct vm_region *r;

    if (src->dead || dst->dead)
        return ERROR_INVALID_HANDLE;
    if (vm_prot_decode(dst, protect, &ap, &attr) != 0)
        return ERROR_INVALID_PARAMETER;
    err = vm_reserve(dst, 0, end - first, VM_REGION_ALIAS, protect, 0, &r);
    if (err)
        return err;
    r->src = src;
    r->src_va = first;
    r->uncached = (uint32_t)uncache;
    kobj_get(&src->obj);
    for (uint32_t off = 0; first + off < end; off += VM_PAGE_SIZE) {
        uint32_t pa = mmu_pte(src->as, first + off) & L2_SMALL_BASE_MASK;
        if (page_meta_of(pa))
            page_get(pa);
        if (uncache)
            vm_source_uncache(src, first + off, pa);
        if (mmu_map(dst->as, r->base + off, pa, ap, uncache ? ATTR_UNCACHED : attr) != 0) {
            if (uncache)
                vm_source_recache(src, first + off, pa);
            if (page_meta_of(pa))
                page_free(pa);
            vm_release(dst, r); /* undoes the pages mapped so far */
            return ERROR_NOT_ENOUGH_MEMORY;
        }
    }
    *dst_va = r->base + (src_va & PAGE_MASK);
    return 0;
}

/* ---- release ---- */

void vm_release(struct process *p, struct vm_region *r)
{
    if (r->kind == VM_REGION_ALIAS) {
        struct alias_release ar = {r};
        mmu_unmap_range(p->as, r->base, r->base + r->size, alias_page_gone, &ar);
        kobj_put(&r->src->obj);
    } else {
        mmu_unmap_range(p->as, r->base, r->base + r->size, put_page, NULL);
    }
    list_remove(&r->link);
    kfree(r);
}

void vm_release_all(struct process *p)
{
    while (!list_empty(&p->regions))
        vm_release(p, list_entry(p->regions.next, struct vm_region, link));
}

/* ---- access ---- */

int vm_user_access_ok(const struct process *p, uint32_t va, uint32_t len, int write)
{
    uint32_t limit = write ? VM_USER_END : VM_KRAM_CACHED;

    if (len == 0)
        return 1;
    if (va < VM_NULL_GUARD_END || va >= limit || len > limit - va)
        return 0;
    for (uint32_t page = PAGE_ROUND_DOWN(va); page < va + len; page += VM_PAGE_SIZE) {
        uint32_t ap = pte_ap(mmu_pte(p->as, page));
        if (mmu_pte(p->as, page) == L2_TYPE_FAULT)
            return 0;
        if (ap != AP_RW && (write || ap != AP_USER_RO))
            return 0;
    }
    return 1;
}

int vm_process_pages(struct process *p, uint32_t va, uint32_t n, int write,
                     int (*fn)(void *kptr, uint32_t off, uint32_t len, void *ctx), void *ctx)
{
    int rc = 0;

    if (n == 0)
        return 0;
    if (p->dead || !vm_user_access_ok(p, va, n, write))
        return -1;
    if (p->as == as_current())
        cache_dcache_flush_range(va, va + n); /* p's own lines reach memory */
    for (uint32_t off = 0; off < n && rc == 0;) {
        uint32_t v = va + off;
        uint32_t len = VM_PAGE_SIZE - (v & PAGE_MASK);
        uint32_t pa = (mmu_pte(p->as, v) & L2_SMALL_BASE_MASK) | (v & PAGE_MASK);
        uint32_t kva = KERNEL_VA(pa);
        if (!page_is_ram(pa))
            return -1; /* device registers: not through the RAM window */
        if (len > n - off)
            len = n - off;
        rc = fn((void *)kva, off, len, ctx);
        cp15_dcache_clean_inv_range(kva, kva + len); /* no window line outlives the copy */
        off += len;
    }
    return rc;
}
