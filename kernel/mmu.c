/*
 * mmu.c: address spaces and their page tables (see mmu.h for the VIVT duties).
 * Descriptors are written through the cached RAM window and then cleaned, because the
 * ARM926 table walker reads physical memory, not the D-cache.
 *
 * A coarse table takes a page of its own (1 KB used): simple, and pages are plentiful.
 * A user coarse table is freed with the last page it mapped; kernel ones stay, so the
 * first-level entries every address space copied never go stale.
 */
#include "mmu.h"

#include <string.h>

#include "arm.h"
#include "cp15.h"
#include "kernel.h"
#include "page.h"

extern uint32_t boot_l1[L1_ENTRIES]; /* kernel/boot.S */

#define IDENTITY_BASE (KERNEL_LOAD_PA & L1_SECTION_BASE_MASK)
#define L1_TABLE_PAGES (L1_TABLE_SIZE / VM_PAGE_SIZE)
#define L1_KERNEL_FIRST L1_INDEX(VM_KERNEL_BASE)

struct aspace kernel_as = {boot_l1, 0, LIST_INIT(kernel_as.link)};

static struct list_node all_spaces = LIST_INIT(all_spaces);
static struct aspace *current_as = &kernel_as;
static uint32_t switches;
static uint32_t kernel_tables;

/* The descriptor at p reaches memory, where the walker reads it. */
static void publish(const uint32_t *p)
{
    cp15_dcache_clean_range((uint32_t)p, (uint32_t)(p + 1));
}

static int is_kernel_va(uint32_t va)
{
    return va >= VM_KERNEL_BASE;
}

/* Kernel-half entries go to every table, so all address spaces keep seeing the kernel. */
static void l1_write(struct aspace *as, uint32_t va, uint32_t desc)
{
    struct list_node *n;

    if (!is_kernel_va(va)) {
        as->l1[L1_INDEX(va)] = desc;
        publish(&as->l1[L1_INDEX(va)]);
        return;
    }
    kernel_as.l1[L1_INDEX(va)] = desc;
    publish(&kernel_as.l1[L1_INDEX(va)]);
    list_for_each(n, &all_spaces)
    {
        struct aspace *o = list_entry(n, struct aspace, link);
        o->l1[L1_INDEX(va)] = desc;
        publish(&o->l1[L1_INDEX(va)]);
    }
}

/* Lines and TLB entries exist only for what is mapped: the current address space, and
 * the kernel half that all of them share. */
static int is_live(const struct aspace *as, uint32_t va)
{
    return as == current_as || is_kernel_va(va);
}

/*
 * Drop the TLB entry of a 4 KB page that changed. The ARM926 needs one operation by
 * MVA; QEMU and Unicorn need one per 1 KB: they track translations, and the code they
 * have translated, in 1 KB units (ARMv5 has 1 KB tiny pages) and forget translated code
 * only around the address given. Without this, code of the page's old frame goes on
 * running after a new frame is mapped at the same address (seen with two apps in a row).
 */
static void tlb_inv_page(uint32_t va)
{
    for (uint32_t off = 0; off < VM_PAGE_SIZE; off += TINY_PAGE_SIZE)
        cp15_tlb_inv_mva(va + off);
}

/* K3, before descriptors of [start, end) change: no line of the range may survive
 * (whole caches above CACHE_DLIMIT). */
static void range_flush_caches(const struct aspace *as, uint32_t start, uint32_t end)
{
    if (!is_live(as, start))
        return;
    if (end - start > CACHE_DLIMIT) {
        cp15_flush_kern_all();
        return;
    }
    cp15_dcache_clean_inv_range(start, end);
    cp15_icache_inv_all();
}

/* K3, after: the TLB forgets the old descriptors. */
static void range_flush_tlb(const struct aspace *as, uint32_t start, uint32_t end)
{
    if (!is_live(as, start))
        return;
    if (end - start > CACHE_DLIMIT) {
        cp15_tlb_inv_all();
        return;
    }
    for (uint32_t va = start; va < end; va += VM_PAGE_SIZE)
        tlb_inv_page(va);
}

void mmu_boot_finish(void)
{
    kernel_as.l1_pa = KERNEL_PA((uint32_t)boot_l1);
    range_flush_caches(&kernel_as, IDENTITY_BASE, IDENTITY_BASE + VM_SECTION_SIZE);
    kernel_as.l1[L1_INDEX(IDENTITY_BASE)] = L1_TYPE_FAULT;
    publish(&kernel_as.l1[L1_INDEX(IDENTITY_BASE)]);
    cp15_tlb_inv_mva(IDENTITY_BASE);
}

/* New sections where the entries were faults: nothing cached, no TLB entry to drop.
 * Called before any other address space exists. */
static void map_sections(uint32_t va, uint32_t pa, uint32_t count, uint32_t attr)
{
    for (uint32_t i = 0; i < count; i++) {
        uint32_t off = i << MB_SHIFT;
        uint32_t *p = &kernel_as.l1[L1_INDEX(va + off)];
        if ((*p & L1_TYPE_MASK) == L1_TYPE_FAULT) {
            *p = L1_SECTION(pa + off, AP_PRIV_RW, attr);
            publish(p);
        }
    }
}

