/*
 * mmu.h: the host's ARMv5 page-table walker and its small TLB.
 *
 * Unicorn translates guest addresses itself but tells nobody the result: its memory
 * hooks report virtual addresses only. The simulator needs the physical address and
 * the C/B bits of accesses (for the cache model, semihosting, tracing) and the fault
 * status of aborts (Unicorn never writes DFSR/FAR), so it walks the guest's tables
 * itself, from guest RAM, with the same rules as the hardware.
 *
 * The walker keeps shadows of TTBR0, DACR and SCTLR, which the CP15 interception
 * updates; any such change, and any guest invalidation of the whole TLB, empties the
 * host TLB; an invalidation by address drops the entries of the mapping holding it.
 */
#ifndef CESIM_MMU_H
#define CESIM_MMU_H

#include <stdbool.h>
#include <stdint.h>

enum mmu_access { MMU_READ, MMU_WRITE, MMU_EXEC };

/* Result of a translation. On a fault only `fsr` is meaningful. */
struct mmu_result {
    uint32_t pa;
    uint8_t c, b;   /* cacheable, bufferable */
    uint8_t ap;     /* AP of the (sub)page */
    uint8_t domain;
    uint8_t page_log2; /* size of the mapping: 20 section, 16 large, 12 small, 10 tiny */
    uint32_t fsr;   /* 0, or FSR status | domain << 4 */
};

#define MMU_TLB_ENTRIES 256u /* direct mapped by VA page; a host cache, not the model's TLB */

struct mmu_tlb_entry {
    uint32_t va_page; /* VA >> 12, or UINT32_MAX when empty */
    uint32_t pa_page;
    uint8_t c, b, ap, domain, page_log2;
    bool section;
    bool uncacheable; /* finer than 4 KB (tiny page, mixed subpage APs): walk every time */
};

struct mmu {
    const uint8_t *ram; /* guest physical RAM (tables are read from here) */
    uint32_t ram_base, ram_size;
    uint32_t ttbr0, dacr, sctlr;
    struct mmu_tlb_entry tlb[MMU_TLB_ENTRIES];
    uint64_t walks, tlb_hits;
};

void mmu_init(struct mmu *m, const uint8_t *ram, uint32_t ram_base, uint32_t ram_size);
void mmu_tlb_flush(struct mmu *m);
void mmu_tlb_flush_va(struct mmu *m, uint32_t va);
void mmu_set_ttbr0(struct mmu *m, uint32_t v);
void mmu_set_dacr(struct mmu *m, uint32_t v);
void mmu_set_sctlr(struct mmu *m, uint32_t v);

static inline bool mmu_enabled(const struct mmu *m)
{
    return (m->sctlr & 1u) != 0;
}

/* Translate `va` for an access by a privileged (`user` false) or user-mode access.
 * Returns 0 and fills `r`, or the fault status (also in r->fsr). */
uint32_t mmu_translate(struct mmu *m, uint32_t va, enum mmu_access acc, bool user,
                       struct mmu_result *r);


#endif
