/*
 * mmu.c: page-table changes for the kernel's first-level table (boot_l1). Descriptors
 * are written through the cached RAM window and then cleaned, because the ARM926 table
 * walker reads physical memory, not the D-cache. Before a mapping goes, its lines are
 * cleaned and invalidated by MVA (a VIVT cache finds lines by virtual address: after
 * the unmap, stale lines of that address would hit for the next mapping there) and the
 * I-cache is invalidated; after every descriptor change, the TLB entry is invalidated
 * by MVA (spec/marshal.md K3).
 *
 * A coarse table takes a page of its own (1 KB used): simple, and the process work
 * will revisit it. An empty coarse table is freed with the last page it mapped.
 */
#include "mmu.h"

#include <string.h>

#include "arm.h"
#include "cp15.h"
#include "kernel.h"
#include "page.h"

extern uint32_t boot_l1[L1_ENTRIES]; /* kernel/boot.S */

#define IDENTITY_BASE (KERNEL_LOAD_PA & L1_SECTION_BASE_MASK)

static uint32_t *const kernel_l1 = boot_l1;

/* The descriptor at p reaches memory, where the walker reads it. */
static void publish(const uint32_t *p)
{
    cp15_dcache_clean_range((uint32_t)p, (uint32_t)(p + 1));
}

static void l1_write(uint32_t va, uint32_t desc)
{
    uint32_t *p = &kernel_l1[L1_INDEX(va)];

    *p = desc;
    publish(p);
}

/*
 * Drop the TLB entry of a 4 KB page that goes away. The ARM926 needs one operation by
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

/* No line of [start, end) may survive: whole caches above CACHE_DLIMIT (K3 allows it). */
static void flush_va_range(uint32_t start, uint32_t end)
{
    if (end - start > CACHE_DLIMIT) {
        cp15_flush_kern_all();
        return;
    }
    cp15_dcache_clean_inv_range(start, end);
    cp15_icache_inv_all();
}

void mmu_boot_finish(void)
{
    flush_va_range(IDENTITY_BASE, IDENTITY_BASE + VM_SECTION_SIZE);
    l1_write(IDENTITY_BASE, L1_TYPE_FAULT);
    cp15_tlb_inv_mva(IDENTITY_BASE);
}

/* New sections where the entries were faults: nothing cached, no TLB entry to drop. */
static void map_sections(uint32_t va, uint32_t pa, uint32_t count, uint32_t attr)
{
    for (uint32_t i = 0; i < count; i++) {
        uint32_t off = i << MB_SHIFT;
        uint32_t *p = &kernel_l1[L1_INDEX(va + off)];
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

/* The coarse table covering va, or NULL when va is unmapped at the first level. */
static uint32_t *coarse_table(uint32_t va)
{
    uint32_t desc = kernel_l1[L1_INDEX(va)];

    if ((desc & L1_TYPE_MASK) != L1_TYPE_COARSE)
        return NULL;
    return (uint32_t *)KERNEL_VA(desc & L1_COARSE_BASE_MASK);
}

/* A zeroed coarse table, cleaned to memory before the first-level entry points at it. */
static uint32_t *coarse_table_create(uint32_t va)
{
    uint32_t pa = page_alloc();
    uint32_t *table;

    if (pa == PAGE_NONE)
        return NULL;
    table = (uint32_t *)KERNEL_VA(pa);
    memset(table, 0, L2_TABLE_SIZE);
    cp15_dcache_clean_range((uint32_t)table, (uint32_t)table + L2_TABLE_SIZE);
    l1_write(va, L1_COARSE(pa));
    return table;
}

int mmu_map_page(uint32_t va, uint32_t pa, uint32_t ap, uint32_t attr)
{
    uint32_t l1 = kernel_l1[L1_INDEX(va)];
    uint32_t *table, *pte;

    if ((va | pa) & PAGE_MASK)
        return -1;
    if ((l1 & L1_TYPE_MASK) == L1_TYPE_FAULT)
        table = coarse_table_create(va);
    else
        table = coarse_table(va);
    if (!table)
        return -1;
    pte = &table[L2_COARSE_INDEX(va)];
    if ((*pte & L2_TYPE_MASK) != L2_TYPE_FAULT)
        return -1;
    *pte = L2_SMALL(pa, ap, attr & ATTR_MASK);
    publish(pte);
    cp15_tlb_inv_mva(va);
    return 0;
}

static int table_empty(const uint32_t *table)
{
    for (uint32_t i = 0; i < L2_ENTRIES; i++) {
        if ((table[i] & L2_TYPE_MASK) != L2_TYPE_FAULT)
            return 0;
    }
    return 1;
}

/* The table maps nothing any more, so the TLB holds nothing of it either. */
static void coarse_table_release(uint32_t va)
{
    uint32_t pa = kernel_l1[L1_INDEX(va)] & L1_COARSE_BASE_MASK;

    l1_write(va, L1_TYPE_FAULT);
    cp15_tlb_inv_mva(va);
    page_free(pa);
}

uint32_t mmu_unmap_page(uint32_t va)
{
    uint32_t *table = coarse_table(va);
    uint32_t *pte, pa;

    if (!table)
        return MMU_NO_PAGE;
    va = PAGE_ROUND_DOWN(va);
    pte = &table[L2_COARSE_INDEX(va)];
    if ((*pte & L2_TYPE_MASK) != L2_TYPE_SMALL)
        return MMU_NO_PAGE;
    pa = *pte & L2_SMALL_BASE_MASK;
    flush_va_range(va, va + VM_PAGE_SIZE); /* while the mapping still exists */
    *pte = L2_TYPE_FAULT;
    publish(pte);
    tlb_inv_page(va);
    if (table_empty(table))
        coarse_table_release(va);
    return pa;
}

int mmu_lookup(uint32_t va, uint32_t *pa)
{
    uint32_t l1 = kernel_l1[L1_INDEX(va)];
    const uint32_t *table;
    uint32_t pte;

    if ((l1 & L1_TYPE_MASK) == L1_TYPE_SECTION) {
        *pa = (l1 & L1_SECTION_BASE_MASK) | (va & SECTION_MASK);
        return 0;
    }
    table = coarse_table(va);
    if (!table)
        return -1;
    pte = table[L2_COARSE_INDEX(va)];
    if ((pte & L2_TYPE_MASK) != L2_TYPE_SMALL)
        return -1;
    *pa = (pte & L2_SMALL_BASE_MASK) | (va & PAGE_MASK);
    return 0;
}

int mmu_user_range_mapped(uint32_t va, uint32_t len)
{
    uint32_t pa;

    if (len == 0)
        return 1;
    if (va < VM_USER_BASE || va >= VM_USER_END || len > VM_USER_END - va)
        return 0;
    for (uint32_t p = PAGE_ROUND_DOWN(va); p < va + len; p += VM_PAGE_SIZE) {
        if (mmu_lookup(p, &pa) != 0)
            return 0;
    }
    return 1;
}
