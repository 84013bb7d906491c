/*
 * kheap.h: the kernel heap, in kernel virtual memory at VM_KVIRT: first fit with
 * coalescing, 8-byte aligned blocks, grown a page at a time from the page allocator.
 */
#ifndef KERNEL_KHEAP_H
#define KERNEL_KHEAP_H

#include <stddef.h>
#include <stdint.h>

struct kheap_stats {
    uint32_t mapped_bytes; /* heap pages mapped so far (the heap never shrinks) */
    uint32_t used_bytes;   /* in live blocks, headers included */
    uint32_t used_blocks;
};

void kheap_init(void);
void *kmalloc(size_t size); /* NULL when out of memory */
void kfree(void *p);        /* NULL is fine; anything not from kmalloc: kpanic */
void kheap_get_stats(struct kheap_stats *st);
void kheap_self_test(void); /* kpanic when the bookkeeping is wrong */

#endif
