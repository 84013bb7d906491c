/*
 * ceapi.h: the system calls an app can make today (kernel/abi/syscall.h numbers them).
 * Each is a stub in libce (guest/lib/syscalls.c): `svc #0` with the number in r7.
 */
#ifndef CE_CEAPI_H
#define CE_CEAPI_H

#include "cetypes.h"

#ifdef __cplusplus
extern "C" {
#endif

/* End the calling process with an exit code; the run's status is the first non-zero one. */
void ExitProcess(UINT uExitCode) __attribute__((noreturn));

/* Write cb bytes to the debug console. S_OK, or E_ACCESSDENIED for a bad buffer. */
HRESULT DebugWrite(LPCSTR pBuffer, DWORD cb);

/* Milliseconds since boot, from the kernel tick (wraps after 49.7 days). */
DWORD GetTickCount(void);

#ifdef __cplusplus
}
#endif

#endif
