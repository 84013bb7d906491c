/*
 * mmu.h: the kernel's page table (boot_l1, built by boot.S) and the helpers that change
 * it. Small pages (4 KB) go through coarse second-level tables allocated from the page
 * allocator. Every change does the VIVT duties of spec/marshal.md K3: the affected
 * lines are cleaned and invalidated before a mapping goes, the changed descriptor is
 * cleaned to memory (the table walker reads memory, not the D-cache), and the TLB entry
 * is invalidated by MVA.
 */
#ifndef KERNEL_MMU_H
#define KERNEL_MMU_H

#include <stdint.h>

#define MMU_NO_PAGE 0xFFFFFFFFu /* mmu_unmap_page(): nothing was mapped there */

/* Drop boot.S's identity section (first call of kmain). */
void mmu_boot_finish(void);
/* Extend the cached and uncached RAM windows to the RAM size the TOC gives. */
void mmu_map_ram(uint32_t ram_size);

/* Map one 4 KB page; va and pa page aligned, nothing mapped at va yet. ap: AP_*,
 * attr: ATTR_* (arm.h). 0, or -1 (no memory for a table, va inside a section, or busy). */
int mmu_map_page(uint32_t va, uint32_t pa, uint32_t ap, uint32_t attr);
/* Unmap one 4 KB page; returns its physical address, or MMU_NO_PAGE. */
uint32_t mmu_unmap_page(uint32_t va);
/* Translate va (section or small page); -1 when unmapped. */
int mmu_lookup(uint32_t va, uint32_t *pa);
/* Every page of [va, va + len) is in the user range and mapped (len 0: true). */
int mmu_user_range_mapped(uint32_t va, uint32_t len);

#endif
