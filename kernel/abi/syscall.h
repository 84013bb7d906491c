/*
 * syscall.h: system call numbers, defined once for the kernel, the guest runtime
 * library and the simulator (which names them in traces).
 *
 * ABI: `svc #0` from the caller, number in r7, arguments in r0-r3, result in r0. The
 * stubs (guest/lib/syscalls.S) push {r7, lr} before the svc, so a fifth and further
 * argument lie at [sp + 8], [sp + 12] ... at the svc. `svc #0x123456` is ARM semihosting
 * instead. Kernel-mode drivers make the same calls with the same stubs, from SVC mode.
 * The calls, their arguments and errors are the CE functions of the same name
 * (guest/include/ceapi.h); UpcallReturn is the kernel's own (the return trampoline of a
 * call into a user-mode driver, kernel/reflect.c). The Ce*Buffer calls are the
 * marshaling helpers of guest/include/marshal.h: kernel-mode drivers reach them through
 * the same stubs (SWI from SVC mode: the kernel-mode rules), user-mode drivers from
 * their host (the user-mode rules). KernelMarshalDebug is the kernel's test hook
 * (guest/include/ceapi.h).
 */
#ifndef CESIM_SYSCALL_H
#define CESIM_SYSCALL_H

/* X(number, name): append only, never renumber. */
#define CE_SYSCALL_LIST(X)                                                                         \
    X(1, ExitProcess)                                                                              \
    X(2, DebugWrite)                                                                               \
    X(3, GetTickCount)                                                                             \
    X(4, GetLastError)                                                                             \
    X(5, SetLastError)                                                                             \
    X(6, CreateProcess)                                                                            \
    X(7, TerminateProcess)                                                                         \
    X(8, GetExitCodeProcess)                                                                       \
    X(9, CreateThread)                                                                             \
    X(10, ExitThread)                                                                              \
    X(11, GetExitCodeThread)                                                                       \
    X(12, ResumeThread)                                                                            \
    X(13, CeSetThreadPriority)                                                                     \
    X(14, CeGetThreadPriority)                                                                     \
    X(15, Sleep)                                                                                   \
    X(16, CreateEvent)                                                                             \
    X(17, SetEvent)                                                                                \
    X(18, ResetEvent)                                                                              \
    X(19, WaitForSingleObject)                                                                     \
    X(20, CloseHandle)                                                                             \
    X(21, GetCurrentProcessId)                                                                     \
    X(22, GetCurrentThreadId)                                                                      \
    X(23, VirtualAlloc)                                                                            \
    X(24, VirtualFree)                                                                             \
    X(25, VirtualProtect)                                                                          \
    X(26, VirtualAllocCopyEx)                                                                      \
    X(27, ReadProcessMemory)                                                                       \
    X(28, WriteProcessMemory)                                                                      \
    X(29, CacheRangeFlush)                                                                         \
    X(30, InterruptInitialize)                                                                     \
    X(31, InterruptDone)                                                                           \
    X(32, InterruptDisable)                                                                        \
    X(33, MmMapIoSpace)                                                                            \
    X(34, MmUnmapIoSpace)                                                                          \
    X(35, CreateFile)                                                                              \
    X(36, DeviceIoControl)                                                                         \
    X(37, GetKernelStats)                                                                          \
    X(38, UpcallReturn)                                                                            \
    X(39, CeOpenCallerBuffer)                                                                      \
    X(40, CeCloseCallerBuffer)                                                                     \
    X(41, CeAllocAsynchronousBuffer)                                                               \
    X(42, CeFreeAsynchronousBuffer)                                                                \
    X(43, CeFlushAsynchronousBuffer)                                                               \
    X(44, CeAllocDuplicateBuffer)                                                                  \
    X(45, CeFreeDuplicateBuffer)                                                                   \
    X(46, KernelMarshalDebug)

#ifndef __ASSEMBLER__
enum ce_syscall {
#define CE_SYSCALL_ENUM(nr, name) SYS_##name = nr,
    CE_SYSCALL_LIST(CE_SYSCALL_ENUM)
#undef CE_SYSCALL_ENUM
        SYS_COUNT
};
#endif

/* 0x0u: GAS reads the C suffix, except on a bare decimal zero (assembly includes this). */
#define CE_SYSCALL_SVC_IMM 0x0u

#endif
