/*
 * ceapi.h: the CE application API of cesim guests: processes, threads, events and
 * waits, memory, devices. Each call is a stub in libce (guest/lib/syscalls.S); the
 * kernel checks every pointer argument (spec/marshal.md A1) and reports failures through
 * GetLastError (the codes each call can give are listed in the kernel file named).
 * LocalAlloc/LocalFree are libce's own heap on VirtualAlloc (guest/lib/heap.c).
 *
 * Strings are 8-bit (LPCTSTR is const char *). Processes are started from the ROM: the
 * image name of CreateProcess is an app's name in the scenario.
 */
#ifndef CE_CEAPI_H
#define CE_CEAPI_H

#include "cetypes.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void *HLOCAL;

#define GetCurrentProcess() ((HANDLE)0xFFFFFFFFu) /* pseudo handles */
#define GetCurrentThread() ((HANDLE)0xFFFFFFFEu)

/* ---- processes (kernel/sys_proc.c) ---- */

/* End the calling process; a boot app's code becomes the run's status if the first
 * non-zero in ROM order. */
void ExitProcess(UINT uExitCode) __attribute__((noreturn));
/* Start the ROM app pszImageName with command line pszCmdLine (NULL: none). Only
 * fdwCreate CREATE_SUSPENDED is known; the other pointers are ignored. pProcInfo may be
 * NULL (no handles then). */
BOOL CreateProcess(LPCTSTR pszImageName, LPCTSTR pszCmdLine, LPSECURITY_ATTRIBUTES psaProcess,
                   LPSECURITY_ATTRIBUTES psaThread, BOOL fInheritHandles, DWORD fdwCreate,
                   LPVOID pvEnvironment, LPCTSTR pszCurDir, LPSTARTUPINFO psiStartInfo,
                   LPPROCESS_INFORMATION pProcInfo);
BOOL TerminateProcess(HANDLE hProcess, DWORD uExitCode);
/* STILL_ACTIVE until the process is gone. */
BOOL GetExitCodeProcess(HANDLE hProcess, LPDWORD lpExitCode);
DWORD GetCurrentProcessId(void);

/* ---- threads ---- */

/* A thread of the calling process at lpStartAddress(lpParameter); its return value is its
 * exit code. A 32 KB stack (cbStack ignored); CREATE_SUSPENDED known. */
HANDLE CreateThread(LPSECURITY_ATTRIBUTES lpsa, DWORD cbStack,
                    LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter,
                    DWORD dwCreationFlags, LPDWORD lpThreadId);
void ExitThread(DWORD dwExitCode) __attribute__((noreturn));
BOOL GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode);
DWORD ResumeThread(HANDLE hThread);
/* Priorities 0 (highest) .. 255; new threads get 251 (CE_THREAD_PRIO_256_NORMAL). */
BOOL CeSetThreadPriority(HANDLE hThread, int nPriority);
int CeGetThreadPriority(HANDLE hThread);
DWORD GetCurrentThreadId(void);
/* 0 yields to ready threads of the same priority. */
void Sleep(DWORD dwMilliseconds);

/* ---- events and waits (kernel/event.c) ---- */

/* lpName must be NULL. */
HANDLE CreateEvent(LPSECURITY_ATTRIBUTES lpsa, BOOL bManualReset, BOOL bInitialState,
                   LPCTSTR lpName);
BOOL SetEvent(HANDLE hEvent);
BOOL ResetEvent(HANDLE hEvent);
/* Events, processes and threads: WAIT_OBJECT_0, WAIT_TIMEOUT or WAIT_FAILED. */
DWORD WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);
BOOL CloseHandle(HANDLE hObject);

/* ---- errors and time (kernel/syscall.c) ---- */

DWORD GetLastError(void);
void SetLastError(DWORD dwErrCode);
/* Milliseconds since boot, from the kernel tick (wraps after 49.7 days). */
DWORD GetTickCount(void);
/* Write cb bytes to the debug console. S_OK, or E_ACCESSDENIED for a bad buffer. */
HRESULT DebugWrite(LPCSTR pBuffer, DWORD cb);

/* ---- memory (kernel/sys_mem.c) ---- */

LPVOID VirtualAlloc(LPVOID lpAddress, DWORD dwSize, DWORD flAllocationType, DWORD flProtect);
BOOL VirtualFree(LPVOID lpAddress, DWORD dwSize, DWORD dwFreeType);
BOOL VirtualProtect(LPVOID lpAddress, DWORD dwSize, DWORD flNewProtect, PDWORD lpflOldProtect);
/* The pages of [pAddr, pAddr + cbSize) of hSrcProc mapped into hDstProc (same physical
 * pages, same offset in the page). Release with VirtualFree(MEM_RELEASE) of the result
 * rounded down to 64 KB. */
LPVOID VirtualAllocCopyEx(HANDLE hSrcProc, HANDLE hDstProc, LPVOID pAddr, DWORD cbSize,
                          DWORD dwProtect);
BOOL ReadProcessMemory(HANDLE hProcess, LPCVOID lpBaseAddress, LPVOID lpBuffer, DWORD nSize,
                       LPDWORD lpNumberOfBytesRead);
BOOL WriteProcessMemory(HANDLE hProcess, LPVOID lpBaseAddress, LPCVOID lpBuffer, DWORD nSize,
                        LPDWORD lpNumberOfBytesWritten);
/* CACHE_SYNC_* maintenance of [pAddr, pAddr + dwLength) (NULL and 0: everything). */
void CacheRangeFlush(LPVOID pAddr, DWORD dwLength, DWORD dwFlags);
/* The process heap (libce, not thread-safe): LMEM_FIXED, LMEM_ZEROINIT. LocalFree
 * returns NULL, or hMem when it is no block of this heap. */
HLOCAL LocalAlloc(UINT uFlags, UINT uBytes);
HLOCAL LocalFree(HLOCAL hMem);

/* ---- devices (kernel/devmgr.c) ---- */

/* lpFileName is a device name such as "SMP1:"; dwCreationDisposition OPEN_EXISTING. */
HANDLE CreateFile(LPCTSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                  LPSECURITY_ATTRIBUTES lpsa, DWORD dwCreationDisposition,
                  DWORD dwFlagsAndAttributes, HANDLE hTemplateFile);
/* lpOverlapped must be NULL. */
BOOL DeviceIoControl(HANDLE hDevice, DWORD dwIoControlCode, LPVOID lpInBuffer, DWORD nInBufferSize,
                     LPVOID lpOutBuffer, DWORD nOutBufferSize, LPDWORD lpBytesReturned,
                     LPOVERLAPPED lpOverlapped);

#ifdef __cplusplus
}
#endif

#endif
