/*
 * switch.S: the few places where the kernel changes stacks.
 *
 *   void ctx_switch(uint32_t *save_ksp, uint32_t next_ksp)
 *       Thread switch, SVC mode, IRQs masked: push the callee-saved registers on the
 *       old thread's kernel stack, save sp, load the new thread's, pop its registers.
 *       A new thread's stack starts with such a frame (kernel/sched.c) whose pc is
 *       kthread_start or uthread_start.
 *
 *   uint32_t upcall_enter(uint32_t *save_ksp, const struct trap_frame *uf)
 *       Enter user mode with the frame uf and come back here only when upcall_leave()
 *       is called (thread migration into a driver host, kernel/reflect.c): like
 *       setjmp, the callee-saved registers and sp are kept on the kernel stack; the user
 *       frame is copied below them, so everything the user code's exceptions push goes
 *       below the saved context.
 *
 *   void upcall_leave(uint32_t ksp, uint32_t result)
 *       Back into upcall_enter's caller with `result`, dropping whatever the kernel
 *       stack holds below the saved context.
 */
#include "arm.h"
#include "trap.h"

    .syntax unified
    .arm
    .text

    .globl  ctx_switch
    .type   ctx_switch, %function
ctx_switch:
    push    {r3-r11, lr}            /* ten words: the stack stays 8-byte aligned */
    str     sp, [r0]
    mov     sp, r1
    pop     {r3-r11, pc}
    .size   ctx_switch, . - ctx_switch

/* A new kernel thread: r4 = function, r5 = its argument. Kernel threads run driver and
 * kernel code with IRQs unmasked (preemptible); returning ends the thread. */
    .globl  kthread_start
    .type   kthread_start, %function
kthread_start:
    bl      kthread_switch_tail
    mrs     r0, cpsr
    bic     r0, r0, #PSR_I
    msr     cpsr_c, r0
    mov     r0, r5
    blx     r4
    bl      kthread_return
    .size   kthread_start, . - kthread_start

/* A new user thread: its trap frame sits at sp, as if an exception had been taken. */
    .globl  uthread_start
    .type   uthread_start, %function
uthread_start:
    bl      kthread_switch_tail
    b       exc_return
    .size   uthread_start, . - uthread_start

    .globl  upcall_enter
    .type   upcall_enter, %function
upcall_enter:
    push    {r3-r11, lr}
    str     sp, [r0]
    sub     sp, sp, #TF_SIZE
    mov     r0, sp
    ldm     r1!, {r2-r10}           /* TF_SIZE is 18 words: two runs of nine */
    stm     r0!, {r2-r10}
    ldm     r1!, {r2-r10}
    stm     r0!, {r2-r10}
    b       exc_return
    .size   upcall_enter, . - upcall_enter

    .globl  upcall_leave
    .type   upcall_leave, %function
upcall_leave:
    mov     sp, r0
    mov     r0, r1
    pop     {r3-r11, pc}
    .size   upcall_leave, . - upcall_leave
