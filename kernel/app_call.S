/*
 * app_call.S: call an app's entry point on its own stack, and come back to the caller
 * from anywhere when the app exits (a setjmp/longjmp pair specialised to this one use).
 *
 * For now apps run in kernel context (SVC mode, the kernel's page table; see
 * kernel/app.c); the process work replaces this with a switch to user mode.
 *
 *   int app_enter(uint32_t entry, uint32_t arg0, uint32_t arg1, uint32_t sp,
 *                 uint32_t *kernel_sp)
 *       Saves the callee-saved registers and CPSR on the kernel stack, stores the kernel
 *       sp in *kernel_sp, switches to `sp` and calls entry(arg0, arg1). Returns the exit
 *       code passed to app_leave(). If entry returns, its result is the exit code.
 *
 *   void app_leave(uint32_t kernel_sp, int code)
 *       From any depth on the app's stack (the ExitProcess syscall handler): back to
 *       the kernel stack, restore the saved registers and CPSR (IRQ mask included:
 *       the SWI entry masked IRQs), return `code` from app_enter().
 */
#include "arm.h"

    .syntax unified
    .arm
    .text

    .globl  app_enter
    .type   app_enter, %function
app_enter:
    ldr     ip, [sp]                /* fifth argument: kernel_sp */
    push    {r4-r11, lr}
    mrs     r4, cpsr
    push    {r4}                    /* ten words: the stack stays 8-byte aligned */
    str     sp, [ip]
    mov     ip, r0
    mov     r0, r1
    mov     r1, r2
    mov     sp, r3
    mov     fp, #0                  /* no frame chain into the kernel stack */
    blx     ip
    /* The entry returned instead of calling ExitProcess: r0 is the code. */
    bl      app_returned
    .size   app_enter, . - app_enter

    .globl  app_leave
    .type   app_leave, %function
app_leave:
    mov     sp, r0
    mov     r0, r1
    pop     {r4}
    msr     cpsr_c, r4
    pop     {r4-r11, pc}
    .size   app_leave, . - app_leave
