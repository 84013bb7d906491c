/*
 * page.c: physical page allocator, one bit per 4 KB page of the largest RAM the board
 * allows (a set bit: in use, or not managed). Allocation is first fit (the lowest free
 * page), so a run's sequence of pages is deterministic and freed pages come back first. Double
 * frees and frees of pages the allocator does not manage are kernel bugs: kpanic.
 */
#include "page.h"

#include "cp15.h"
#include "kernel.h"

#define BITS_PER_WORD 32u
#define MAX_PAGES (BOARD_RAM_SIZE_MAX >> PAGE_SHIFT)

static uint32_t used_map[MAX_PAGES / BITS_PER_WORD];
static uint32_t first_page, end_page; /* managed: [first_page, end_page) */
static uint32_t nfree, ntotal;

static int page_used(uint32_t pfn)
{
    return (used_map[pfn / BITS_PER_WORD] >> (pfn % BITS_PER_WORD)) & 1u;
}

static void page_mark(uint32_t pfn, int used)
{
    uint32_t bit = 1u << (pfn % BITS_PER_WORD);

    if (used)
        used_map[pfn / BITS_PER_WORD] |= bit;
    else
        used_map[pfn / BITS_PER_WORD] &= ~bit;
}

/* Caller (kmain) passes page-aligned bounds inside RAM, from the validated TOC. */
void page_init(uint32_t start_pa, uint32_t end_pa)
{
    first_page = start_pa >> PAGE_SHIFT;
    end_page = end_pa >> PAGE_SHIFT;
    if (first_page == 0)
        first_page = 1; /* page 0 is PAGE_NONE */
    for (uint32_t pfn = 0; pfn < MAX_PAGES; pfn++)
        page_mark(pfn, pfn < first_page || pfn >= end_page);
    ntotal = nfree = end_page > first_page ? end_page - first_page : 0;
}

/* Lowest free page; whole words of used pages are skipped. Caller knows nfree > 0. */
static uint32_t find_free(void)
{
    uint32_t w = first_page / BITS_PER_WORD;

    while (used_map[w] == UINT32_MAX)
        w++;
    for (uint32_t pfn = w * BITS_PER_WORD;; pfn++) {
        if (!page_used(pfn))
            return pfn;
    }
}

uint32_t page_alloc(void)
{
    uint32_t pfn;

    if (nfree == 0)
        return PAGE_NONE;
    pfn = find_free();
    page_mark(pfn, 1);
    nfree--;
    return pfn << PAGE_SHIFT;
}

/* The page's data is dead: its kernel-window lines are dropped, not written back. */
void page_free(uint32_t pa)
{
    uint32_t pfn = pa >> PAGE_SHIFT;

    if ((pa & PAGE_MASK) || pfn < first_page || pfn >= end_page || !page_used(pfn))
        kpanic("page_free(0x%08lx): not an allocated page", (unsigned long)pa);
    cp15_dcache_inv_range(KERNEL_VA(pa), KERNEL_VA(pa) + VM_PAGE_SIZE);
    page_mark(pfn, 0);
    nfree++;
}

uint32_t page_free_count(void)
{
    return nfree;
}

uint32_t page_total_count(void)
{
    return ntotal;
}