void mmu_map_ram(uint32_t ram_size)
{
    uint32_t sections = SECTION_ROUND_UP(ram_size) >> MB_SHIFT;

    map_sections(VM_KRAM_CACHED, BOARD_RAM_PA, sections, ATTR_WRITEBACK);
    map_sections(VM_KRAM_UNCACHED, BOARD_RAM_PA, sections, ATTR_UNCACHED);
}

/* ---- address spaces ---- */

int as_create(struct aspace *as)
{
    uint32_t pa = page_alloc_run(L1_TABLE_PAGES, L1_TABLE_PAGES);

    if (pa == PAGE_NONE)
        return -1;
    as->l1_pa = pa;
    as->l1 = (uint32_t *)KERNEL_VA(pa);
    memset(as->l1, 0, L1_KERNEL_FIRST * sizeof(uint32_t));
    memcpy(&as->l1[L1_KERNEL_FIRST], &kernel_as.l1[L1_KERNEL_FIRST],
           (L1_ENTRIES - L1_KERNEL_FIRST) * sizeof(uint32_t));
    cp15_dcache_clean_range((uint32_t)as->l1, (uint32_t)as->l1 + L1_TABLE_SIZE);
    list_add_tail(&all_spaces, &as->link);
    return 0;
}

void as_destroy(struct aspace *as)
{
    if (as == current_as || as == &kernel_as)
        kpanic("as_destroy: the address space is mapped");
    for (uint32_t i = 0; i < L1_KERNEL_FIRST; i++) {
        if ((as->l1[i] & L1_TYPE_MASK) == L1_TYPE_COARSE)
            page_free(as->l1[i] & L1_COARSE_BASE_MASK);
    }
    list_remove(&as->link);
    page_free_run(as->l1_pa, L1_TABLE_PAGES);
    as->l1 = NULL;
}

/* K1: memory holds everything and no cache or TLB holds anything of the old space. */
void as_switch(struct aspace *as)
{
    if (as == current_as)
        return;
    cp15_flush_kern_all();
    cp15_tlb_inv_all();
    cp15_write_ttbr0(as->l1_pa);
    current_as = as;
    switches++;
}

struct aspace *as_current(void)
{
    return current_as;
}

uint32_t as_switch_count(void)
{
    return switches;
}

/* ---- second-level tables ---- */

/* The coarse table covering va, or NULL when va is unmapped at the first level. */
static uint32_t *coarse_table(const struct aspace *as, uint32_t va)
{
    uint32_t desc = as->l1[L1_INDEX(va)];

    if ((desc & L1_TYPE_MASK) != L1_TYPE_COARSE)
        return NULL;
    return (uint32_t *)KERNEL_VA(desc & L1_COARSE_BASE_MASK);
}

/* A zeroed coarse table, cleaned to memory before the first-level entry points at it. */
static uint32_t *coarse_table_create(struct aspace *as, uint32_t va)
{
    uint32_t pa = page_alloc();
    uint32_t *table;

    if (pa == PAGE_NONE)
        return NULL;
    table = (uint32_t *)KERNEL_VA(pa);
    memset(table, 0, L2_TABLE_SIZE);
    cp15_dcache_clean_range((uint32_t)table, (uint32_t)table + L2_TABLE_SIZE);
    l1_write(as, va, L1_COARSE(pa));
    if (is_kernel_va(va))
        kernel_tables++;
    return table;
}

static int table_empty(const uint32_t *table)
{
    for (uint32_t i = 0; i < L2_ENTRIES; i++) {
        if ((table[i] & L2_TYPE_MASK) != L2_TYPE_FAULT)
            return 0;
    }
    return 1;
}

/* A user table that maps nothing any more: the TLB holds nothing of it either. */
static void coarse_table_release(struct aspace *as, uint32_t va)
{
    uint32_t pa = as->l1[L1_INDEX(va)] & L1_COARSE_BASE_MASK;

    l1_write(as, va, L1_TYPE_FAULT);
    if (is_live(as, va))
        cp15_tlb_inv_mva(va);
    page_free(pa);
}

int mmu_map(struct aspace *as, uint32_t va, uint32_t pa, uint32_t ap, uint32_t attr)
{
    uint32_t l1 = as->l1[L1_INDEX(va)];
    uint32_t *table, *pte;

    if ((va | pa) & PAGE_MASK)
        return -1;
    if ((l1 & L1_TYPE_MASK) == L1_TYPE_FAULT)
        table = coarse_table_create(as, va);
    else
        table = coarse_table(as, va);
    if (!table)
        return -1;
    pte = &table[L2_COARSE_INDEX(va)];
    if ((*pte & L2_TYPE_MASK) != L2_TYPE_FAULT)
        return -1;
    *pte = L2_SMALL(pa, ap, attr & ATTR_MASK);
    publish(pte);
    range_flush_tlb(as, va, va + VM_PAGE_SIZE);
    return 0;
}

