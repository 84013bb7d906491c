/*
 * vectors.S: the exception vectors and their entry code.
 *
 * The vector page (.vectors, a page of its own) is mapped at VM_HIGH_VECTORS (SCTLR.V).
 * Each vector loads the absolute virtual address of its handler from the table right
 * after the vectors, so the handlers can live anywhere in the kernel.
 *
 *   SWI    builds a trap frame on the SVC stack and calls swi_handler() (syscalls; a
 *          semihosting or unknown SWI that reaches the kernel), then returns with MOVS.
 *   IRQ    saves the caller-saved registers on the IRQ stack, calls irq_dispatch(),
 *          returns with SUBS PC, LR, #4. IRQs stay masked throughout (no nesting).
 *   others (reset, undefined, prefetch and data abort, reserved, FIQ) are fatal: a trap
 *          frame on the exception mode's stack, then panic_exception() prints a PANIC:
 *          dump and ends the run.
 */
#include "arm.h"
#include "trap.h"

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
    FATAL_ENTRY exc_undef, EXC_KIND_UNDEF, EXC_LR_OFFSET_UNDEF
    FATAL_ENTRY exc_pabt, EXC_KIND_PABT, EXC_LR_OFFSET_PABT
    FATAL_ENTRY exc_dabt, EXC_KIND_DABT, EXC_LR_OFFSET_DABT
    FATAL_ENTRY exc_reserved, EXC_KIND_RESERVED, 0
    FATAL_ENTRY exc_fiq, EXC_KIND_FIQ, EXC_LR_OFFSET_FIQ

/*
 * SWI: from user mode (later: processes) or from SVC mode (now: apps run in kernel
 * context, and their stubs keep lr on their stack). The frame goes on the SVC stack;
 * TF_PC holds the return address, the instruction after the svc. SPSR is saved in the
 * frame before anything can reuse it.
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
    ldr     r4, [sp, #TF_SPSR]
    msr     spsr_cxsf, r4
    ldr     lr, [sp, #TF_PC]
    ldm     sp, {r0-r12}
    add     sp, sp, #TF_SIZE
    movs    pc, lr
    .size   exc_swi, . - exc_swi

/*
 * IRQ: r4-r11 are preserved by the C code; six words keep the stack 8-byte aligned.
 * The interrupted code's SPSR stays in SPSR_irq: IRQs remain masked until the return.
 */
    .globl  exc_irq
    .type   exc_irq, %function
exc_irq:
    push    {r0-r3, r12, lr}
    bl      irq_dispatch
    pop     {r0-r3, r12, lr}
    subs    pc, lr, #EXC_LR_OFFSET_IRQ
    .size   exc_irq, . - exc_irq
