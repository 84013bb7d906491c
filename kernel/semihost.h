/*
 * semihost.h: ARM semihosting from the kernel (SVC #SEMIHOST_SVC_IMM in SVC mode, op in
 * r0, argument in r1), the way a run reports its result to QEMU or cesim.
 */
#ifndef KERNEL_SEMIHOST_H
#define KERNEL_SEMIHOST_H

#include <stdint.h>

/* Print a NUL-terminated string on the host's semihosting console. */
void semihost_write0(const char *s);
/* Normal end of the run with an exit status (SYS_EXIT_EXTENDED, ApplicationExit). */
void semihost_exit(uint32_t code) __attribute__((noreturn));
/* Fatal end (SYS_EXIT, RunTimeErrorUnknown): cesim exits 3, QEMU 1. */
void semihost_exit_runtime_error(void) __attribute__((noreturn));

#endif
