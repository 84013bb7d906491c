/*
 * tramp.S: the trampoline page, a page of kernel text that every process also maps
 * read-only at VM_USER_TRAMPOLINE (kernel/vmem.h), so that user code can return into
 * the kernel:
 *   exit_thread     the return address of every user thread's start function: its
 *                   result (r0) becomes the thread's exit code (ExitThread);
 *   upcall_return   the return address of a driver entry point called in a driver host
 *                   (kernel/reflect.c): its result (r0) goes back to the kernel.
 * The code must not depend on where it runs: only immediates and the svc.
 */
#include "syscall.h"

/* The numbers as assembler symbols, from the one list. */
#define SYSCALL_EQU(nr, name) .equ SYS_##name, nr;
CE_SYSCALL_LIST(SYSCALL_EQU)

    .syntax unified
    .arm
    .section .text.tramp, "ax", %progbits

    .globl  tramp_start, tramp_exit_thread, tramp_upcall_return
tramp_start:
tramp_exit_thread:
    mov     r7, #SYS_ExitThread
    svc     #CE_SYSCALL_SVC_IMM
    b       .
tramp_upcall_return:
    mov     r7, #SYS_UpcallReturn
    svc     #CE_SYSCALL_SVC_IMM
    b       .
