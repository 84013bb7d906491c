/*
 * cetypes.h: Windows CE style base types, truth values and HRESULT codes, for apps,
 * drivers and the kernel alike (the kernel returns these codes from system calls).
 * Values are the public Windows ones (spec/marshal.md section 1). ILP32: long is 32 bits.
 */
#ifndef CE_CETYPES_H
#define CE_CETYPES_H

#include <stddef.h>
#include <stdint.h>

typedef unsigned char BYTE;
typedef unsigned short WORD;
typedef unsigned long DWORD;
typedef long LONG;
typedef unsigned int UINT;
typedef int INT;
typedef int BOOL;
typedef char CHAR;
typedef unsigned short WCHAR;
typedef long HRESULT;
typedef void *HANDLE;
typedef void *LPVOID;
typedef const void *LPCVOID;
typedef char *LPSTR;
typedef const char *LPCSTR;
typedef DWORD *LPDWORD;

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

/* Win32 error codes and their HRESULT form (FACILITY_WIN32). */
#define ERROR_SUCCESS 0L
#define ERROR_NOT_SUPPORTED 50L
#define ERROR_INVALID_PARAMETER 87L
#define ERROR_ALREADY_EXISTS 183L
#define FACILITY_WIN32 7L
#define HRESULT_FROM_WIN32(x)                                                                      \
    ((HRESULT)(x) <= 0                                                                             \
         ? (HRESULT)(x)                                                                            \
         : (HRESULT)(((DWORD)(x)&0x0000FFFFul) | (FACILITY_WIN32 << 16) | 0x80000000ul))

#endif
