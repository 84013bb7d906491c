/*
 * page.h: the physical page allocator: 4 KB pages of RAM above the ROM image.
 * Pages come back with unspecified contents and no line of them in the caches
 * (page_free() invalidates the kernel window's lines; whoever mapped a page elsewhere
 * cleans and invalidates that mapping when unmapping it, kernel/mmu.c).
 */
#ifndef KERNEL_PAGE_H
#define KERNEL_PAGE_H

#include <stdint.h>

#define PAGE_NONE 0u /* page_alloc() failed: physical page 0 is never handed out */

void page_init(uint32_t start_pa, uint32_t end_pa);
uint32_t page_alloc(void);
void page_free(uint32_t pa);

/* For leak checks: pages free now, and pages managed in all. */
uint32_t page_free_count(void);
uint32_t page_total_count(void);

#endif
