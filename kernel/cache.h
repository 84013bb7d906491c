/*
 * cache.h: cache maintenance by virtual range for the rest of the kernel, on top of the
 * CP15 accessors (kernel/cp15.h), with Linux's rule for the ARM926: by line up to
 * CACHE_DLIMIT bytes, whole caches above. Ranges are [start, end).
 */
#ifndef KERNEL_CACHE_H
#define KERNEL_CACHE_H

#include <stdint.h>

/* Clean and invalidate the D-cache lines of the range (whole D-cache above the limit). */
void cache_dcache_flush_range(uint32_t start, uint32_t end);
/* Clean the D-cache lines of the range (whole D-cache above the limit). */
void cache_dcache_clean_range(uint32_t start, uint32_t end);
/* CacheRangeFlush(addr, len, flags) for a range the caller checked; addr 0 and len 0:
 * everything. `flags` holds only CACHE_SYNC_* bits. */
void cache_range_flush(uint32_t addr, uint32_t len, uint32_t flags);

#endif
