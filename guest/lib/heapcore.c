/*
 * heapcore.c: the first-fit allocator with coalescing behind both the kernel heap
 * (kmalloc) and the process heap (LocalAlloc); see heapcore.h. Compiled once and linked
 * into libce and into the kernel (kernel/kernel.mk, KERNEL_SHARED). Freestanding: it
 * only keeps the books of the memory it is given.
 */
#include "heapcore.h"

_Static_assert(sizeof(size_t) == sizeof(uint32_t), "block sizes are 32-bit, like the guest");

uint32_t heap_block_size(size_t bytes)
{
    size_t need = (bytes + HEAP_HEADER_SIZE + HEAP_ALIGN - 1u) & ~(size_t)(HEAP_ALIGN - 1u);

    if (bytes == 0 || need < bytes)
        return 0;
    return need < HEAP_MIN_BLOCK ? HEAP_MIN_BLOCK : (uint32_t)need;
}

static int adjacent(const struct heap_block *a, const struct heap_block *b)
{
    return (const char *)a + a->size == (const char *)b;
}

/* Put b on the address-ordered free list, merging with the neighbours it touches. */
static void free_insert(struct heap *h, struct heap_block *b)
{
    struct heap_block *prev = NULL, *cur = h->free_list;

    b->tag = h->tag_free;
    while (cur && cur < b) {
        prev = cur;
        cur = cur->next;
    }
    b->next = cur;
    if (cur && adjacent(b, cur)) {
        b->size += cur->size;
        b->next = cur->next;
    }
    if (prev && adjacent(prev, b)) {
        prev->size += b->size;
        prev->next = b->next;
    } else if (prev) {
        prev->next = b;
    } else {
        h->free_list = b;
    }
}

void heap_add(struct heap *h, void *start, uint32_t bytes)
{
    struct heap_block *b = start;

    b->size = bytes;
    free_insert(h, b);
}

/* First fit; the remainder becomes a free block when it can hold one. */
void *heap_take(struct heap *h, uint32_t need)
{
    struct heap_block **link = &h->free_list;

    for (struct heap_block *b = h->free_list; b; link = &b->next, b = b->next) {
        if (b->size < need)
            continue;
        if (b->size - need >= HEAP_MIN_BLOCK) {
            struct heap_block *rest = (struct heap_block *)((char *)b + need);
            rest->size = b->size - need;
            rest->tag = h->tag_free;
            rest->next = b->next;
            *link = rest;
            b->size = need;
        } else {
            *link = b->next;
        }
        b->tag = h->tag_used;
        h->used_bytes += b->size;
        h->used_blocks++;
        return (char *)b + HEAP_HEADER_SIZE;
    }
    return NULL;
}

void heap_free(struct heap *h, struct heap_block *b)
{
    h->used_bytes -= b->size;
    h->used_blocks--;
    free_insert(h, b);
}
