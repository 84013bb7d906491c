/*
 * heap.c: the process heap of libce, LocalAlloc/LocalFree (and malloc/free on top).
 * Blocks come from 64 KB arenas that VirtualAlloc reserves and commits whole; each
 * block has an 8-byte header, free blocks sit on one list in address order and merge
 * with their neighbours when freed; first fit. A request too big for an arena gets a
 * VirtualAlloc region of its own, released by LocalFree. Arenas are never given back.
 *
 * Not thread-safe: callers that allocate from several threads must serialise.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#define ARENA_SIZE 0x10000u /* one VirtualAlloc granule */
#define HEAP_ALIGN 8u
#define HEADER_SIZE 8u
#define MIN_BLOCK 16u
#define TAG_USED 0x4C4F4355u /* "UCOL" */
#define TAG_FREE 0x4C4F4346u /* "FCOL" */
#define TAG_BIG 0x4C4F4342u  /* "BCOL": a block with a region of its own */

struct block {
    uint32_t size; /* bytes, header included */
    uint32_t tag;
    struct block *next; /* free blocks only */
};

static struct block *free_list;

static int adjacent(const struct block *a, const struct block *b)
{
    return (const char *)a + a->size == (const char *)b;
}

static void free_insert(struct block *b)
{
    struct block *prev = NULL, *cur = free_list;

    b->tag = TAG_FREE;
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

static void *take_first_fit(uint32_t need)
{
    struct block **link = &free_list;

    for (struct block *b = free_list; b; link = &b->next, b = b->next) {
        if (b->size < need)
            continue;
        if (b->size - need >= MIN_BLOCK) {
            struct block *rest = (struct block *)((char *)b + need);
            rest->size = b->size - need;
            rest->tag = TAG_FREE;
            rest->next = b->next;
            *link = rest;
            b->size = need;
        } else {
            *link = b->next;
        }
        b->tag = TAG_USED;
        return (char *)b + HEADER_SIZE;
    }
    return NULL;
}

static int grow(void)
{
    struct block *b = VirtualAlloc(NULL, ARENA_SIZE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);

    if (!b)
        return -1;
    b->size = ARENA_SIZE;
    free_insert(b);
    return 0;
}

static void *big_alloc(uint32_t need)
{
    struct block *b = VirtualAlloc(NULL, need, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);

    if (!b)
        return NULL;
    b->size = need;
    b->tag = TAG_BIG;
    return (char *)b + HEADER_SIZE;
}

HLOCAL LocalAlloc(UINT uFlags, UINT uBytes)
{
    uint32_t need = (uBytes + HEADER_SIZE + HEAP_ALIGN - 1u) & ~(HEAP_ALIGN - 1u);
    void *p;

    if (uBytes == 0 || need < uBytes || (uFlags & ~LMEM_ZEROINIT)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (need < MIN_BLOCK)
        need = MIN_BLOCK;
    if (need > ARENA_SIZE) {
        p = big_alloc(need);
    } else {
        p = take_first_fit(need);
        if (!p && grow() == 0)
            p = take_first_fit(need);
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
    struct block *b;

    if (!hMem)
        return NULL;
    b = (struct block *)((char *)hMem - HEADER_SIZE);
    if (b->tag == TAG_BIG)
        return VirtualFree(b, 0, MEM_RELEASE) ? NULL : hMem;
    if (b->tag != TAG_USED) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return hMem;
    }
    free_insert(b);
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
