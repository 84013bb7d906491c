/*
 * heapcore.h: the allocator core that the kernel heap (kernel/kheap.c, kmalloc) and the
 * process heap of libce (guest/lib/heap.c, LocalAlloc) share, compiled once for both
 * (kernel/kernel.mk, KERNEL_SHARED). Blocks carry an 8-byte header; free blocks are kept
 * on a list in address order, so a freed block merges with its free neighbours in one
 * pass, and an allocation takes the first block that fits, splitting off the rest when
 * it is big enough to be a block of its own. The core never asks for memory: each heap
 * grows itself (the kernel maps pages, a process asks VirtualAlloc) and hands the new
 * range to heap_add(). No locking either: that is the caller's business.
 */
#ifndef CE_HEAPCORE_H
#define CE_HEAPCORE_H

#include <stddef.h>
#include <stdint.h>

#define HEAP_ALIGN 8u
#define HEAP_HEADER_SIZE 8u /* size and tag: payload starts here, 8-byte aligned */
#define HEAP_MIN_BLOCK 16u  /* header plus the free-list link, rounded to HEAP_ALIGN */

struct heap_block {
    uint32_t size; /* bytes, header included, a multiple of HEAP_ALIGN */
    uint32_t tag;
    struct heap_block *next; /* free blocks only: next free block, higher address */
};

_Static_assert(offsetof(struct heap_block, next) == HEAP_HEADER_SIZE, "payload after the header");

/* One heap, all zero but for its tags to begin with. Each heap keeps tags of its own, so
 * one heap refuses the blocks of the other (a kmalloc'd pointer handed to LocalFree in a
 * kernel-mode driver, say). */
struct heap {
    struct heap_block *free_list;
    uint32_t used_bytes; /* in live blocks, headers included */
    uint32_t used_blocks;
    uint32_t tag_used; /* catches the free of a foreign pointer */
    uint32_t tag_free; /* catches a double free */
};

/* Block size, header included, for a request of `bytes`; 0 when bytes is 0 or too big. */
uint32_t heap_block_size(size_t bytes);

/* Add `bytes` of new memory at `start` (8-byte aligned, at least HEAP_MIN_BLOCK) to the
 * free list; it merges with a free block that ends where it begins. */
void heap_add(struct heap *h, void *start, uint32_t bytes);

/* First fit for a block of `need` bytes (from heap_block_size): its payload, or NULL
 * when no free block is big enough. */
void *heap_take(struct heap *h, uint32_t need);

/* The header of the block whose payload is p. */
static inline struct heap_block *heap_block_of(void *p)
{
    return (struct heap_block *)((char *)p - HEAP_HEADER_SIZE);
}

/* Whether b is a live block of h (the caller checks first that b is inside the heap). */
static inline int heap_is_live(const struct heap *h, const struct heap_block *b)
{
    return b->tag == h->tag_used;
}

/* Give a live block back (heap_is_live checked by the caller). */
void heap_free(struct heap *h, struct heap_block *b);

#endif
