/*
 * uaccess.h: how the kernel reaches a caller's memory (spec/marshal.md A1-A3).
 *
 * A1: before any use, a user caller's pointer is checked: at or above the NULL guard,
 * no wrap-around, below VM_USER_END for writes (0x80000000 for reads), and every page
 * mapped in the caller's process with user read (or write) permission.
 * A2: a caller that is kernel code (a kernel-mode driver's system call, SWI from SVC
 * mode) skips the range test; only NULL with a non-zero length and wrap-around fail.
 * A3: every copy is protected: a fault while copying becomes an error (kernel/ucopy.S
 * and the fixup table consulted by the data-abort handler), never a kernel crash.
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include <stdint.h>

struct process;

/* Caller's pointer check (A1, or A2 for kernel callers). 1 when usable. */
int uaccess_ok(const struct process *p, int kernel_caller, uint32_t va, uint32_t len, int write);
/* Protected copies from/to a caller's pointer: 0, or -1 on a fault (A3). */
int copy_from_caller(int kernel_caller, void *dst, uint32_t src, uint32_t n);
int copy_to_caller(int kernel_caller, uint32_t dst, const void *src, uint32_t n);
/* A caller's NUL-terminated string into dst[size]: its length, -1 on a fault, -2 when
 * it does not fit. No page-table check is made first: the copy itself is protected. */
int strncpy_from_caller(int kernel_caller, char *dst, uint32_t src, uint32_t size);
/* The fixup for a faulting kernel instruction at pc, or 0 (kernel/fault.c). */
uint32_t uaccess_fixup(uint32_t pc);

/* kernel/ucopy.S */
int uaccess_copy_from_user(void *dst, uint32_t usrc, uint32_t n);
int uaccess_copy_to_user(uint32_t udst, const void *src, uint32_t n);
int kaccess_copy(void *dst, const void *src, uint32_t n);
int uaccess_strncpy_from_user(char *dst, uint32_t usrc, uint32_t size);
int kaccess_strncpy(char *dst, const char *src, uint32_t size);

#endif
