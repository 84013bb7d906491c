/*
 * ceddk.h: what drivers use beyond the application API: interrupts routed to IST
 * threads and mapping device registers. Drivers link against the same libce as apps;
 * its calls work the same in kernel mode (the stub's SWI from SVC mode reaches the
 * kernel too) and in a user-mode driver host.
 */
#ifndef CE_CEDDK_H
#define CE_CEDDK_H

#include "board.h"
#include "cetypes.h"

/* Logical interrupt ids: SYSINTR_FIRMWARE + the PL190 line (kernel/abi/board.h). */
#define SYSINTR_FIRMWARE 16u
#define SYSINTR_TIMER23 (SYSINTR_FIRMWARE + BOARD_IRQ_TIMER23)

#ifdef __cplusplus
extern "C" {
#endif

/* Bind idInt to hEvent: the kernel masks the line and sets the event when it fires.
 * FALSE: ERROR_INVALID_PARAMETER (no such bindable line), ERROR_INVALID_HANDLE,
 * ERROR_BUSY (bound already). pvData/cbData are accepted and unused. */
BOOL InterruptInitialize(DWORD idInt, HANDLE hEvent, LPVOID pvData, DWORD cbData);
/* The IST has serviced the device: unmask the line again. */
void InterruptDone(DWORD idInt);
/* Unbind (the line stays masked). */
void InterruptDisable(DWORD idInt);

/* Map device registers (only the sample device, BOARD_TIMER23_PA, is open to drivers):
 * kernel mode gets the kernel's device window, user mode a fresh uncached mapping.
 * NULL and ERROR_INVALID_PARAMETER otherwise. */
PVOID MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, ULONG NumberOfBytes, BOOLEAN CacheEnable);
void MmUnmapIoSpace(PVOID BaseAddress, ULONG NumberOfBytes);

#ifdef __cplusplus
}
#endif

#endif
