/*
 * asyncdrv.c: the asynchronous-buffer sample driver in C, prefix ASY (protocol in
 * guest/include/async_ioctl.h). IOCTL_ASY_START takes the caller's output buffer,
 * marshals it for asynchronous use with CeAllocAsynchronousBuffer (MARSHAL_FORCE_ALIAS
 * when the request says so: spec/marshal.md AA2-AA5) on the caller's thread, starts an
 * IST on the SP804 timer 2 interrupt and returns. The IST fills (or reads) the buffer
 * once per interrupt while the caller sleeps or another process runs, then writes it
 * back and frees it itself (AF1, AF2: the kernel writes back to the caller recorded at
 * Alloc whatever is mapped now). IOCTL_ASY_WAIT is the caller's poll for the end.
 *
 * The IST touches only the marshaled pointer, never the caller's own (K5: an IST serves
 * no caller, the caller's pages need not be mapped). One image serves both modes; user
 * mode always gets a duplicate (AA5). guest/drivers/asyncpp.cpp is the same driver with
 * AsynchronousBuffer_t; the tests compare the two.
 */
#include <string.h>
#include <windows.h>

#include "async_ioctl.h"
#include "ceddk.h"
#include "devregs.h"
#include "marshal.h"

#define DEVICE_MAGIC 0x41535944u /* "ASYD" */

/* SP804 timer 2 (registers in devregs.h), as guest/drivers/sample.c uses it. */
#define SP804_CTRL_RUN                                                                             \
    (SP804_CTRL_ENABLE | SP804_CTRL_PERIODIC | SP804_CTRL_INTEN | SP804_CTRL_32BIT)
#define SP804_WINDOW SP804_TIMER_STRIDE /* one timer's registers */
#define IST_PRIORITY 100                /* above every app thread */
#define IST_TIMEOUT_MS 5000u
#define PAGE_OFFSET_MASK 0xFFFu

/* One request in flight. Written by the caller's thread before the IST starts and after
 * it ended; in between the IST owns `buf` and the result fields. */
static struct asy_request {
    DWORD busy;
    ASY_START start;
    BYTE *buf; /* the asynchronous buffer */
    BYTE *src; /* the caller's pointer as the driver saw it (for Flush and Free) */
    DWORD size;
    DWORD desc; /* as given to Alloc, flag included: Flush and Free repeat it (AF3) */
    volatile DWORD *timer;
    HANDLE intr_event, done_event, ist;
    ASY_RESULT result;
} req;

static DWORD opens;

DWORD ASY_Init(LPCTSTR pContext, LPCVOID lpvBusContext)
{
    (void)pContext, (void)lpvBusContext;
    return DEVICE_MAGIC;
}

BOOL ASY_Deinit(DWORD hDeviceContext)
{
    return hDeviceContext == DEVICE_MAGIC;
}

DWORD ASY_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode)
{
    (void)AccessCode, (void)ShareMode;
    if (hDeviceContext != DEVICE_MAGIC)
        return 0;
    opens++;
    return DEVICE_MAGIC + opens;
}

BOOL ASY_Close(DWORD hOpenContext)
{
    (void)hOpenContext;
    opens--;
    return TRUE;
}

static void timer_write(DWORD reg, DWORD v)
{
    req.timer[reg / sizeof(DWORD)] = v;
}

/* One pass over the buffer: the cost knob (`interrupts` passes in all). */
static void touch(DWORD pass)
{
    /* K5's negative test: the bug the simulator must report. Only a read, and only when
     * the caller asked for it and waits with its address space mapped (asyncapp
     * misuse=1 other=0 app=0); never in user mode, where the host has no such page. */
    if ((req.start.flags & ASY_MISUSE_USER) && GetCurrentProcessId() == 0)
        (void)*(volatile BYTE *)req.src;
    if (req.start.flags & ASY_CONSUME) {
        DWORD sum = 0;
        for (DWORD i = 0; i < req.size; i++)
            sum = asy_checksum_step(sum, req.buf[i]);
        req.result.checksum = sum;
        return;
    }
    for (DWORD i = 0; i < req.size; i++)
        req.buf[i] = asy_pattern(req.start.seed, pass, i);
    if (req.start.flags & ASY_FLUSH_EACH) /* FL2: copy out now, keep the buffer */
        req.result.flushResult =
            CeFlushAsynchronousBuffer(req.buf, req.src, NULL, req.size, req.desc);
}

/* The IST: a pass per interrupt, then write-back and free from here (AF1/AF2). */
static DWORD asy_ist(LPVOID param)
{
    (void)param;
    while (req.result.interrupts < req.start.interrupts) {
        if (WaitForSingleObject(req.intr_event, IST_TIMEOUT_MS) != WAIT_OBJECT_0)
            break;
        if (req.timer[SP804_MIS / sizeof(DWORD)])
            timer_write(SP804_INTCLR, 1);
        touch(++req.result.interrupts);
        if (req.result.interrupts == req.start.interrupts)
            timer_write(SP804_CONTROL, 0);
        InterruptDone(SYSINTR_TIMER23);
    }
    req.result.freeResult = CeFreeAsynchronousBuffer(req.buf, req.src, req.size, req.desc);
    req.buf = NULL;
    SetEvent(req.done_event);
    return req.result.interrupts;
}

