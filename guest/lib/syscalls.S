/*
 * syscalls.S: the system call stubs, one per entry of CE_SYSCALL_LIST
 * (kernel/abi/syscall.h), generated here so that a new number needs no new code. Each
 * is, exactly:
 *
 *   push {r7, lr}   r7 is callee-saved in the AAPCS; lr must survive an svc made in SVC
 *                   mode (a kernel-mode driver calls these same stubs: the exception
 *                   overwrites LR_svc)
 *   mov  r7, #nr    the call number
 *   svc  #0         arguments in r0-r3, result in r0; a fifth and further argument are
 *                   the caller's, at [sp + 8] ... now (the kernel reads them there)
 *   pop  {r7, pc}
 *
 * The prototypes are the CE functions' (guest/include/ceapi.h): the AAPCS puts their
 * first four arguments in r0-r3 and the rest on the stack, which is all a stub needs.
 */
#include "syscall.h"

    .syntax unified
    .arm
    .text

.macro STUB nr, name
    .globl  \name
    .type   \name, %function
    .p2align 2
\name:
    push    {r7, lr}
    mov     r7, #\nr
    svc     #CE_SYSCALL_SVC_IMM
    pop     {r7, pc}
    .size   \name, . - \name
.endm

#define SYSCALL_STUB(nr, name) STUB nr, name;
CE_SYSCALL_LIST(SYSCALL_STUB)
