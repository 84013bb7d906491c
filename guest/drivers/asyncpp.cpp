/*
 * asyncpp.cpp: the asynchronous-buffer sample driver in C++, prefix ASP: the same
 * protocol and behaviour as guest/drivers/asyncdrv.c (guest/include/async_ioctl.h), with
 * the buffer held by an AsynchronousBuffer_t (guest/include/marshal.hpp, spec/marshal.md
 * section 9). Allocate on the caller's thread at START (AA2-AA5), Flush (FL2) and Free
 * (AF1, AF2) from the IST, which touches only ptr() (K5). Built with g++
 * -fno-exceptions -fno-rtti and no libstdc++; the request lives in a static object, so
 * ASP_Init runs the module's static constructors (a driver has no crt0 to do it).
 */
#include <string.h>
#include <windows.h>

#include "async_ioctl.h"
#include "ceddk.h"
#include "devregs.h"
#include "marshal.hpp"

namespace
{

const DWORD kDeviceMagic = 0x41535044u; /* "ASPD" */

/* SP804 timer 2 (registers in devregs.h), as guest/drivers/sample.c uses it. */
const DWORD kLoad = SP804_LOAD, kControl = SP804_CONTROL, kIntClr = SP804_INTCLR, kMis = SP804_MIS;
const DWORD kCtrlRun =
    SP804_CTRL_ENABLE | SP804_CTRL_PERIODIC | SP804_CTRL_INTEN | SP804_CTRL_32BIT;
const DWORD kWindow = SP804_TIMER_STRIDE; /* one timer's registers */
const int kIstPriority = 100;
const DWORD kIstTimeoutMs = 5000u;
const DWORD kPageOffsetMask = 0xFFFu;

/* One request in flight; between START and the IST's end the IST owns buf and result. */
class Request
{
  public:
    BOOL Start(const BYTE *in, DWORD in_len, BYTE *out, DWORD out_len);
    BOOL Wait(BYTE *out, DWORD out_len, DWORD *actual);

  private:
    static DWORD Ist(LPVOID self)
    {
        return static_cast<Request *>(self)->Serve();
    }
    DWORD Serve();
    void Touch(DWORD pass);
    BOOL StartIst();
    void Cleanup();
    void TimerWrite(DWORD reg, DWORD v)
    {
        timer_[reg / sizeof(DWORD)] = v;
    }

