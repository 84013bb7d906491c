/*
 * kheap.c: kernel heap. The heap is one virtually contiguous range from VM_KVIRT up,
 * mapped page by page (cached, kernel only) as it grows. Blocks carry an 8-byte header;
 * free blocks are kept on a list in address order, so kfree() merges a block with its
 * free neighbours in one pass, and kmalloc() takes the first block that fits, splitting
 * off the rest when it is big enough to be a block of its own.
 */
#include "kheap.h"

#include "arm.h"
#include "kernel.h"
#include "mmu.h"
#include "page.h"

#define KHEAP_BASE VM_KVIRT
#define KHEAP_MAX_MB 16u /* of the kernel virtual range; the rest is for later users */
#define KHEAP_LIMIT (VM_KVIRT + (KHEAP_MAX_MB << MB_SHIFT))
#define KHEAP_ALIGN 8u
#define KHEAP_TAG_USED 0x55534544u /* "USED": catches kfree of a foreign pointer */
#define KHEAP_TAG_FREE 0x46524545u /* "FREE": catches double kfree */

struct block {
    uint32_t size; /* bytes, header included, a multiple of KHEAP_ALIGN */
    uint32_t tag;
    struct block *next; /* free blocks only: next free block, higher address */
};

#define HEADER_SIZE 8u /* size and tag: payload starts here, 8-byte aligned */
#define MIN_BLOCK 16u  /* header plus the free-list link, rounded to KHEAP_ALIGN */

_Static_assert(offsetof(struct block, next) == HEADER_SIZE, "payload after the header");

static struct block *free_list;
static uint32_t brk = KHEAP_BASE; /* end of the mapped heap */
static struct kheap_stats stats;

void kheap_init(void)
{
    free_list = NULL;
    brk = KHEAP_BASE;
}

static int adjacent(const struct block *a, const struct block *b)
{
    return (const char *)a + a->size == (const char *)b;
}

/* Put b on the address-ordered free list, merging with the neighbours it touches. */
static void free_insert(struct block *b)
{
    struct block *prev = NULL, *cur = free_list;

    b->tag = KHEAP_TAG_FREE;
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
        free_list = b;
    }
}

/* Map up to `bytes` more heap (whole pages; fewer when memory runs out) and add it to
 * the free list. */
static void grow(uint32_t bytes)
{
    uint32_t start = brk, end = PAGE_ROUND_UP(brk + bytes);

    if (end > KHEAP_LIMIT || end < start)
        return;
    for (uint32_t va = start; va < end; va += VM_PAGE_SIZE) {
        uint32_t pa = page_alloc();
        if (pa == PAGE_NONE || mmu_map_page(va, pa, AP_PRIV_RW, ATTR_WRITEBACK) != 0) {
            if (pa != PAGE_NONE)
                page_free(pa);
            end = va;
            break;
        }
    }
    if (end == start)
        return;
    brk = end;
    stats.mapped_bytes += end - start;
    struct block *b = (struct block *)start;
    b->size = end - start;
    free_insert(b); /* merges with a free block that ended at the old brk */
}

/* First fit; the remainder becomes a free block when it can hold one. */
static void *take_first_fit(uint32_t need)
{
    struct block **link = &free_list;

    for (struct block *b = free_list; b; link = &b->next, b = b->next) {
        if (b->size < need)
            continue;
        if (b->size - need >= MIN_BLOCK) {
            struct block *rest = (struct block *)((char *)b + need);
            rest->size = b->size - need;
            rest->tag = KHEAP_TAG_FREE;
            rest->next = b->next;
            *link = rest;
            b->size = need;
        } else {
            *link = b->next;
        }
        b->tag = KHEAP_TAG_USED;
        stats.used_bytes += b->size;
        stats.used_blocks++;
        return (char *)b + HEADER_SIZE;
    }
    return NULL;
}

void *kmalloc(size_t size)
{
    uint32_t need;
    void *p;

    if (size == 0 || size > KHEAP_LIMIT - KHEAP_BASE)
        return NULL;
    need = (uint32_t)((size + HEADER_SIZE + KHEAP_ALIGN - 1) & ~(size_t)(KHEAP_ALIGN - 1));
    if (need < MIN_BLOCK)
        need = MIN_BLOCK;
    p = take_first_fit(need);
    if (!p) {
        grow(need);
        p = take_first_fit(need);
    }
    return p;
}

void kfree(void *p)
{
    struct block *b;

    if (!p)
        return;
    b = (struct block *)((char *)p - HEADER_SIZE);
    if ((uint32_t)p < KHEAP_BASE + HEADER_SIZE || (uint32_t)p >= brk || b->tag != KHEAP_TAG_USED)
        kpanic("kfree(%p): not a live heap block", p);
    stats.used_bytes -= b->size;
    stats.used_blocks--;
    free_insert(b);
}

/*
 * The heap has no other user yet: check at boot that blocks freed out of order merge
 * back into one, whose space is then found again without growing the heap.
 */
void kheap_self_test(void)
{
    void *a = kmalloc(100), *b = kmalloc(200), *c = kmalloc(300);
    uint32_t mapped = stats.mapped_bytes;
    void *big;

    if (!a || !b || !c)
        kpanic("kheap self test: out of memory");
    kfree(a);
    kfree(c);
    kfree(b); /* merges with both neighbours */
    big = kmalloc(600);
    if (big != a || stats.mapped_bytes != mapped)
        kpanic("kheap self test: freed blocks did not merge");
    kfree(big);
    if (stats.used_blocks != 0 || stats.used_bytes != 0)
        kpanic("kheap self test: %lu blocks still counted", (unsigned long)stats.used_blocks);
}

void kheap_get_stats(struct kheap_stats *st)
{
    *st = stats;
}
