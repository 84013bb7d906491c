/*
 * kmarshal.h: the kernel's buffer marshaling (spec/marshal.md, guest/include/marshal.h):
 * the seven Ce*Buffer system calls, the record of live buffers (AF3, L1) and the
 * misuse the kernel detects itself (AA6, use after free).
 *
 * Where buffers live:
 *   - kernel-mode duplicates (O2, AA2, D1) and aliases (AA3, AA4): page-granular
 *     mappings in the marshaling window [MARSHAL_WIN_BASE, MARSHAL_WIN_END) of the
 *     kernel's virtual range, each followed by an unmapped guard page; unmapped at Free,
 *     and their addresses are not handed out again until the window wrapped around, so
 *     a use after Free faults (a `use-after-free` diagnostic, not a panic);
 *   - user-mode duplicates (O3, AA5, D1 from a driver host): fresh pages of the host.
 */
#ifndef KERNEL_KMARSHAL_H
#define KERNEL_KMARSHAL_H

#include <stdint.h>

#include "trap.h"

/* Right above the kernel heap's 16 MB (kernel/kheap.c), below KVM_ALLOC_BASE. */
#define MARSHAL_WIN_BASE 0xD1000000u
#define MARSHAL_WIN_END 0xD3000000u

struct process;

/* Read the settings (kernel.marshal_policy, kernel.small_copy_threshold,
 * kernel.cache_tags) and publish the kinfo block. */
void marshal_init(void);
/* A kernel-mode data abort at far with no fixup: when far lies in the marshaling window,
 * a use-after-free diagnostic, and the offending thread (a kernel thread) or its
 * process dies; does not return then. Returns when far is not the window's. */
void marshal_fault(struct trap_frame *tf, uint32_t far, uint32_t fsr);
/* Driver unload: the process p (a driver host) is going away: its live buffers are
 * listed as leaks (L1) and forgotten (their pages go with the process). */
void marshal_process_gone(struct process *p);
/* End of the run: every live buffer listed as a leak (L1). */
void marshal_report_leaks(void);

#endif
