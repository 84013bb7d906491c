/*
 * mtest_ioctl.h: the protocol between the marshaling semantics suite (guest/apps/mtest.c)
 * and its test drivers (guest/drivers/mtestdrv.c, prefix MTD, in C; guest/drivers/mtestpp.cpp,
 * prefix MTP, the C++ wrappers of marshal.hpp). One control code runs one rule's scenario
 * (spec/marshal.md, by rule id) inside the driver, in whatever mode the scenario loaded it,
 * and returns what it observed.
 *
 * Buffers of IOCTL_MT_RUN:
 *   in   MT_REQ: the rule, a step (multi-call rules), the configuration (policy and cache
 *        kind, which the driver cannot see itself) and an embedded pointer `buf` to caller
 *        memory (spec section 3: never checked by the kernel; the driver opens it)
 *   out  MT_RES, then `len` bytes of caller data at MT_DATA_OFFSET: the top-level buffer the
 *        asynchronous rules marshal (already checked and marshaled by the kernel)
 */
#ifndef CE_MTEST_IOCTL_H
#define CE_MTEST_IOCTL_H

#include "cetypes.h"

#define IOCTL_MT_RUN CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00u, METHOD_BUFFERED, FILE_ANY_ACCESS)

enum mt_config {
    MT_CFG_CE7 = 1u << 0,  /* kernel.marshal_policy = ce7 (else docs) */
    MT_CFG_PIPT = 1u << 1, /* cache.tags = pipt (else vivt) */
};

#define MT_CE7_THRESHOLD 520u /* spec AA2/AA4: the ce7 policy's copy threshold, bytes */

/* Whether the caller's data must hold afterwards (checked by the app after the call). */
enum mt_after {
    MT_AFTER_ANY = 0,  /* not checked */
    MT_AFTER_ORIGINAL, /* what the app put there: mt_pattern(MT_SEED_APP, i) */
    MT_AFTER_DRIVER,   /* what the driver wrote: mt_pattern(MT_SEED_DRIVER, i) */
};

#define MT_SEED_APP 0x31u
#define MT_SEED_DRIVER 0xC7u
#define MT_OBS 8u

typedef struct {
    DWORD rule; /* the rule id as a string's first 8 bytes, e.g. "AA3" (mt_rule_id) */
    DWORD rule2;
    DWORD step;   /* multi-call rules: 0 first call, 1 second ... */
    DWORD config; /* enum mt_config */
    DWORD slot;   /* asynchronous state slot (two processes at once: K1) */
    DWORD len;    /* data bytes after MT_RES in the output buffer */
    BYTE *buf;    /* embedded pointer to caller memory (may be deliberately bad) */
    DWORD bufLen;
    DWORD arg; /* rule-specific */
} MT_REQ;

typedef struct {
    DWORD ran;   /* 1: the driver knew the rule and ran it */
    DWORD ok;    /* 1: every check inside the driver held */
    DWORD line;  /* the failed check's line in the driver source */
    DWORD skip;  /* 1: the rule does not apply in this driver mode / configuration */
    DWORD after; /* enum mt_after: what the app must find in its data after the call */
    DWORD kernelMode;
    DWORD nobs;
    DWORD obs[MT_OBS]; /* HRESULTs and pointers the scenario saw, in order */
} MT_RES;

#define MT_DATA_OFFSET 64u /* sizeof(MT_RES) rounded up: the data's place in the output */

static inline BYTE mt_pattern(DWORD seed, DWORD i)
{
    return (BYTE)(seed + i * 13u + (i >> 8));
}

/* A rule id as two words: "AA3" -> the bytes 'A' 'A' '3' 0 ... (so logs read it). */
static inline void mt_rule_id(const char *name, DWORD *w0, DWORD *w1)
{
    BYTE b[8] = {0};

    for (int i = 0; i < 8 && name[i] && name[i] != '_'; i++)
        b[i] = (BYTE)name[i];
    *w0 = b[0] | (DWORD)b[1] << 8 | (DWORD)b[2] << 16 | (DWORD)b[3] << 24;
    *w1 = b[4] | (DWORD)b[5] << 8 | (DWORD)b[6] << 16 | (DWORD)b[7] << 24;
}

#endif
