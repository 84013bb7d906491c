/*
 * page.h: the physical page allocator: 4 KB pages of RAM above the ROM image.
 * Pages come back with unspecified contents and no line of them in the caches
 * (page_free() invalidates the kernel window's lines; whoever mapped a page elsewhere
 * cleans and invalidates that mapping when unmapping it, kernel/mmu.c).
 *
 * A page has a reference count: page_alloc() returns it at 1, page_get() adds a
 * reference (a second mapping of the page), page_free() drops one and really frees the
 * page at zero.
 */
#ifndef KERNEL_PAGE_H
#define KERNEL_PAGE_H

#include <stdint.h>

#define PAGE_NONE 0u /* page_alloc() failed: physical page 0 is never handed out */

struct page_meta {
    uint16_t refs;     /* mappings and owners holding the page */
    uint16_t uncached; /* live aliases that keep the page's mappings uncached (AA3) */
};

void page_init(uint32_t start_pa, uint32_t end_pa);
uint32_t page_alloc(void);
/* A page zeroed (and its kernel-window lines cleaned), ready to map anywhere. */
uint32_t page_alloc_zeroed(void);
/* `count` contiguous pages whose first page number is a multiple of `align`. */
uint32_t page_alloc_run(uint32_t count, uint32_t align);
void page_zero(uint32_t pa);
void page_get(uint32_t pa);
void page_free(uint32_t pa);
void page_free_run(uint32_t pa, uint32_t count);
/* The record of an allocated page, or NULL when pa is not one. */
struct page_meta *page_meta_of(uint32_t pa);
/* pa lies in RAM (the kernel's windows reach it), managed or not (the ROM). */
int page_is_ram(uint32_t pa);

/* For leak checks: pages free now, and pages managed in all. */
uint32_t page_free_count(void);
uint32_t page_total_count(void);

#endif
