/*
 * cm_tlb.c: the ARM926EJ-S main TLB as a counter of hits and misses.
 *
 * 64 entries, 2 ways x 32 sets (tlb.sets, tlb.ways), refilled round-robin. An entry
 * covers one mapping of 1 KB, 4 KB, 64 KB or 1 MB (page_log2 10, 12, 16, 20) and is
 * indexed by the low bits of its page number, va >> page_log2. Like the hardware it has
 * no address-space id: the kernel invalidates it on an address-space switch. The 8
 * lockdown entries are not modelled. Translations themselves are the simulator's (it
 * walks the guest page tables); this model only decides hit or miss and what a miss costs.
 */
#include <string.h>

#include "cm_internal.h"

void cm_tlb_init(struct cm_tlb *t, const struct cm_config *cfg)
{
    memset(t, 0, sizeof *t);
    t->sets = cfg->tlb_sets;
    t->ways = cfg->tlb_ways;
    t->sets_mask = cfg->tlb_sets - 1u;
}

void cm_tlb_invalidate_all(struct cm_tlb *t)
{
    memset(t->log2, 0, sizeof t->log2);
}

/* c8,c7,1: drop every entry whose page contains va, whatever its size. */
void cm_tlb_invalidate_mva(struct cm_tlb *t, uint32_t va)
{
    for (uint32_t i = 0; i < t->sets * t->ways; i++)
        if (t->log2[i] && t->vpn[i] == va >> t->log2[i])
            t->log2[i] = 0;
}

/* Load the entry for va's page of 2^page_log2 bytes (after cm_tlb_find missed): an
 * invalid way of its set, else the round-robin victim. */
void cm_tlb_refill(struct cm_tlb *t, uint32_t va, unsigned page_log2)
{
    uint32_t vpn = va >> page_log2;
    uint32_t base = (vpn & t->sets_mask) * t->ways;
    uint32_t way = t->ways;
    for (uint32_t w = 0; w < t->ways && way == t->ways; w++)
        if (!t->log2[base + w])
            way = w;
    if (way == t->ways) {
        way = t->rr;
        t->rr = (t->rr + 1u) % t->ways;
    }
    t->vpn[base + way] = vpn;
    t->log2[base + way] = (uint8_t)page_log2;
}
