/*
 * sample.c: the sample stream driver, prefix SMP. One ELF serves both modes: loaded
 * kernel-mode it runs in the kernel process at its 0xC0000000+ address, loaded
 * user-mode it runs in a driver host process; its calls into the kernel go through the
 * same libce stubs either way (SWI from SVC mode, or from user mode).
 *
 * Control codes (guest/include/smp_ioctl.h): TRANSFORM (in and out buffers checked byte
 * for byte by the tests), INFO, IST (an interrupt service thread woken by the SP804
 * timer 2 through InterruptInitialize) and CRASH.
 *
 * Nothing is allocated from a heap: open contexts are slots of a static table, so a
 * test's open and close leave the driver's memory as it was.
 */
#include <string.h>
#include <windows.h>

#include "ceddk.h"
#include "devregs.h"
#include "smp_ioctl.h"

#define MAX_OPENS 8
#define OPEN_MAGIC 0x534D504Fu    /* "SMPO" */
#define CRASH_ADDRESS 0x00000004u /* the NULL guard: never mapped */

/* SP804 timer 2 (registers in devregs.h): the first timer of the block at
 * BOARD_TIMER23_PA, counting the 1 MHz reference clock. We map its registers only. */
#define SP804_WINDOW SP804_TIMER_STRIDE
#define IST_PRIORITY 100 /* above every app thread: service first */
#define IST_TIMEOUT_MS 5000u

struct smp_open {
    DWORD magic;
    DWORD in_use;
};

static struct smp_device {
    DWORD init_context_ok;
    DWORD opens;
    struct smp_open slots[MAX_OPENS];
} dev;

/* The IST's view of one IOCTL_SMP_IST request. */
struct ist_state {
    volatile DWORD *timer;
    HANDLE interrupt_event;
    HANDLE done_event;
    DWORD wanted;
    volatile DWORD seen;
};

static const char context_prefix[] = "Drivers\\Active\\";
/* Kept in a variable the compiler cannot see through: the store must really happen. */
static volatile DWORD crash_address = CRASH_ADDRESS;

DWORD SMP_Init(LPCTSTR pContext, LPCVOID lpvBusContext)
{
    (void)lpvBusContext;
    dev.init_context_ok =
        pContext && strncmp(pContext, context_prefix, sizeof(context_prefix) - 1) == 0;
    return (DWORD)&dev;
}

BOOL SMP_Deinit(DWORD hDeviceContext)
{
    return hDeviceContext == (DWORD)&dev;
}

DWORD SMP_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode)
{
    (void)AccessCode, (void)ShareMode;
    if (hDeviceContext != (DWORD)&dev)
        return 0;
    for (int i = 0; i < MAX_OPENS; i++) {
        if (!dev.slots[i].in_use) {
            dev.slots[i].in_use = 1;
            dev.slots[i].magic = OPEN_MAGIC;
            dev.opens++;
            return (DWORD)&dev.slots[i];
        }
    }
    return 0;
}

static struct smp_open *open_of(DWORD hOpenContext)
{
    struct smp_open *o = (struct smp_open *)hOpenContext;

    for (int i = 0; i < MAX_OPENS; i++) {
        if (o == &dev.slots[i] && o->in_use && o->magic == OPEN_MAGIC)
            return o;
    }
    return NULL;
}

BOOL SMP_Close(DWORD hOpenContext)
{
    struct smp_open *o = open_of(hOpenContext);

    if (!o)
        return FALSE;
    o->in_use = 0;
    dev.opens--;
    return TRUE;
}

/* ---- the IST ---- */

static void timer_write(volatile DWORD *t, DWORD reg, DWORD v)
{
    t[reg / sizeof(DWORD)] = v;
}

static DWORD timer_read(volatile DWORD *t, DWORD reg)
{
    return t[reg / sizeof(DWORD)];
}

/* Wait for the interrupt, acknowledge the device, count, let the line in again. */
static DWORD smp_ist(LPVOID param)
{
    struct ist_state *st = param;

    while (st->seen < st->wanted) {
        if (WaitForSingleObject(st->interrupt_event, IST_TIMEOUT_MS) != WAIT_OBJECT_0)
            break;
        if (timer_read(st->timer, SP804_MIS))
            timer_write(st->timer, SP804_INTCLR, 1);
        st->seen++;
        if (st->seen == st->wanted)
            timer_write(st->timer, SP804_CONTROL, 0);
        InterruptDone(SYSINTR_TIMER23);
    }
    SetEvent(st->done_event);
    return st->seen;
}

