/*
 * fault.h: what happens when code faults. A fault in user mode (data or prefetch
 * abort, undefined instruction, a SWI the kernel does not know) kills the process it
 * ran in, with one console line naming the process, the fault address and status; the
 * rest of the system goes on. A data abort in kernel mode at one of the protected copy
 * instructions (kernel/ucopy.S) resumes at its fixup; any other kernel fault is a
 * PANIC.
 */
#ifndef KERNEL_FAULT_H
#define KERNEL_FAULT_H

#include <stdint.h>

#include "trap.h"

/* Kill the process the current thread runs in, for an exception of `kind` (EXC_KIND_*)
 * at tf->pc, touching `addr` with fault status `fsr`. Never returns. */
void fault_kill_current(struct trap_frame *tf, unsigned kind, uint32_t addr, uint32_t fsr)
    __attribute__((noreturn));

/* The C halves of the vectors (kernel/vectors.S). */
void irq_entry(struct trap_frame *tf);
void dabt_entry(struct trap_frame *tf);
void pabt_entry(struct trap_frame *tf);
void undef_entry(struct trap_frame *tf);

#endif
