/*
 * heap.c: the process heap of libce, LocalAlloc/LocalFree (and malloc/free on top).
 * Blocks come from 64 KB arenas that VirtualAlloc reserves and commits whole; the blocks,
 * the first-fit search and the merging of freed blocks are the allocator core the kernel
 * heap uses too (heapcore.c). A request too big for an arena gets a VirtualAlloc region
 * of its own, released by LocalFree. Arenas are never given back.
 *
 * Not thread-safe: callers that allocate from several threads must serialise.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "heapcore.h"

#define ARENA_SIZE 0x10000u  /* one VirtualAlloc granule */
#define TAG_USED 0x4C4F4355u /* "UCOL" */
#define TAG_FREE 0x4C4F4346u /* "FCOL" */
#define TAG_BIG 0x4C4F4342u  /* "BCOL": a block with a region of its own */

static struct heap heap = {.tag_used = TAG_USED, .tag_free = TAG_FREE};

static int grow(void)
{
    void *arena = VirtualAlloc(NULL, ARENA_SIZE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);

    if (!arena)
        return -1;
    heap_add(&heap, arena, ARENA_SIZE);
    return 0;
}

static void *big_alloc(uint32_t need)
{
    struct heap_block *b = VirtualAlloc(NULL, need, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);

    if (!b)
        return NULL;
    b->size = need;
    b->tag = TAG_BIG;
    return (char *)b + HEAP_HEADER_SIZE;
}

HLOCAL LocalAlloc(UINT uFlags, UINT uBytes)
{
    uint32_t need = heap_block_size(uBytes);
    void *p;

    if (need == 0 || (uFlags & ~LMEM_ZEROINIT)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (need > ARENA_SIZE) {
        p = big_alloc(need);
    } else {
        p = heap_take(&heap, need);
        if (!p && grow() == 0)
            p = heap_take(&heap, need);
    }
    if (!p) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (uFlags & LMEM_ZEROINIT)
        memset(p, 0, uBytes);
    return p;
}

HLOCAL LocalFree(HLOCAL hMem)
{
    struct heap_block *b;

    if (!hMem)
        return NULL;
    b = heap_block_of(hMem);
    if (b->tag == TAG_BIG)
        return VirtualFree(b, 0, MEM_RELEASE) ? NULL : hMem;
    if (!heap_is_live(&heap, b)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return hMem;
    }
    heap_free(&heap, b);
    return NULL;
}

void *malloc(size_t size)
{
    return LocalAlloc(LMEM_FIXED, size);
}

void free(void *p)
{
    LocalFree(p);
}
