/*
 * mmu.c: ARMv5 short-descriptor translation (sections, coarse and fine tables,
 * large, small and tiny pages), domain and AP checks, and a direct-mapped host TLB.
 * Rules from the ARM ARM (DDI 0100) section B4; fault priorities as there:
 * translation, then domain, then permission.
 */
#include "mmu.h"

#include <string.h>

#include "armv5.h"

void mmu_init(struct mmu *m, const uint8_t *ram, uint32_t ram_base, uint32_t ram_size)
{
    memset(m, 0, sizeof(*m));
    m->ram = ram;
    m->ram_base = ram_base;
    m->ram_size = ram_size;
    mmu_tlb_flush(m);
}

void mmu_tlb_flush(struct mmu *m)
{
    for (unsigned i = 0; i < MMU_TLB_ENTRIES; i++)
        m->tlb[i].va_page = UINT32_MAX;
}

/* The hardware holds a section or a large page as one TLB entry, which an invalidate by
 * any VA inside it drops; here it may be up to 256 4 KB entries: drop every one whose
 * mapping (2^page_log2 bytes) covers va. */
void mmu_tlb_flush_va(struct mmu *m, uint32_t va)
{
    for (unsigned i = 0; i < MMU_TLB_ENTRIES; i++) {
        struct mmu_tlb_entry *e = &m->tlb[i];
        if (e->va_page != UINT32_MAX && ((e->va_page << 12) ^ va) >> e->page_log2 == 0)
            e->va_page = UINT32_MAX;
    }
}

void mmu_set_ttbr0(struct mmu *m, uint32_t v)
{
    m->ttbr0 = v;
    mmu_tlb_flush(m);
}

void mmu_set_dacr(struct mmu *m, uint32_t v)
{
    m->dacr = v;
    mmu_tlb_flush(m);
}

void mmu_set_sctlr(struct mmu *m, uint32_t v)
{
    m->sctlr = v;
    mmu_tlb_flush(m);
}

/* Read a descriptor word from guest RAM; false if the table lies outside RAM. */
static bool read_desc(const struct mmu *m, uint32_t pa, uint32_t *out)
{
    if (pa < m->ram_base || pa - m->ram_base > m->ram_size - 4)
        return false;
    memcpy(out, m->ram + (pa - m->ram_base), 4);
    return true;
}

/* AP check of the ARM ARM table B4-1, with the S and R bits of SCTLR. */
static bool ap_allows(const struct mmu *m, unsigned ap, enum mmu_access acc, bool user)
{
    bool write = acc == MMU_WRITE;
    switch (ap) {
    case AP_NONE: {
        bool s = m->sctlr & SCTLR_S, r = m->sctlr & SCTLR_R;
        if (write || (s && r))
            return false;
        return user ? r : (s || r);
    }
    case AP_PRIV_RW:
        return !user;
    case AP_USER_RO:
        return !user || !write;
    default:
        return true;
    }
}

/* Fault status for a stage: section or page flavour of a fault kind. */
static uint32_t fsr(uint32_t section_code, uint32_t page_code, bool section, unsigned domain)
{
    return (section ? section_code : page_code) | (domain << FSR_DOMAIN_SHIFT);
}

/* Domain then AP check of a translated entry. */
static uint32_t check_access(const struct mmu *m, const struct mmu_tlb_entry *e,
                             enum mmu_access acc, bool user)
{
    unsigned dac = (m->dacr >> (2 * e->domain)) & 3u;
    if (dac == DACR_NONE || dac == 2u)
        return fsr(FSR_DOMAIN_SECTION, FSR_DOMAIN_PAGE, e->section, e->domain);
    if (dac == DACR_MANAGER || ap_allows(m, e->ap, acc, user))
        return 0;
    return fsr(FSR_PERMISSION_SECTION, FSR_PERMISSION_PAGE, e->section, e->domain);
}

