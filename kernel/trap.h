/*
 * trap.h: the trap frame the exception entry code (kernel/vectors.S) builds on the
 * exception mode's stack, and the exception kinds. Offsets are shared by the assembly
 * and the C struct; kernel/panic.c checks they agree.
 *
 * Frame: r0-r12 of the interrupted code, its banked sp and lr (when the exception came
 * from the same mode, lr is the one the exception overwrote), the pc of interest (the
 * faulting instruction, or the return address for SWI), and the interrupted CPSR.
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#define TF_R0 0
#define TF_SP 52
#define TF_LR 56
#define TF_PC 60
#define TF_SPSR 64
#define TF_SIZE 72 /* a multiple of 8: C code on this stack keeps AAPCS alignment */

/* Exception kinds, in vector order (vector offset / 4). */
#define EXC_KIND_RESET 0
#define EXC_KIND_UNDEF 1
#define EXC_KIND_SWI 2
#define EXC_KIND_PABT 3
#define EXC_KIND_DABT 4
#define EXC_KIND_RESERVED 5
#define EXC_KIND_IRQ 6
#define EXC_KIND_FIQ 7
#define EXC_KIND_COUNT 8

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trap_frame {
    uint32_t r[13];
    uint32_t sp;
    uint32_t lr;
    uint32_t pc;
    uint32_t spsr;
    uint32_t pad; /* keeps TF_SIZE a multiple of 8 */
};

/* The SWI vector's C half (kernel/syscall.c): may rewrite tf->r[0]; may not return. */
void swi_handler(struct trap_frame *tf);
/* Print a readable PANIC: dump of the exception and exit (kernel/panic.c). */
void panic_exception(struct trap_frame *tf, unsigned kind) __attribute__((noreturn));
#endif

#endif
