/*
 * smp_ioctl.h: the control codes of the sample driver (guest/drivers/sample.c, prefix
 * SMP) and the structures they carry, shared by the driver and the apps that drive it.
 */
#ifndef CE_SMP_IOCTL_H
#define CE_SMP_IOCTL_H

#include "cetypes.h"

#define SMP_IOCTL(fn) CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800u + (fn), METHOD_BUFFERED, FILE_ANY_ACCESS)

/* in: any bytes; out: at least as many. out[i] = smp_transform(in[i], i) for each input
 * byte; bytes of out past nInBufferSize are left as they were. Returns nInBufferSize. */
#define IOCTL_SMP_TRANSFORM SMP_IOCTL(0)
/* out: SMP_INFO. */
#define IOCTL_SMP_INFO SMP_IOCTL(1)
/* in: SMP_IST_REQUEST; out: DWORD, the interrupts the driver's IST counted. Binds the
 * SP804 timer 2 interrupt to an event, runs an IST thread until it has seen `count`
 * periodic interrupts, then unbinds and cleans up. */
#define IOCTL_SMP_IST SMP_IOCTL(2)
/* No buffers: the driver touches an unmapped address (a user-mode host is killed for it;
 * never send this to a kernel-mode instance: that is a kernel panic). */
#define IOCTL_SMP_CRASH SMP_IOCTL(3)

typedef struct {
    DWORD processId;     /* GetCurrentProcessId() inside the driver: 0 in kernel mode */
    DWORD threadId;      /* GetCurrentThreadId(): the caller's own thread, both modes */
    DWORD opens;         /* open handles to this instance */
    DWORD initContextOk; /* XXX_Init saw its "Drivers\Active\..." context string */
} SMP_INFO;

typedef struct {
    DWORD count;    /* interrupts to wait for */
    DWORD periodUs; /* timer period, microseconds (the timer counts at 1 MHz) */
} SMP_IST_REQUEST;

static inline BYTE smp_transform(BYTE b, DWORD i)
{
    return (BYTE)((b ^ 0xA5u) + (BYTE)i);
}

#endif