static void ist_cleanup(struct ist_state *st)
{
    if (st->timer) {
        timer_write(st->timer, SP804_CONTROL, 0);
        MmUnmapIoSpace((PVOID)st->timer, SP804_WINDOW);
    }
    if (st->interrupt_event)
        CloseHandle(st->interrupt_event);
    if (st->done_event)
        CloseHandle(st->done_event);
}

static BOOL run_ist(const SMP_IST_REQUEST *req, DWORD *counted)
{
    struct ist_state st = {0};
    PHYSICAL_ADDRESS pa = {.QuadPart = BOARD_TIMER23_PA};
    HANDLE ist = NULL;
    BOOL ok = FALSE;

    st.wanted = req->count;
    st.timer = MmMapIoSpace(pa, SP804_WINDOW, FALSE);
    st.interrupt_event = CreateEvent(NULL, FALSE, FALSE, NULL);
    st.done_event = CreateEvent(NULL, TRUE, FALSE, NULL);
    if (st.timer && st.interrupt_event && st.done_event &&
        InterruptInitialize(SYSINTR_TIMER23, st.interrupt_event, NULL, 0)) {
        ist = CreateThread(NULL, 0, smp_ist, &st, CREATE_SUSPENDED, NULL);
        if (ist) {
            CeSetThreadPriority(ist, IST_PRIORITY);
            ResumeThread(ist);
            timer_write(st.timer, SP804_LOAD, req->periodUs);
            timer_write(st.timer, SP804_CONTROL,
                        SP804_CTRL_ENABLE | SP804_CTRL_PERIODIC | SP804_CTRL_INTEN |
                            SP804_CTRL_32BIT);
            WaitForSingleObject(st.done_event, INFINITE);
            WaitForSingleObject(ist, INFINITE);
            CloseHandle(ist);
            ok = TRUE;
        }
        InterruptDisable(SYSINTR_TIMER23);
    }
    ist_cleanup(&st);
    *counted = st.seen;
    return ok;
}

/* ---- control ---- */

static BOOL transform(const BYTE *in, DWORD in_len, BYTE *out, DWORD out_len, DWORD *actual)
{
    if (!in || !out || out_len < in_len) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    for (DWORD i = 0; i < in_len; i++)
        out[i] = smp_transform(in[i], i);
    *actual = in_len;
    return TRUE;
}

static BOOL info(BYTE *out, DWORD out_len, DWORD *actual)
{
    SMP_INFO inf;

    if (!out || out_len < sizeof(inf)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    inf.processId = GetCurrentProcessId();
    inf.threadId = GetCurrentThreadId();
    inf.opens = dev.opens;
    inf.initContextOk = dev.init_context_ok;
    memcpy(out, &inf, sizeof(inf));
    *actual = sizeof(inf);
    return TRUE;
}

static BOOL ist_request(const BYTE *in, DWORD in_len, BYTE *out, DWORD out_len, DWORD *actual)
{
    SMP_IST_REQUEST req;
    DWORD counted = 0;
    BOOL ok;

    if (!in || in_len < sizeof(req) || !out || out_len < sizeof(DWORD)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    memcpy(&req, in, sizeof(req));
    ok = run_ist(&req, &counted);
    memcpy(out, &counted, sizeof(counted));
    *actual = sizeof(counted);
    return ok;
}

BOOL SMP_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut,
                   DWORD dwLenOut, PDWORD pdwActualOut)
{
    DWORD actual = 0;
    BOOL ok;

    if (!open_of(hOpenContext)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    switch (dwCode) {
    case IOCTL_SMP_TRANSFORM: ok = transform(pBufIn, dwLenIn, pBufOut, dwLenOut, &actual); break;
    case IOCTL_SMP_INFO: ok = info(pBufOut, dwLenOut, &actual); break;
    case IOCTL_SMP_IST: ok = ist_request(pBufIn, dwLenIn, pBufOut, dwLenOut, &actual); break;
    case IOCTL_SMP_CRASH:
        *(volatile DWORD *)crash_address = 0;
        ok = FALSE;
        break;
    default:
        SetLastError(ERROR_INVALID_PARAMETER);
        ok = FALSE;
        break;
    }
    if (pdwActualOut)
        *pdwActualOut = actual;
    return ok;
}
