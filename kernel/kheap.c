/*
 * kheap.c: kernel heap. The heap is one virtually contiguous range from VM_KVIRT up,
 * mapped page by page (cached, kernel only) as it grows. The blocks, the first-fit
 * search and the merging of freed blocks are the allocator core the process heap uses
 * too (guest/lib/heapcore.c); what is the kernel's own is here: growing by mapping
 * pages, refusing (kpanic) a kfree of anything that is not a live block, and the
 * statistics GetKernelStats and the leak checks read.
 */
#include "kheap.h"

#include "../guest/lib/heapcore.h"
#include "arm.h"
#include "kernel.h"
#include "mmu.h"
#include "page.h"

#define KHEAP_BASE VM_KVIRT
#define KHEAP_MAX_MB 16u /* of the kernel virtual range; the rest is for later users */
#define KHEAP_LIMIT (VM_KVIRT + (KHEAP_MAX_MB << MB_SHIFT))
#define KHEAP_TAG_USED 0x55534544u /* "USED": catches kfree of a foreign pointer */
#define KHEAP_TAG_FREE 0x46524545u /* "FREE": catches double kfree */

static struct heap heap = {.tag_used = KHEAP_TAG_USED, .tag_free = KHEAP_TAG_FREE};
static uint32_t brk = KHEAP_BASE; /* end of the mapped heap */
static uint32_t mapped_bytes;     /* heap pages mapped so far (the heap never shrinks) */

void kheap_init(void)
{
    heap.free_list = NULL;
    brk = KHEAP_BASE;
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
    mapped_bytes += end - start;
    /* merges with a free block that ended at the old brk */
    heap_add(&heap, (void *)start, end - start);
}

void *kmalloc(size_t size)
{
    uint32_t need;
    void *p;

    if (size == 0 || size > KHEAP_LIMIT - KHEAP_BASE)
        return NULL;
    need = heap_block_size(size);
    p = heap_take(&heap, need);
    if (!p) {
        grow(need);
        p = heap_take(&heap, need);
    }
    return p;
}

void kfree(void *p)
{
    struct heap_block *b;

    if (!p)
        return;
    b = heap_block_of(p);
    if ((uint32_t)p < KHEAP_BASE + HEAP_HEADER_SIZE || (uint32_t)p >= brk ||
        !heap_is_live(&heap, b))
        kpanic("kfree(%p): not a live heap block", p);
    heap_free(&heap, b);
}

/*
 * The heap has no other user yet: check at boot that blocks freed out of order merge
 * back into one, whose space is then found again without growing the heap.
 */
void kheap_self_test(void)
{
    void *a = kmalloc(100), *b = kmalloc(200), *c = kmalloc(300);
    uint32_t mapped = mapped_bytes;
    void *big;

    if (!a || !b || !c)
        kpanic("kheap self test: out of memory");
    kfree(a);
    kfree(c);
    kfree(b); /* merges with both neighbours */
    big = kmalloc(600);
    if (big != a || mapped_bytes != mapped)
        kpanic("kheap self test: freed blocks did not merge");
    kfree(big);
    if (heap.used_blocks != 0 || heap.used_bytes != 0)
        kpanic("kheap self test: %lu blocks still counted", (unsigned long)heap.used_blocks);
}

void kheap_get_stats(struct kheap_stats *st)
{
    st->mapped_bytes = mapped_bytes;
    st->used_bytes = heap.used_bytes;
    st->used_blocks = heap.used_blocks;
}
