/*
 * page.c: physical page allocator, one bit per 4 KB page of the largest RAM the board
 * allows (a set bit: in use, or not managed). Allocation is first fit (the lowest free
 * page), so a run's sequence of pages is deterministic and freed pages come back first.
 * Double frees and frees of pages the allocator does not manage are kernel bugs: kpanic.
 *
 * Each managed page also has a small record (struct page_meta): a reference count, so
 * that a page mapped in two address spaces (a VirtualAllocCopyEx alias) outlives the
 * process that allocated it, and a count of the live aliases that keep it uncached
 * (spec/marshal.md AA3). The records live in pages taken from the top of RAM at boot.
 */
#include "page.h"

#include <string.h>

#include "cp15.h"
#include "kernel.h"

#define BITS_PER_WORD 32u
#define MAX_PAGES (BOARD_RAM_SIZE_MAX >> PAGE_SHIFT)

static uint32_t used_map[MAX_PAGES / BITS_PER_WORD];
static uint32_t first_page, end_page; /* managed: [first_page, end_page) */
static uint32_t nfree, ntotal;
static struct page_meta *meta; /* indexed by pfn - first_page */
static uint32_t ram_end;       /* physical end of RAM */

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

/* Caller (kmain) passes page-aligned bounds inside RAM, from the validated TOC, with
 * the RAM windows already mapped over all of it. The page records come off the top. */
void page_init(uint32_t start_pa, uint32_t end_pa)
{
    uint32_t npages, meta_pages;

    ram_end = end_pa;
    first_page = start_pa >> PAGE_SHIFT;
    end_page = end_pa >> PAGE_SHIFT;
    if (first_page == 0)
        first_page = 1; /* page 0 is PAGE_NONE */
    npages = end_page > first_page ? end_page - first_page : 0;
    meta_pages = PAGE_ROUND_UP(npages * sizeof(struct page_meta)) >> PAGE_SHIFT;
    if (meta_pages >= npages)
        kpanic("page_init: no room for the page records");
    end_page -= meta_pages;
    meta = (struct page_meta *)KERNEL_VA(end_page << PAGE_SHIFT);
    memset(meta, 0, meta_pages << PAGE_SHIFT);
    for (uint32_t pfn = 0; pfn < MAX_PAGES; pfn++)
        page_mark(pfn, pfn < first_page || pfn >= end_page);
    ntotal = nfree = end_page - first_page;
}

/* The lowest run of `count` free pages starting at a multiple of `align` pages, or 0. */
static uint32_t find_free_run(uint32_t count, uint32_t align)
{
    uint32_t pfn = (first_page + align - 1) / align * align;

    while (pfn + count <= end_page) {
        uint32_t n = 0;
        while (n < count && !page_used(pfn + n))
            n++;
        if (n == count)
            return pfn;
        pfn = (pfn + n + 1 + align - 1) / align * align;
    }
    return 0;
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

static void take(uint32_t pfn)
{
    page_mark(pfn, 1);
    meta[pfn - first_page].refs = 1;
    meta[pfn - first_page].uncached = 0;
    nfree--;
}

uint32_t page_alloc(void)
{
    uint32_t pfn;

    if (nfree == 0)
        return PAGE_NONE;
    pfn = find_free();
    take(pfn);
    return pfn << PAGE_SHIFT;
}

uint32_t page_alloc_run(uint32_t count, uint32_t align)
{
    uint32_t pfn = count <= nfree ? find_free_run(count, align) : 0;

    if (pfn == 0)
        return PAGE_NONE;
    for (uint32_t i = 0; i < count; i++)
        take(pfn + i);
    return pfn << PAGE_SHIFT;
}

uint32_t page_alloc_zeroed(void)
{
    uint32_t pa = page_alloc();

    if (pa != PAGE_NONE)
        page_zero(pa);
    return pa;
}

/* Zeroed through the cached window, then cleaned and invalidated there: the page is
 * about to be mapped at another virtual address, where a VIVT cache would not see
 * lines of this one. */
void page_zero(uint32_t pa)
{
    memset((void *)KERNEL_VA(pa), 0, VM_PAGE_SIZE);
    cp15_dcache_clean_inv_range(KERNEL_VA(pa), KERNEL_VA(pa) + VM_PAGE_SIZE);
}

struct page_meta *page_meta_of(uint32_t pa)
{
    uint32_t pfn = pa >> PAGE_SHIFT;

    if (pfn < first_page || pfn >= end_page || !page_used(pfn))
        return NULL;
    return &meta[pfn - first_page];
}

void page_get(uint32_t pa)
{
    struct page_meta *m = page_meta_of(pa);

    if (!m)
        kpanic("page_get(0x%08lx): not an allocated page", (unsigned long)pa);
    m->refs++;
}

/* The page's data is dead: its kernel-window lines are dropped, not written back. */
static void release(uint32_t pfn)
{
    uint32_t va = KERNEL_VA(pfn << PAGE_SHIFT);

    cp15_dcache_inv_range(va, va + VM_PAGE_SIZE);
    page_mark(pfn, 0);
    nfree++;
}

void page_free(uint32_t pa)
{
    struct page_meta *m = page_meta_of(pa);

    if ((pa & PAGE_MASK) || !m || m->refs == 0)
        kpanic("page_free(0x%08lx): not an allocated page", (unsigned long)pa);
    if (--m->refs == 0)
        release(pa >> PAGE_SHIFT);
}

void page_free_run(uint32_t pa, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++)
        page_free(pa + (i << PAGE_SHIFT));
}

int page_is_ram(uint32_t pa)
{
    return pa - BOARD_RAM_PA < ram_end - BOARD_RAM_PA; /* RAM starts at BOARD_RAM_PA */
}

uint32_t page_free_count(void)
{
    return nfree;
}

uint32_t page_total_count(void)
{
    return ntotal;
}
