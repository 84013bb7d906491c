/*
 * cetypes.h: Windows CE style base types, truth values, error and status codes, and
 * the constants of the API (memory, waits, devices, cache), for apps, drivers and the
 * kernel alike (the kernel returns these codes from system calls and includes this
 * header, so each value is defined once). Values are the public Windows ones
 * (spec/marshal.md section 1). ILP32: long is 32 bits. Strings are 8-bit (TCHAR is
 * char: this SDK has no UNICODE build).
 */
#ifndef CE_CETYPES_H
#define CE_CETYPES_H

#include <stddef.h>
#include <stdint.h>

typedef unsigned char BYTE;
typedef unsigned short WORD;
typedef unsigned long DWORD;
typedef unsigned long ULONG;
typedef long LONG;
typedef long long LONGLONG;
typedef unsigned int UINT;
typedef int INT;
typedef int BOOL;
typedef unsigned char BOOLEAN;
typedef char CHAR;
typedef char TCHAR;
typedef unsigned short WCHAR;
typedef long HRESULT;
typedef void *HANDLE;
typedef void *LPVOID;
typedef void *PVOID;
typedef const void *LPCVOID;
typedef char *LPSTR;
typedef const char *LPCSTR;
typedef const char *LPCTSTR;
typedef char *LPTSTR;
typedef DWORD *LPDWORD;
typedef DWORD *PDWORD;
typedef BYTE *PBYTE;
typedef BYTE *LPBYTE;
typedef uint32_t UINT_PTR;
typedef uint32_t SIZE_T;
typedef void *LPSECURITY_ATTRIBUTES; /* accepted and ignored */
typedef void *LPSTARTUPINFO;         /* accepted and ignored */
typedef void *LPOVERLAPPED;          /* must be NULL: no overlapped I/O */
typedef DWORD (*LPTHREAD_START_ROUTINE)(LPVOID lpParameter);

typedef union {
    struct {
        DWORD LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER;
typedef LARGE_INTEGER PHYSICAL_ADDRESS;

typedef struct {
    HANDLE hProcess;
    HANDLE hThread;
    DWORD dwProcessId;
    DWORD dwThreadId;
} PROCESS_INFORMATION, *LPPROCESS_INFORMATION;

#define TRUE 1
#define FALSE 0
#define INVALID_HANDLE_VALUE ((HANDLE)-1)

#define SUCCEEDED(hr) ((HRESULT)(hr) >= 0)
#define FAILED(hr) ((HRESULT)(hr) < 0)

#define S_OK ((HRESULT)0x00000000L)
#define S_FALSE ((HRESULT)0x00000001L)
#define E_NOTIMPL ((HRESULT)0x80004001L)
#define E_FAIL ((HRESULT)0x80004005L)
#define E_ACCESSDENIED ((HRESULT)0x80070005L)
#define E_OUTOFMEMORY ((HRESULT)0x8007000EL)
#define E_INVALIDARG ((HRESULT)0x80070057L)

/* Win32 error codes (GetLastError) and their HRESULT form (FACILITY_WIN32). */
#define ERROR_SUCCESS 0L
#define ERROR_INVALID_FUNCTION 1L
#define ERROR_FILE_NOT_FOUND 2L
#define ERROR_ACCESS_DENIED 5L
#define ERROR_INVALID_HANDLE 6L
#define ERROR_NOT_ENOUGH_MEMORY 8L
#define ERROR_OUTOFMEMORY 14L
#define ERROR_GEN_FAILURE 31L
#define ERROR_NOT_SUPPORTED 50L
#define ERROR_INVALID_PARAMETER 87L
#define ERROR_TOO_MANY_OPEN_FILES 4L
#define ERROR_BUSY 170L
#define ERROR_ALREADY_EXISTS 183L
#define ERROR_INVALID_ADDRESS 487L
#define ERROR_PARTIAL_COPY 299L
#define ERROR_NOACCESS 998L
#define FACILITY_WIN32 7L
#define HRESULT_FROM_WIN32(x)                                                                      \
    ((HRESULT)(x) <= 0                                                                             \
         ? (HRESULT)(x)                                                                            \
         : (HRESULT)(((DWORD)(x)&0x0000FFFFul) | (FACILITY_WIN32 << 16) | 0x80000000ul))

/* Exit codes of a process the kernel killed (NT status values, as CE reports them). */
#define STATUS_ACCESS_VIOLATION 0xC0000005ul
#define STATUS_ILLEGAL_INSTRUCTION 0xC000001Dul
#define STILL_ACTIVE 0x00000103ul

/* Waits. */
#define INFINITE 0xFFFFFFFFul
#define WAIT_OBJECT_0 0x00000000ul
#define WAIT_ABANDONED 0x00000080ul
#define WAIT_TIMEOUT 0x00000102ul
#define WAIT_FAILED 0xFFFFFFFFul

/* Threads: CreateThread flags and the priorities of CeSetThreadPriority (0 highest). */
#define CREATE_SUSPENDED 0x00000004ul
#define CE_THREAD_PRIO_256_HIGHEST 0
#define CE_THREAD_PRIO_256_NORMAL 251
#define CE_THREAD_PRIO_256_IDLE 255

/* VirtualAlloc / VirtualFree. */
#define MEM_COMMIT 0x00001000ul
#define MEM_RESERVE 0x00002000ul
#define MEM_DECOMMIT 0x00004000ul
#define MEM_RELEASE 0x00008000ul
#define MEM_TOP_DOWN 0x00100000ul
#define PAGE_NOACCESS 0x001ul
#define PAGE_READONLY 0x002ul
#define PAGE_READWRITE 0x004ul
#define PAGE_EXECUTE 0x010ul
#define PAGE_EXECUTE_READ 0x020ul
#define PAGE_EXECUTE_READWRITE 0x040ul
#define PAGE_GUARD 0x100ul
#define PAGE_NOCACHE 0x200ul

/* CacheRangeFlush (spec/marshal.md section 1); addr NULL and len 0 mean everything. */
#define CACHE_SYNC_DISCARD 0x001ul
#define CACHE_SYNC_INSTRUCTIONS 0x002ul
#define CACHE_SYNC_WRITEBACK 0x004ul
#define CACHE_SYNC_FLUSH_I_TLB 0x008ul
#define CACHE_SYNC_FLUSH_D_TLB 0x010ul
#define CACHE_SYNC_FLUSH_TLB (CACHE_SYNC_FLUSH_I_TLB | CACHE_SYNC_FLUSH_D_TLB)
#define CACHE_SYNC_ALL 0x07Ful

/* CreateFile. */
#define GENERIC_READ 0x80000000ul
#define GENERIC_WRITE 0x40000000ul
#define FILE_SHARE_READ 0x00000001ul
#define FILE_SHARE_WRITE 0x00000002ul
#define OPEN_EXISTING 3ul

/* DeviceIoControl codes. */
#define METHOD_BUFFERED 0ul
#define FILE_ANY_ACCESS 0ul
#define FILE_DEVICE_UNKNOWN 0x00000022ul
#define CTL_CODE(type, function, method, access)                                                   \
    (((DWORD)(type) << 16) | ((DWORD)(access) << 14) | ((DWORD)(function) << 2) | (DWORD)(method))

/* LocalAlloc. */
#define LMEM_FIXED 0x0000u
#define LMEM_ZEROINIT 0x0040u
#define LPTR (LMEM_FIXED | LMEM_ZEROINIT)

#endif
