/*
 * semihost.h: ARM semihosting, the subset the guest uses to leave (SYS_EXIT,
 * SYS_EXIT_EXTENDED) and to print before its console is up (SYS_WRITEC, SYS_WRITE0).
 * Same behaviour as QEMU's -semihosting, so one ROM works on both.
 */
#ifndef CESIM_SEMIHOST_H
#define CESIM_SEMIHOST_H

struct machine;

/* Handle `svc #0x123456` (r0 = operation, r1 = argument); result in r0. */
void semihost_call(struct machine *m);

#endif
