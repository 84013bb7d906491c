/*
 * vectors.S: the exception vectors, their entry code, and the one way back.
 *
 * The vector page (.vectors, a page of its own) is mapped at VM_HIGH_VECTORS (SCTLR.V).
 * Each vector loads the absolute virtual address of its handler from the table right
 * after the vectors, so the handlers can live anywhere in the kernel.
 *
 * SWI, IRQ, aborts and undefined instructions all build a trap frame (kernel/trap.h) on
 * the SVC stack of the current thread, whatever mode they arrive in, and call their C
 * half with IRQs masked; they all leave through exc_return, which may switch threads on
 * the way (exc_exit_work). For IRQ, abort and undefined entries the exception mode's
 * own stack is only a three-word scratch area: spsr, r0 and the return pc cross into
 * SVC mode there. A thread in user mode has an empty kernel stack, so its frames start
 * at the top; in SVC mode (kernel code) they go below what is there.
 *
 * FIQ, reset and the reserved vector are fatal: a frame on the exception mode's stack,
 * then panic_exception() prints a PANIC: dump and ends the run.
 */
#include "arm.h"
#include "trap.h"

#define SCRATCH_WORDS 3 /* spsr, r0, pc of the interrupted code */
#define SVC_ENTRY_PSR (PSR_MODE_SVC | PSR_I | PSR_F)

    .syntax unified
    .arm

    .section .vectors, "ax", %progbits
    .globl  vector_table
vector_table:
    ldr     pc, .Lv_reset
    ldr     pc, .Lv_undef
    ldr     pc, .Lv_swi
    ldr     pc, .Lv_pabt
    ldr     pc, .Lv_dabt
    ldr     pc, .Lv_reserved
    ldr     pc, .Lv_irq
    ldr     pc, .Lv_fiq
.Lv_reset:      .word exc_reset
.Lv_undef:      .word exc_undef
.Lv_swi:        .word exc_swi
.Lv_pabt:       .word exc_pabt
.Lv_dabt:       .word exc_dabt
.Lv_reserved:   .word exc_reserved
.Lv_irq:        .word exc_irq
.Lv_fiq:        .word exc_fiq

    .text

/*
 * With r0-r12, TF_PC and TF_SPSR already in the frame at sp: store the interrupted
 * mode's banked sp and lr. User (and system) mode registers are reachable with STM ^;
 * another privileged mode is visited briefly with interrupts masked. Uses r4-r7.
 */
