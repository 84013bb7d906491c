/*
 * cesim.h: what cesim adds to the CE API: GetKernelStats, the kernel's counts for leak
 * checks and cost figures. The kernel fills the same struct (it includes this header).
 */
#ifndef CE_CESIM_H
#define CE_CESIM_H

#include "cetypes.h"

typedef struct {
    DWORD cbSize;           /* sizeof(KERNEL_STATS): the caller sets it */
    DWORD freePages;        /* physical pages free */
    DWORD totalPages;       /* physical pages the allocator manages */
    DWORD kernelTablePages; /* the kernel's own page tables (they stay once made) */
    DWORD heapMappedBytes;  /* kernel heap mapped so far (it never shrinks) */
    DWORD heapUsedBytes;    /* in live kernel heap blocks */
    DWORD heapUsedBlocks;
    DWORD addressSpaceSwitches; /* TTBR0 loads, each a K1 sequence */
    DWORD processes;            /* alive, the kernel process included */
    DWORD threads;              /* alive, the idle thread included */
} KERNEL_STATS;

/* KernelMarshalDebug: the kernel's test hook for marshaling (kernel/marshal.c). ALLOC
 * and FREE run CeAllocAsynchronousBuffer / CeFreeAsynchronousBuffer in the kernel as a
 * kernel-mode driver serving the calling process would (kernel-mode rules, the caller's
 * pointers); QUERY reads back page attributes and the number of live buffers. */
#define MARSHAL_DEBUG_ALLOC 1u /* in: src, bytes, desc; out: dest, hr */
#define MARSHAL_DEBUG_FREE 2u  /* in: dest, src, bytes, desc; out: hr */
#define MARSHAL_DEBUG_QUERY 3u /* in: src (caller's), dest (kernel); out: the rest */
#define MARSHAL_DEBUG_UNMAPPED 0xFFFFFFFFu
#define MARSHAL_DEBUG_CACHED 0xCu  /* C=1 B=1, the page descriptor's bits 3:2 */
#define MARSHAL_DEBUG_UNCACHED 0x0u /* C=0 B=0 */

typedef struct {
    DWORD cbSize; /* sizeof(MARSHAL_DEBUG): the caller sets it */
    DWORD op;     /* MARSHAL_DEBUG_* */
    DWORD src, bytes, desc, dest;
    DWORD hr;       /* ALLOC, FREE: the HRESULT */
    DWORD srcAttr;  /* QUERY: C and B bits of the caller's page at src (or UNMAPPED) */
    DWORD destAttr; /* QUERY: C and B bits of the kernel's page at dest (or UNMAPPED) */
    DWORD live;     /* QUERY: live marshaling buffers, every process */
} MARSHAL_DEBUG;

#ifdef __cplusplus
extern "C" {
#endif

/* Fill *pStats (cbSize set by the caller). FALSE and ERROR_INVALID_PARAMETER for a bad
 * pointer or size. */
BOOL GetKernelStats(KERNEL_STATS *pStats);
/* FALSE and ERROR_INVALID_PARAMETER for a bad pointer, size or op; from kernel code,
 * ERROR_NOT_SUPPORTED. */
BOOL KernelMarshalDebug(MARSHAL_DEBUG *p);

#ifdef __cplusplus
}
#endif

#endif
