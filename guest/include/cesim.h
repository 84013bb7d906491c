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

#ifdef __cplusplus
extern "C" {
#endif

/* Fill *pStats (cbSize set by the caller). FALSE and ERROR_INVALID_PARAMETER for a bad
 * pointer or size. */
BOOL GetKernelStats(KERNEL_STATS *pStats);

#ifdef __cplusplus
}
#endif

#endif