uint32_t mmu_pte(const struct aspace *as, uint32_t va)
{
    const uint32_t *table = coarse_table(as, va);
    uint32_t pte;

    if (!table)
        return L2_TYPE_FAULT;
    pte = table[L2_COARSE_INDEX(va)];
    return (pte & L2_TYPE_MASK) == L2_TYPE_SMALL ? pte : L2_TYPE_FAULT;
}

/* The next megabyte boundary after va, clipped to end (0 wraps: the top megabyte). */
static uint32_t mb_end(uint32_t va, uint32_t end)
{
    uint32_t next = (va & L1_SECTION_BASE_MASK) + VM_SECTION_SIZE;

    return next == 0 || next > end ? end : next;
}

/* Clear the small pages of [va, stop) inside one coarse table; free it when empty. */
static void unmap_in_table(struct aspace *as, uint32_t va, uint32_t stop,
                           void (*fn)(uint32_t va, uint32_t pa, void *ctx), void *ctx)
{
    uint32_t *table = coarse_table(as, va);

    if (!table)
        return;
    for (; va < stop; va += VM_PAGE_SIZE) {
        uint32_t *pte = &table[L2_COARSE_INDEX(va)];
        uint32_t pa = *pte & L2_SMALL_BASE_MASK;
        if ((*pte & L2_TYPE_MASK) != L2_TYPE_SMALL)
            continue;
        *pte = L2_TYPE_FAULT;
        publish(pte);
        if (fn)
            fn(va, pa, ctx);
    }
    if (!is_kernel_va(stop - 1) && table_empty(table))
        coarse_table_release(as, stop - 1);
}

void mmu_unmap_range(struct aspace *as, uint32_t start, uint32_t end,
                     void (*fn)(uint32_t va, uint32_t pa, void *ctx), void *ctx)
{
    if (start >= end)
        return;
    range_flush_caches(as, start, end); /* while the mappings still exist */
    for (uint32_t va = start; va < end;) {
        uint32_t stop = mb_end(va, end);
        unmap_in_table(as, va, stop, fn, ctx);
        va = stop;
    }
    range_flush_tlb(as, start, end);
}

/* Rewrite the mapped descriptors of [start, end): new AP (keep_ap: the old one) and C/B.
 * The lines go first (K3; K4 when a page becomes uncached). */
static void remap_range(struct aspace *as, uint32_t start, uint32_t end, int keep_ap, uint32_t ap,
                        uint32_t attr)
{
    if (start >= end)
        return;
    range_flush_caches(as, start, end);
    for (uint32_t va = start; va < end; va += VM_PAGE_SIZE) {
        uint32_t *table = coarse_table(as, va);
        uint32_t *pte = table ? &table[L2_COARSE_INDEX(va)] : NULL;
        if (!pte || (*pte & L2_TYPE_MASK) != L2_TYPE_SMALL)
            continue;
        *pte = L2_SMALL(*pte, keep_ap ? pte_ap(*pte) : ap, attr & ATTR_MASK);
        publish(pte);
    }
    range_flush_tlb(as, start, end);
}

void mmu_protect_range(struct aspace *as, uint32_t start, uint32_t end, uint32_t ap, uint32_t attr)
{
    remap_range(as, start, end, 0, ap, attr);
}

void mmu_set_attr_range(struct aspace *as, uint32_t start, uint32_t end, uint32_t attr)
{
    remap_range(as, start, end, 1, 0, attr);
}

int mmu_range_mapped(const struct aspace *as, uint32_t start, uint32_t end)
{
    for (uint32_t va = start; va < end; va += VM_PAGE_SIZE) {
        if (mmu_pte(as, va) != L2_TYPE_FAULT)
            return 1;
    }
    return 0;
}

uint32_t mmu_kernel_table_pages(void)
{
    return kernel_tables;
}

/* ---- the kernel's own table ---- */

int mmu_map_page(uint32_t va, uint32_t pa, uint32_t ap, uint32_t attr)
{
    return mmu_map(&kernel_as, va, pa, ap, attr);
}

static void note_pa(uint32_t va, uint32_t pa, void *ctx)
{
    (void)va;
    *(uint32_t *)ctx = pa;
}

uint32_t mmu_unmap_page(uint32_t va)
{
    uint32_t pa = MMU_NO_PAGE;

    va = PAGE_ROUND_DOWN(va);
    mmu_unmap_range(&kernel_as, va, va + VM_PAGE_SIZE, note_pa, &pa);
    return pa;
}

int mmu_lookup(uint32_t va, uint32_t *pa)
{
    uint32_t l1 = kernel_as.l1[L1_INDEX(va)];
    uint32_t pte;

    if ((l1 & L1_TYPE_MASK) == L1_TYPE_SECTION) {
        *pa = (l1 & L1_SECTION_BASE_MASK) | (va & SECTION_MASK);
        return 0;
    }
    pte = mmu_pte(&kernel_as, va);
    if (pte == L2_TYPE_FAULT)
        return -1;
    *pa = (pte & L2_SMALL_BASE_MASK) | (va & PAGE_MASK);
    return 0;
}