static void cleanup(void)
{
    if (req.timer) {
        timer_write(SP804_CONTROL, 0);
        InterruptDisable(SYSINTR_TIMER23);
        MmUnmapIoSpace((PVOID)req.timer, SP804_WINDOW);
    }
    if (req.ist)
        CloseHandle(req.ist);
    if (req.intr_event)
        CloseHandle(req.intr_event);
    if (req.done_event)
        CloseHandle(req.done_event);
    req.timer = NULL;
    req.ist = req.intr_event = req.done_event = NULL;
}

/* Interrupt, events and the IST thread (started suspended: it must outrank the apps). */
static BOOL start_ist(void)
{
    PHYSICAL_ADDRESS pa = {.QuadPart = BOARD_TIMER23_PA};

    req.intr_event = CreateEvent(NULL, FALSE, FALSE, NULL);
    req.done_event = CreateEvent(NULL, TRUE, FALSE, NULL);
    if (!req.intr_event || !req.done_event)
        return FALSE;
    if (!InterruptInitialize(SYSINTR_TIMER23, req.intr_event, NULL, 0))
        return FALSE;
    req.timer = MmMapIoSpace(pa, SP804_WINDOW, FALSE);
    req.ist = CreateThread(NULL, 0, asy_ist, NULL, CREATE_SUSPENDED, NULL);
    if (!req.timer || !req.ist)
        return FALSE;
    CeSetThreadPriority(req.ist, IST_PRIORITY);
    ResumeThread(req.ist);
    timer_write(SP804_LOAD, req.start.periodUs);
    timer_write(SP804_CONTROL, SP804_CTRL_RUN);
    return TRUE;
}

static BOOL start(const BYTE *in, DWORD in_len, BYTE *out, DWORD out_len)
{
    if (!in || in_len < sizeof(ASY_START) || !out || !out_len) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (req.busy) {
        SetLastError(ERROR_BUSY);
        return FALSE;
    }
    memset(&req, 0, sizeof(req));
    memcpy(&req.start, in, sizeof(req.start));
    req.busy = 1;
    req.src = out;
    req.size = out_len;
    req.desc = (req.start.flags & ASY_CONSUME) ? ARG_I_PTR : ARG_O_PTR;
    if (req.start.flags & ASY_FORCE_ALIAS)
        req.desc |= MARSHAL_FORCE_ALIAS;
    /* Synchronously, on the caller's thread: the caller's memory is reachable now only. */
    req.result.allocResult = CeAllocAsynchronousBuffer((PVOID *)&req.buf, out, out_len, req.desc);
    if (FAILED(req.result.allocResult) || !req.buf) {
        SetLastError(ERROR_INVALID_PARAMETER); /* WAIT still reports allocResult */
        return FALSE;
    }
    req.result.direct = req.buf == req.src;
    req.result.offsetKept = (((DWORD)req.buf ^ (DWORD)req.src) & PAGE_OFFSET_MASK) == 0;
    if (!start_ist()) {
        req.result.freeResult = CeFreeAsynchronousBuffer(req.buf, req.src, req.size, req.desc);
        req.buf = NULL;
        cleanup();
        SetLastError(ERROR_GEN_FAILURE);
        return FALSE;
    }
    return TRUE;
}

static BOOL wait_end(BYTE *out, DWORD out_len, DWORD *actual)
{
    if (!out || out_len < sizeof(ASY_RESULT) || !req.busy) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (req.done_event && WaitForSingleObject(req.done_event, ASY_WAIT_MS) != WAIT_OBJECT_0) {
        SetLastError(ERROR_BUSY); /* still running: the caller may poll again */
        return FALSE;
    }
    if (req.ist)
        WaitForSingleObject(req.ist, IST_TIMEOUT_MS);
    cleanup();
    memcpy(out, &req.result, sizeof(req.result));
    *actual = sizeof(req.result);
    req.busy = 0;
    return TRUE;
}

BOOL ASY_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut,
                   DWORD dwLenOut, PDWORD pdwActualOut)
{
    DWORD actual = 0;
    BOOL ok;

    (void)hOpenContext;
    switch (dwCode) {
    case IOCTL_ASY_START: ok = start(pBufIn, dwLenIn, pBufOut, dwLenOut); break;
    case IOCTL_ASY_WAIT: ok = wait_end(pBufOut, dwLenOut, &actual); break;
    default:
        SetLastError(ERROR_INVALID_PARAMETER);
        ok = FALSE;
        break;
    }
    if (pdwActualOut)
        *pdwActualOut = actual;
    return ok;
}
