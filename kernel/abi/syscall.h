/*
 * syscall.h: system call numbers, defined once for the kernel, the guest runtime
 * library and the simulator (which names them in traces).
 *
 * ABI: `svc #0` from the caller, number in r7, arguments in r0-r3 (further ones on the
 * caller's stack at [sp]), result in r0. `svc #0x123456` is ARM semihosting instead.
 */
#ifndef CESIM_SYSCALL_H
#define CESIM_SYSCALL_H

/* X(number, name): append only, never renumber. */
#define CE_SYSCALL_LIST(X) \
    X(1, ExitProcess)      \
    X(2, DebugWrite)       \
    X(3, GetTickCount)

enum ce_syscall {
#define CE_SYSCALL_ENUM(nr, name) SYS_##name = nr,
    CE_SYSCALL_LIST(CE_SYSCALL_ENUM)
#undef CE_SYSCALL_ENUM
    SYS_COUNT
};

#define CE_SYSCALL_SVC_IMM 0u

#endif
