/*
 * async_ioctl.h: the control codes of the asynchronous-buffer sample drivers
 * (guest/drivers/asyncdrv.c, prefix ASY, in C; guest/drivers/asyncpp.cpp, prefix ASP, in
 * C++ with AsynchronousBuffer_t) and of the app that drives them (guest/apps/asyncapp.c).
 * Both drivers speak exactly this protocol, so the app and the tests compare them.
 *
 * The protocol: START hands the driver the caller's buffer (the output buffer of the
 * call); the driver marshals it for asynchronous use (CeAllocAsynchronousBuffer,
 * spec/marshal.md AA2-AA5) and returns at once; its IST, woken by the SP804 timer 2,
 * touches the buffer on each of `interrupts` interrupts while the caller sleeps or
 * another process runs; after the last one it writes the buffer back and frees it (AF1,
 * AF2) from the IST. WAIT (the caller's poll) waits for that and reports.
 */
#ifndef CE_ASYNC_IOCTL_H
#define CE_ASYNC_IOCTL_H

#include "cetypes.h"

#define ASY_IOCTL(fn) CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900u + (fn), METHOD_BUFFERED, FILE_ANY_ACCESS)

/* in: ASY_START; out: the caller's buffer (any size >= 1). One request at a time per
 * driver: a second START before WAIT fails with ERROR_BUSY. */
#define IOCTL_ASY_START ASY_IOCTL(0)
/* out: ASY_RESULT. Waits (up to ASY_WAIT_MS) for the IST to finish, then cleans up. */
#define IOCTL_ASY_WAIT ASY_IOCTL(1)

#define ASY_WAIT_MS 20000u

enum asy_flags {
    ASY_FORCE_ALIAS = 1u << 0, /* MARSHAL_FORCE_ALIAS at Alloc, Flush and Free */
    ASY_CONSUME = 1u << 1,     /* the IST reads the buffer (ARG_I_PTR); else it fills it
                                  (ARG_O_PTR) */
    ASY_FLUSH_EACH = 1u << 2,  /* fill: CeFlushAsynchronousBuffer after every interrupt */
    ASY_MISUSE_USER = 1u << 3, /* the deliberate bug of the K5 test (C driver, kernel mode
                                  only): the IST also reads the caller's own pointer */
};

typedef struct {
    DWORD flags;      /* enum asy_flags */
    DWORD interrupts; /* how many interrupts the IST serves, each one pass over the buffer */
    DWORD periodUs;   /* timer 2 period (1 MHz reference clock) */
    DWORD seed;       /* first byte of the pattern */
} ASY_START;

typedef struct {
    HRESULT allocResult; /* CeAllocAsynchronousBuffer, at START */
    HRESULT freeResult;  /* CeFreeAsynchronousBuffer, in the IST after the last pass */
    HRESULT flushResult; /* the last CeFlushAsynchronousBuffer (ASY_FLUSH_EACH), else S_OK */
    DWORD interrupts;    /* passes the IST made */
    DWORD checksum;      /* consume: asy_checksum of what the IST read on its last pass */
    DWORD direct;        /* the marshaled pointer was the caller's own (AA1) */
    DWORD offsetKept;    /* same offset within the page as the source (an alias keeps it) */
} ASY_RESULT;

/* The bytes pass `pass` (1, 2, ...) of a fill writes: the app checks the last one. */
static inline BYTE asy_pattern(DWORD seed, DWORD pass, DWORD i)
{
    return (BYTE)(seed + pass * 31u + i * 7u + (i >> 8));
}

/* What a consuming pass computes over the buffer (order sensitive). */
static inline DWORD asy_checksum_step(DWORD sum, BYTE b)
{
    return (sum << 5) + (sum >> 27) + b;
}

#endif
