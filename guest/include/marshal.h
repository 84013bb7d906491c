/*
 * marshal.h: the kernel's buffer-marshaling API for drivers (spec/marshal.md, all of it):
 * argument descriptors, MARSHAL_FORCE_ALIAS, and the seven functions. The same
 * prototypes serve kernel-mode drivers (direct calls into the kernel) and user-mode
 * drivers in a driver-host process (system calls); the kernel decides which rules apply
 * by the caller's mode (spec section 3).
 *
 * Values are the public Windows Embedded CE ones (facts, spec section 1).
 */
#ifndef CE_MARSHAL_H
#define CE_MARSHAL_H

#include "cetypes.h"

/* Argument descriptors: the I and O bits say which way data flows. */
#define ARG_I_BIT 0x4u
#define ARG_O_BIT 0x8u
#define ARG_DW 0x0u      /* a scalar: never marshaled, invalid for the helpers */
#define ARG_I_PTR 0x4u   /* input buffer of cbSrc bytes */
#define ARG_I_WSTR 0x5u  /* input UTF-16 string, NUL terminated (cbSrc 0: measured) */
#define ARG_I_ASTR 0x6u  /* input 8-bit string, NUL terminated (cbSrc 0: measured) */
#define ARG_I_PDW 0x7u   /* input pointer to DWORD: rejected by the helpers */
#define ARG_O_PTR 0x8u   /* output buffer */
#define ARG_O_PDW 0x9u   /* output DWORD, cbSrc must be 4 */
#define ARG_O_PI64 0xAu  /* output 64-bit value, cbSrc must be 8 */
#define ARG_IO_PTR 0xCu  /* in/out buffer */
#define ARG_IO_PDW 0xDu  /* in/out DWORD */
#define ARG_IO_PI64 0xEu /* in/out 64-bit value */

/* OR-ed into the descriptor of CeAllocAsynchronousBuffer (and repeated at Flush and
 * Free): alias the caller's pages instead of duplicating them (kernel mode, VIVT). */
#define MARSHAL_FORCE_ALIAS 0x80000000u

#ifdef __cplusplus
extern "C" {
#endif

/* Synchronous access to a caller's buffer (O1-O3) and its release (C1). */
HRESULT CeOpenCallerBuffer(PVOID *ppDestMarshalled, PVOID pSrcUnmarshalled, DWORD cbSrc,
                           DWORD ArgumentDescriptor, BOOL ForceDuplicate);
HRESULT CeCloseCallerBuffer(PVOID pDestMarshalled, PVOID pSrcUnmarshalled, DWORD cbSrc,
                            DWORD ArgumentDescriptor);

/* Asynchronous access, valid after the call returns and from other threads (AA1-AA6),
 * its release (AF1-AF3) and its write-back while it lives (FL1-FL2). */
HRESULT CeAllocAsynchronousBuffer(PVOID *ppDestAsyncMarshalled, PVOID pSrcSyncMarshalled,
                                  DWORD cbSrc, DWORD ArgumentDescriptor);
HRESULT CeFreeAsynchronousBuffer(PVOID pDestAsyncMarshalled, PVOID pSrcSyncMarshalled,
                                 DWORD cbSrc, DWORD ArgumentDescriptor);
HRESULT CeFlushAsynchronousBuffer(PVOID pDestAsyncMarshalled, PVOID pSrcSyncMarshalled,
                                  PVOID pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor);

/* Secure copies of API parameters already checked by the kernel (D1-D2). */
HRESULT CeAllocDuplicateBuffer(PVOID *ppDestDuplicate, PVOID pSrcMarshalled, DWORD cbSrc,
                               DWORD ArgumentDescriptor);
HRESULT CeFreeDuplicateBuffer(PVOID pDestDuplicate, PVOID pSrcMarshalled, DWORD cbSrc,
                              DWORD ArgumentDescriptor);

#ifdef __cplusplus
}
#endif

#endif
