/*
 * cache.c: range maintenance and CacheRangeFlush (spec/marshal.md section 1). On the
 * ARM926 the D-cache is written back by line or by "test, clean and invalidate" over
 * the whole cache; the I-cache is only ever invalidated whole here (cheap, and
 * correct); the TLB by MVA per 1 KB (kernel/mmu.c explains why) or whole.
 */
#include "cache.h"

#include "arm.h"
#include "cetypes.h"
#include "cp15.h"
#include "kernel.h"

void cache_dcache_flush_range(uint32_t start, uint32_t end)
{
    if (end - start > CACHE_DLIMIT)
        cp15_flush_kern_all();
    else
        cp15_dcache_clean_inv_range(start, end);
}

void cache_dcache_clean_range(uint32_t start, uint32_t end)
{
    if (end - start > CACHE_DLIMIT)
        cp15_flush_kern_all(); /* no whole-cache clean without invalidate on the ARM926 */
    else
        cp15_dcache_clean_range(start, end);
}

static void tlb_flush_range(uint32_t start, uint32_t end, int all)
{
    if (all || end - start > CACHE_DLIMIT) {
        cp15_tlb_inv_all();
        return;
    }
    for (uint32_t va = start & ~(TINY_PAGE_SIZE - 1u); va < end; va += TINY_PAGE_SIZE)
        cp15_tlb_inv_mva(va);
}

void cache_range_flush(uint32_t addr, uint32_t len, uint32_t flags)
{
    int all = addr == 0 && len == 0;
    uint32_t end = addr + len;

    if (flags & CACHE_SYNC_DISCARD) {
        if (all)
            cp15_flush_kern_all();
        else
            cache_dcache_flush_range(addr, end);
    } else if (flags & CACHE_SYNC_WRITEBACK) {
        if (all)
            cp15_flush_kern_all();
        else
            cache_dcache_clean_range(addr, end);
    }
    if (flags & CACHE_SYNC_INSTRUCTIONS)
        cp15_icache_inv_all();
    if (flags & CACHE_SYNC_FLUSH_TLB)
        tlb_flush_range(addr, end, all);
    cp15_drain_wb();
}
