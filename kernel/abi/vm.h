/*
 * vm.h: the kernel's virtual memory layout (CE 6 style, spec/marshal.md section 2).
 * Shared with the host so traces and reports can tell kernel from user addresses.
 *
 *   0x00000000-0x0000FFFF  never mapped (NULL guard)
 *   0x00010000-0x6FFFFFFF  per-process user space (image at VM_USER_IMAGE)
 *   0x70000000-0x7FEFFFFF  shared heap (read-only to user processes)
 *   0x80000000-0x9FFFFFFF  all RAM, cached        (VA = PA + VM_KRAM_CACHED)
 *   0xA0000000-0xBFFFFFFF  all RAM, uncached      (VA = PA + VM_KRAM_UNCACHED)
 *   0xC0000000-0xCFFFFFFF  kernel-mode driver images
 *   0xD0000000-0xEFFFFFFF  kernel virtual memory: heap, marshaling aliases, stacks
 *   0xF0000000-0xF01FFFFF  the board's device window (BOARD_DEV_PA_BASE)
 *   0xFFFF0000             high vectors
 */
#ifndef CESIM_VM_H
#define CESIM_VM_H

#define VM_NULL_GUARD_END 0x00010000u
#define VM_USER_BASE 0x00010000u
#define VM_USER_IMAGE 0x00010000u /* where apps and user-mode drivers are linked to run */
#define VM_USER_END 0x70000000u
#define VM_SHARED_HEAP 0x70000000u
#define VM_KERNEL_BASE 0x70000000u /* first-level entries from here up are the kernel's */
#define VM_KRAM_CACHED 0x80000000u
#define VM_KRAM_UNCACHED 0xA0000000u
#define VM_KDRIVERS 0xC0000000u
#define VM_KDRIVERS_END 0xD0000000u
#define VM_KVIRT 0xD0000000u
#define VM_KVIRT_END 0xF0000000u
#define VM_DEV_BASE 0xF0000000u
#define VM_HIGH_VECTORS 0xFFFF0000u

#define VM_PAGE_SIZE 0x1000u
#define VM_SECTION_SIZE 0x100000u
#define VM_ALLOC_GRANULE 0x10000u /* VirtualAlloc reservation granularity */

/* Kernel image: loaded (and first run, MMU off) at its physical address. */
#define KERNEL_LOAD_PA 0x00010000u
#define KERNEL_VA(pa) ((pa) + VM_KRAM_CACHED)

#endif