/* Second-level walk; fills e and *pa_out (the PA of va) or returns the fault status. */
static uint32_t walk_l2(const struct mmu *m, uint32_t va, uint32_t l1, struct mmu_tlb_entry *e,
                        uint32_t *pa_out)
{
    bool fine = (l1 & L1_TYPE_MASK) == L1_TYPE_FINE;
    uint32_t table = l1 & (fine ? L1_FINE_BASE_MASK : L1_COARSE_BASE_MASK);
    uint32_t idx = fine ? L2_FINE_INDEX(va) : L2_COARSE_INDEX(va);
    uint32_t l2, pa, sub;
    if (!read_desc(m, table + idx * 4, &l2))
        return FSR_EXT_ABORT_L2 | ((uint32_t)e->domain << FSR_DOMAIN_SHIFT);
    switch (l2 & L2_TYPE_MASK) {
    case L2_TYPE_LARGE:
        pa = (l2 & L2_LARGE_BASE_MASK) | (va & 0xFFFFu);
        sub = (va >> 14) & 3u;
        e->page_log2 = 16;
        break;
    case L2_TYPE_SMALL:
        pa = (l2 & L2_SMALL_BASE_MASK) | (va & 0xFFFu);
        sub = (va >> 10) & 3u;
        e->page_log2 = 12;
        break;
    case L2_TYPE_TINY:
        if (!fine)
            return FSR_TRANSLATION_PAGE | ((uint32_t)e->domain << FSR_DOMAIN_SHIFT);
        pa = (l2 & L2_TINY_BASE_MASK) | (va & 0x3FFu);
        sub = 0;
        e->page_log2 = 10;
        break;
    default:
        return FSR_TRANSLATION_PAGE | ((uint32_t)e->domain << FSR_DOMAIN_SHIFT);
    }
    *pa_out = pa; /* exact: a tiny page's PA[11:10] come from the descriptor, not the VA */
    e->pa_page = pa >> 12;
    e->c = (l2 & L2_C) != 0;
    e->b = (l2 & L2_B) != 0;
    e->ap = (l2 >> (L2_AP0_SHIFT + 2 * sub)) & 3u;
    e->section = false;
    /* A 4 KB host TLB entry is exact only if all subpages of the page share one AP. */
    e->uncacheable = (l2 & L2_TYPE_MASK) == L2_TYPE_TINY ||
                     ((l2 & L2_TYPE_MASK) == L2_TYPE_SMALL && ((l2 >> 4) & 0xFFu) % 0x55u != 0);
    return 0;
}

/* Full walk from TTBR0; fills e (for the 4 KB page of va) and *pa (the PA of va) or
 * returns the fault status. */
static uint32_t walk(struct mmu *m, uint32_t va, struct mmu_tlb_entry *e, uint32_t *pa)
{
    uint32_t l1;
    m->walks++;
    if (!read_desc(m, (m->ttbr0 & 0xFFFFC000u) + (va >> L1_INDEX_SHIFT) * 4, &l1))
        return FSR_EXT_ABORT_L1;
    e->domain = (l1 & L1_DOMAIN_MASK) >> L1_DOMAIN_SHIFT;
    switch (l1 & L1_TYPE_MASK) {
    case L1_TYPE_SECTION:
        *pa = (l1 & L1_SECTION_BASE_MASK) | (va & 0x000FFFFFu);
        e->pa_page = *pa >> 12;
        e->c = (l1 & L1_C) != 0;
        e->b = (l1 & L1_B) != 0;
        e->ap = (l1 >> L1_SECTION_AP_SHIFT) & 3u;
        e->section = true;
        e->uncacheable = false;
        e->page_log2 = 20;
        return 0;
    case L1_TYPE_COARSE:
    case L1_TYPE_FINE:
        return walk_l2(m, va, l1, e, pa);
    default:
        return FSR_TRANSLATION_SECTION;
    }
}

uint32_t mmu_translate(struct mmu *m, uint32_t va, enum mmu_access acc, bool user,
                       struct mmu_result *r)
{
    struct mmu_tlb_entry *e = &m->tlb[(va >> 12) % MMU_TLB_ENTRIES];
    struct mmu_tlb_entry fresh;
    uint32_t status, pa;

    memset(r, 0, sizeof(*r));
    if (!mmu_enabled(m)) {
        r->pa = va; /* flat, uncached: the caches need the MMU on the ARM926 */
        r->ap = AP_RW;
        r->page_log2 = 20;
        return 0;
    }
    if (e->va_page == va >> 12) {
        m->tlb_hits++;
        pa = (e->pa_page << 12) | (va & 0xFFFu); /* cached entries are 4 KB or larger */
    } else {
        status = walk(m, va, &fresh, &pa);
        if (status) {
            r->fsr = status;
            return status;
        }
        if (fresh.uncacheable) {
            e = &fresh;
        } else {
            fresh.va_page = va >> 12;
            *e = fresh;
        }
    }
    status = check_access(m, e, acc, user);
    if (status) {
        r->fsr = status;
        return status;
    }
    r->pa = pa;
    r->c = e->c;
    r->b = e->b;
    r->ap = e->ap;
    r->domain = e->domain;
    r->page_log2 = e->page_log2;
    return 0;
}