    DWORD busy_ = 0;
    ASY_START start_ = {};
    AsynchronousBuffer_t buf_;
    volatile DWORD *timer_ = nullptr;
    HANDLE intr_event_ = nullptr, done_event_ = nullptr, ist_ = nullptr;
    ASY_RESULT result_ = {};
};

Request req; /* built by ASP_Init's CeCxxRunConstructors */
DWORD opens;

void Request::Touch(DWORD pass)
{
    BYTE *p = static_cast<BYTE *>(buf_.ptr());

    if (start_.flags & ASY_CONSUME) {
        DWORD sum = 0;
        for (DWORD i = 0; i < buf_.size(); i++)
            sum = asy_checksum_step(sum, p[i]);
        result_.checksum = sum;
        return;
    }
    for (DWORD i = 0; i < buf_.size(); i++)
        p[i] = asy_pattern(start_.seed, pass, i);
    if (start_.flags & ASY_FLUSH_EACH)
        result_.flushResult = buf_.Flush(); /* FL2 */
}

DWORD Request::Serve()
{
    while (result_.interrupts < start_.interrupts) {
        if (WaitForSingleObject(intr_event_, kIstTimeoutMs) != WAIT_OBJECT_0)
            break;
        if (timer_[kMis / sizeof(DWORD)])
            TimerWrite(kIntClr, 1);
        Touch(++result_.interrupts);
        if (result_.interrupts == start_.interrupts)
            TimerWrite(kControl, 0);
        InterruptDone(SYSINTR_TIMER23);
    }
    result_.freeResult = buf_.Free(); /* AF1/AF2, from the IST */
    SetEvent(done_event_);
    return result_.interrupts;
}

void Request::Cleanup()
{
    if (timer_) {
        TimerWrite(kControl, 0);
        InterruptDisable(SYSINTR_TIMER23);
        MmUnmapIoSpace(const_cast<DWORD *>(timer_), kWindow);
    }
    HANDLE handles[] = {ist_, intr_event_, done_event_};
    for (HANDLE h : handles)
        if (h)
            CloseHandle(h);
    timer_ = nullptr;
    ist_ = intr_event_ = done_event_ = nullptr;
}

BOOL Request::StartIst()
{
    PHYSICAL_ADDRESS pa;

    pa.QuadPart = BOARD_TIMER23_PA;
    intr_event_ = CreateEvent(NULL, FALSE, FALSE, NULL);
    done_event_ = CreateEvent(NULL, TRUE, FALSE, NULL);
    if (!intr_event_ || !done_event_ || !InterruptInitialize(SYSINTR_TIMER23, intr_event_, NULL, 0))
        return FALSE;
    timer_ = static_cast<volatile DWORD *>(MmMapIoSpace(pa, kWindow, FALSE));
    ist_ = CreateThread(NULL, 0, Ist, this, CREATE_SUSPENDED, NULL);
    if (!timer_ || !ist_)
        return FALSE;
    CeSetThreadPriority(ist_, kIstPriority);
    ResumeThread(ist_);
    TimerWrite(kLoad, start_.periodUs);
    TimerWrite(kControl, kCtrlRun);
    return TRUE;
}

BOOL Request::Start(const BYTE *in, DWORD in_len, BYTE *out, DWORD out_len)
{
    DWORD desc;

    if (!in || in_len < sizeof(ASY_START) || !out || !out_len) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (busy_) {
        SetLastError(ERROR_BUSY);
        return FALSE;
    }
    busy_ = 1;
    memcpy(&start_, in, sizeof(start_));
    memset(&result_, 0, sizeof(result_));
    desc = (start_.flags & ASY_CONSUME) ? ARG_I_PTR : ARG_O_PTR;
    if (start_.flags & ASY_FORCE_ALIAS)
        desc |= MARSHAL_FORCE_ALIAS;
    /* On the caller's thread: its memory is reachable now only (AA6). */
    result_.allocResult = buf_.Allocate(static_cast<PVOID>(out), out_len, desc);
    if (FAILED(result_.allocResult)) {
        SetLastError(ERROR_INVALID_PARAMETER); /* WAIT still reports allocResult */
        return FALSE;
    }
    result_.direct = buf_.ptr() == out;
    result_.offsetKept = ((reinterpret_cast<DWORD>(buf_.ptr()) ^ reinterpret_cast<DWORD>(out)) &
                          kPageOffsetMask) == 0;
    if (!StartIst()) {
        result_.freeResult = buf_.Free();
        Cleanup();
        SetLastError(ERROR_GEN_FAILURE);
        return FALSE;
    }
    return TRUE;
}

BOOL Request::Wait(BYTE *out, DWORD out_len, DWORD *actual)
{
    if (!out || out_len < sizeof(ASY_RESULT) || !busy_) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (done_event_ && WaitForSingleObject(done_event_, ASY_WAIT_MS) != WAIT_OBJECT_0) {
        SetLastError(ERROR_BUSY);
        return FALSE;
    }
    if (ist_)
        WaitForSingleObject(ist_, kIstTimeoutMs);
    Cleanup();
    memcpy(out, &result_, sizeof(result_));
    *actual = sizeof(result_);
    busy_ = 0;
    return TRUE;
}

} // namespace

extern "C" {

DWORD ASP_Init(LPCTSTR pContext, LPCVOID lpvBusContext)
{
    (void)pContext, (void)lpvBusContext;
    CeCxxRunConstructors();
    return kDeviceMagic;
}

BOOL ASP_Deinit(DWORD hDeviceContext)
{
    return hDeviceContext == kDeviceMagic;
}

DWORD ASP_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode)
{
    (void)AccessCode, (void)ShareMode;
    if (hDeviceContext != kDeviceMagic)
        return 0;
    return kDeviceMagic + ++opens;
}

BOOL ASP_Close(DWORD hOpenContext)
{
    (void)hOpenContext;
    opens--;
    return TRUE;
}

BOOL ASP_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut,
                   DWORD dwLenOut, PDWORD pdwActualOut)
{
    DWORD actual = 0;
    BOOL ok;

    (void)hOpenContext;
    switch (dwCode) {
    case IOCTL_ASY_START: ok = req.Start(pBufIn, dwLenIn, pBufOut, dwLenOut); break;
    case IOCTL_ASY_WAIT: ok = req.Wait(pBufOut, dwLenOut, &actual); break;
    default:
        SetLastError(ERROR_INVALID_PARAMETER);
        ok = FALSE;
        break;
    }
    if (pdwActualOut)
        *pdwActualOut = actual;
    return ok;
}

} // extern "C"
