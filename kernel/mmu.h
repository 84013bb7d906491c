/*
 * mmu.h: address spaces and the page-table changes of each. An address space is a
 * 16 KB first-level table: the kernel's own (boot_l1, built by boot.S) or a process's,
 * whose entries for VM_KERNEL_BASE and up are copies of the kernel's. Small pages (4 KB)
 * go through coarse second-level tables allocated from the page allocator.
 *
 * VIVT duties (spec/marshal.md K1, K3), all through kernel/cp15.S:
 *   - as_switch() cleans and invalidates the D-cache, invalidates the I-cache, drains
 *     the write buffer and invalidates the TLB before it loads TTBR0, and only when the
 *     address space really changes (K1). So an address space that is not mapped has no
 *     line in the caches and no TLB entry: changing its tables needs no maintenance.
 *   - a change to a mapped address space (the current one, or the kernel half, which
 *     every table shares) cleans and invalidates the affected lines by MVA before the
 *     change (whole caches above CACHE_DLIMIT), writes the descriptor to memory (the
 *     table walker does not look into the D-cache), then invalidates the TLB entries
 *     by MVA, one per 1 KB (see tlb_inv_page in mmu.c) (K3).
 *
 * Kernel-half first-level entries are shared: when the kernel maps a new megabyte
 * there, every address space gets the entry. Kernel coarse tables are never freed.
 */
#ifndef KERNEL_MMU_H
#define KERNEL_MMU_H

#include <stdint.h>

#include "arm.h"
#include "list.h"

#define MMU_NO_PAGE 0xFFFFFFFFu /* mmu_unmap_page(): nothing was mapped there */

struct aspace {
    uint32_t *l1; /* the first-level table, through the cached RAM window */
    uint32_t l1_pa;
    struct list_node link; /* on the list of every address space */
};

extern struct aspace kernel_as;

/* Drop boot.S's identity section (first call of kmain). */
void mmu_boot_finish(void);
/* Extend the cached and uncached RAM windows to the RAM size the TOC gives. */
void mmu_map_ram(uint32_t ram_size);

/* A new address space: empty user half, kernel half copied. 0, or -1 (no memory). */
int as_create(struct aspace *as);
/* Free the tables of an address space whose user pages are all unmapped already
 * (remaining coarse tables are freed too). It must not be the mapped one. */
void as_destroy(struct aspace *as);
/* Map `as` (K1, only when it is not mapped already). */
void as_switch(struct aspace *as);
struct aspace *as_current(void);
/* Address-space switches so far (each one a K1 sequence). */
uint32_t as_switch_count(void);

/* Map one 4 KB page; va and pa page aligned, nothing mapped at va yet. ap: AP_*,
 * attr: ATTR_* (arm.h). 0, or -1 (no memory for a table, va inside a section, or busy). */
int mmu_map(struct aspace *as, uint32_t va, uint32_t pa, uint32_t ap, uint32_t attr);
/* Unmap every small page of [start, end) (page aligned); `fn` gets each page's virtual
 * and physical address after its mapping is gone (NULL: nothing to do with them). */
void mmu_unmap_range(struct aspace *as, uint32_t start, uint32_t end,
                     void (*fn)(uint32_t va, uint32_t pa, void *ctx), void *ctx);
/* Give every mapped page of [start, end) new permissions and cache attributes. */
void mmu_protect_range(struct aspace *as, uint32_t start, uint32_t end, uint32_t ap, uint32_t attr);
/* Change only the cache attributes (ATTR_*) of the mapped pages of [start, end). */
void mmu_set_attr_range(struct aspace *as, uint32_t start, uint32_t end, uint32_t attr);
/* Some page of [start, end) is mapped. */
int mmu_range_mapped(const struct aspace *as, uint32_t start, uint32_t end);
/* The small-page descriptor mapping va, or 0 (L2_TYPE_FAULT) when there is none. */
uint32_t mmu_pte(const struct aspace *as, uint32_t va);
/* Pages of the kernel's own coarse tables (they stay once made; for leak checks). */
uint32_t mmu_kernel_table_pages(void);

/* The kernel's address space, one page at a time (kernel heap, drivers). */
int mmu_map_page(uint32_t va, uint32_t pa, uint32_t ap, uint32_t attr);
uint32_t mmu_unmap_page(uint32_t va);
/* Translate va in the kernel's table (section or small page); -1 when unmapped. */
int mmu_lookup(uint32_t va, uint32_t *pa);

/* What a small-page descriptor allows user code (AP_* of its four subpages, all equal). */
static inline uint32_t pte_ap(uint32_t pte)
{
    return (pte >> L2_AP0_SHIFT) & AP_MASK;
}

#endif
