/*
 * syscalls.h: the kernel side of the system calls. kernel/syscall.c decodes the SWI
 * into a `struct sc` (arguments, who called) and calls sys_NAME(c) for each entry of
 * CE_SYSCALL_LIST (kernel/abi/syscall.h); the handlers live with their subsystems.
 *
 * Every handler decodes and validates all its arguments before it changes anything
 * (STYLE.md 6), returns the API's own return value, and reports failures with
 * sc_fail(), which sets the calling thread's last error (GetLastError).
 */
#ifndef KERNEL_SYSCALLS_H
#define KERNEL_SYSCALLS_H

#include <stdint.h>

#include "syscall.h"
#include "trap.h"

#define SYSCALL_MAX_ARGS 10u /* CreateProcess */

struct process;

struct sc {
    struct trap_frame *tf;
    uint32_t a[SYSCALL_MAX_ARGS]; /* a[0..3] from r0-r3; the rest by sc_stack_args() */
    int kernel;                   /* caller is kernel code (SWI from SVC mode): A2 */
    struct process *p;            /* whose handles and memory: the caller's process, or
                                     the kernel process for kernel callers */
};

#define SYSCALL_DECL(nr, name) uint32_t sys_##name(struct sc *c);
CE_SYSCALL_LIST(SYSCALL_DECL)
#undef SYSCALL_DECL

/* Set the caller's last error and return `ret` (the API's failure value). */
uint32_t sc_fail(uint32_t err, uint32_t ret);
/* Fetch arguments 4 .. n-1 from the caller's stack (a protected read, A3). 0, or -1. */
int sc_stack_args(struct sc *c, unsigned n);
/* A1/A2 check of a caller pointer in the calling process. */
int sc_ptr_ok(const struct sc *c, uint32_t va, uint32_t len, int write);

#endif