.macro SAVE_BANKED
    ldr     r4, [sp, #TF_SPSR]
    and     r4, r4, #PSR_MODE_MASK
    add     r5, sp, #TF_SP
    cmp     r4, #PSR_MODE_USR
    bne     1f
    stm     r5, {sp, lr}^
    nop                             /* no banked register access right after STM ^ */
    b       3f
1:  mrs     r6, cpsr
    and     r7, r6, #PSR_MODE_MASK
    cmp     r4, r7
    bne     2f
    add     r7, sp, #TF_SIZE        /* same mode: its sp is ours before the frame */
    stm     r5, {r7, lr}
    b       3f
2:  bic     r7, r6, #PSR_MODE_MASK
    orr     r7, r7, r4
    orr     r7, r7, #(PSR_I | PSR_F)
    msr     cpsr_c, r7
    stm     r5, {sp, lr}
    msr     cpsr_c, r6
3:
.endm

/* Frame for an exception that is not coming back; lr_offset finds the instruction. */
.macro FATAL_ENTRY name, kind, lr_offset
    .globl  \name
    .type   \name, %function
\name:
    sub     lr, lr, #\lr_offset
    sub     sp, sp, #TF_SIZE
    stm     sp, {r0-r12}
    str     lr, [sp, #TF_PC]
    mrs     r4, spsr
    str     r4, [sp, #TF_SPSR]
    SAVE_BANKED
    mov     r0, sp
    mov     r1, #\kind
    bl      panic_exception
    .size   \name, . - \name
.endm

    FATAL_ENTRY exc_reset, EXC_KIND_RESET, 0
    FATAL_ENTRY exc_reserved, EXC_KIND_RESERVED, 0
    FATAL_ENTRY exc_fiq, EXC_KIND_FIQ, EXC_LR_OFFSET_FIQ

/*
 * Entry from IRQ, abort or undefined mode into a frame on the SVC stack, then
 * handler(frame) and exc_return. The exception mode's sp is the top of its stack and
 * never moves: the scratch words lie just below it, and are copied out before anything
 * could take the same exception again.
 */
.macro SVC_FRAME_ENTRY name, handler, lr_offset
    .globl  \name
    .type   \name, %function
\name:
    sub     lr, lr, #\lr_offset
    stmdb   sp, {r0, lr}            /* scratch: [sp-12] spsr, [sp-8] r0, [sp-4] pc */
    mrs     lr, spsr
    str     lr, [sp, #-(SCRATCH_WORDS * 4)]
    sub     r0, sp, #(SCRATCH_WORDS * 4)
    msr     cpsr_c, #SVC_ENTRY_PSR
    sub     sp, sp, #TF_SIZE
    stmib   sp, {r1-r12}            /* r1-r12 at TF_R0 + 4 ...; r0 comes from the scratch */
    ldm     r0, {r1-r3}             /* r1 = spsr, r2 = r0, r3 = pc */
    str     r1, [sp, #TF_SPSR]
    str     r2, [sp, #TF_R0]
    str     r3, [sp, #TF_PC]
    SAVE_BANKED
    mov     r0, sp
    bl      \handler
    b       exc_return
    .size   \name, . - \name
.endm

    SVC_FRAME_ENTRY exc_irq, irq_entry, EXC_LR_OFFSET_IRQ
    SVC_FRAME_ENTRY exc_dabt, dabt_entry, EXC_LR_OFFSET_DABT
    SVC_FRAME_ENTRY exc_pabt, pabt_entry, EXC_LR_OFFSET_PABT
    SVC_FRAME_ENTRY exc_undef, undef_entry, EXC_LR_OFFSET_UNDEF

/*
 * SWI: from user mode (system calls of processes) or from SVC mode (kernel-mode
 * drivers call the same stubs; their stubs keep lr on their stack). TF_PC holds the
 * return address, the instruction after the svc.
 */
    .globl  exc_swi
    .type   exc_swi, %function
exc_swi:
    sub     sp, sp, #TF_SIZE
    stm     sp, {r0-r12}
    str     lr, [sp, #TF_PC]
    mrs     r4, spsr
    str     r4, [sp, #TF_SPSR]
    SAVE_BANKED
    mov     r0, sp
    bl      swi_handler
    b       exc_return
    .size   exc_swi, . - exc_swi

/*
 * The way back from every exception frame at sp (IRQs masked). To user mode: user sp
 * and lr with LDM ^, then the rest, MOVS PC restores the CPSR. To SVC mode: one
 * LDM {r0-pc}^ loads sp, lr, pc and the CPSR together (the frame's sp is the
 * interrupted sp, so the frame is dropped in the same instruction).
 */
    .globl  exc_return
    .type   exc_return, %function
exc_return:
    mov     r0, sp
    bl      exc_exit_work
    ldr     r0, [sp, #TF_SPSR]
    msr     spsr_cxsf, r0
    and     r0, r0, #PSR_MODE_MASK
    cmp     r0, #PSR_MODE_USR
    bne     1f
    add     r0, sp, #TF_SP
    ldm     r0, {sp, lr}^
    nop                             /* no banked register access right after LDM ^ */
    ldr     lr, [sp, #TF_PC]
    ldm     sp, {r0-r12}
    add     sp, sp, #TF_SIZE
    movs    pc, lr
1:  ldm     sp, {r0-pc}^
    .size   exc_return, . - exc_return
