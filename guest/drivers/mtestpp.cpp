/*
 * mtestpp.cpp: the C++ test driver of the marshaling suite (guest/apps/mtest.c), prefix
 * MTP: rules M1-M6 of spec/marshal.md section 9, the wrappers of guest/include/marshal.hpp
 * (MarshalledBuffer_t, DuplicatedBuffer_t, AsynchronousBuffer_t), run in driver context
 * on IOCTL_MT_RUN (guest/include/mtest_ioctl.h) with the same report as the C driver.
 * Built with g++ -fno-exceptions -fno-rtti and no libstdc++.
 *
 * The top-level data (already marshaled by the kernel) feeds AsynchronousBuffer_t and
 * DuplicatedBuffer_t; the embedded buffer feeds MarshalledBuffer_t (it opens it).
 */
#include <string.h>
#include <windows.h>

#include "marshal.hpp"
#include "mtest_ioctl.h"

namespace
{

const DWORD kDeviceMagic = 0x4D545044u; /* "MTPD" */
const HRESULT kExists = HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS);
const HRESULT kInvalid = HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
const HRESULT kNotSupported = HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED);
DWORD opens;

struct Mt {
    const MT_REQ *rq;
    MT_RES *rs;
    BYTE *data;
    DWORD len;

    HRESULT Obs(HRESULT v)
    {
        if (rs->nobs < MT_OBS)
            rs->obs[rs->nobs++] = static_cast<DWORD>(v);
        return v;
    }
    BYTE *buf() const
    {
        return rq->buf;
    }
    DWORD buf_len() const
    {
        return rq->bufLen;
    }
};

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            t.rs->ok = 0;                                                                          \
            t.rs->line = __LINE__;                                                                 \
            return;                                                                                \
        }                                                                                          \
    } while (0)

void Fill(void *p, DWORD n, DWORD seed)
{
    for (DWORD i = 0; i < n; i++)
        static_cast<BYTE *>(p)[i] = mt_pattern(seed, i);
}

bool Holds(const void *p, DWORD n, DWORD seed)
{
    for (DWORD i = 0; i < n; i++)
        if (static_cast<const BYTE *>(p)[i] != mt_pattern(seed, i))
            return false;
    return true;
}

/* M1: constructors allocate, destructors free (and write back). */
void M1(Mt &t)
{
    PVOID p;
    {
        AsynchronousBuffer_t a(static_cast<PVOID>(t.data), t.len, ARG_IO_PTR);
        CHECK(a.ptr() && a.size() == t.len);
        p = a.ptr();
        Fill(p, t.len, MT_SEED_DRIVER);
    }
    /* Freed by the destructor: the kernel no longer knows the pointer (AF3). */
    CHECK(t.Obs(CeFreeAsynchronousBuffer(p, t.data, t.len, ARG_IO_PTR)) == E_INVALIDARG);
    CHECK(Holds(t.data, t.len, MT_SEED_DRIVER)); /* written back (or an alias) */
    {
        DuplicatedBuffer_t d(static_cast<PVOID>(t.data), t.len, ARG_I_PTR);
        CHECK(d.ptr() && d.ptr() != t.data && d.size() == t.len);
        Fill(d.ptr(), t.len, MT_SEED_APP); /* in only: never written back */
    }
    CHECK(Holds(t.data, t.len, MT_SEED_DRIVER));
    {
        MarshalledBuffer_t m(static_cast<PVOID>(t.buf()), t.buf_len(), ARG_IO_PTR);
        CHECK(m.ptr() && m.size() == t.buf_len());
        Fill(m.ptr(), t.buf_len(), MT_SEED_DRIVER);
    }
    t.rs->after = MT_AFTER_DRIVER; /* the app checks its embedded buffer */
}

/* M2: a second allocation while allocated changes nothing. */
void M2(Mt &t)
{
    AsynchronousBuffer_t a;
    DuplicatedBuffer_t d;
    MarshalledBuffer_t m;

    CHECK(t.Obs(a.Allocate(static_cast<PVOID>(t.data), t.len, ARG_IO_PTR)) == S_OK);
    PVOID p = a.ptr();
    CHECK(t.Obs(a.Allocate(static_cast<PVOID>(t.data), 16, ARG_IO_PTR)) == kExists);
    CHECK(a.ptr() == p && a.size() == t.len);
    CHECK(t.Obs(a.Free()) == S_OK);
    CHECK(d.Allocate(static_cast<PVOID>(t.data), t.len, ARG_I_PTR) == S_OK);
    p = d.ptr();
    CHECK(t.Obs(d.Allocate(static_cast<const void *>(t.data), 16, ARG_I_PTR)) == kExists);
    CHECK(d.ptr() == p && d.size() == t.len);
    CHECK(m.Marshal(static_cast<PVOID>(t.buf()), t.buf_len(), ARG_I_PTR) == S_OK);
    p = m.ptr();
    CHECK(t.Obs(m.Marshal(static_cast<PVOID>(t.buf()), 16, ARG_I_PTR)) == kExists);
    CHECK(m.ptr() == p && m.size() == t.buf_len());
}

/* M3: releasing what is not allocated. */
void M3(Mt &t)
{
    AsynchronousBuffer_t a;
    DuplicatedBuffer_t d;
    MarshalledBuffer_t m;

    CHECK(t.Obs(a.Free()) == kExists && t.Obs(d.Free()) == kExists &&
          t.Obs(m.Unmarshal()) == kExists);
    CHECK(a.Allocate(static_cast<PVOID>(t.data), t.len, ARG_I_PTR) == S_OK);
    CHECK(a.Free() == S_OK && t.Obs(a.Free()) == kExists);
}

/* M4: a failed allocation leaves NULL and 0. */
void M4(Mt &t)
{
    AsynchronousBuffer_t a;
    DuplicatedBuffer_t d;
    MarshalledBuffer_t m(reinterpret_cast<PVOID>(0x8000u), 16, ARG_I_PTR);

    CHECK(FAILED(t.Obs(a.Allocate(static_cast<PVOID>(nullptr), 16, ARG_I_PTR))));
    CHECK(!a.ptr() && a.size() == 0);
    CHECK(FAILED(t.Obs(a.Allocate(static_cast<PVOID>(t.data), 0, ARG_I_PTR))));
    CHECK(!a.ptr() && a.size() == 0);
    CHECK(FAILED(t.Obs(d.Allocate(static_cast<PVOID>(t.data), 16, ARG_DW))));
    CHECK(!d.ptr() && d.size() == 0);
    CHECK(!m.ptr() && m.size() == 0); /* A1: below 0x10000 */
}

/* M5: the const overloads refuse the O bit. */
void M5(Mt &t)
{
    const void *c = t.data;
    AsynchronousBuffer_t a;
    DuplicatedBuffer_t d;
    MarshalledBuffer_t m;

    CHECK(t.Obs(a.Allocate(c, t.len, ARG_O_PTR)) == E_ACCESSDENIED && !a.ptr());
    CHECK(t.Obs(a.Allocate(c, t.len, ARG_IO_PTR)) == E_ACCESSDENIED && !a.ptr());
    CHECK(t.Obs(d.Allocate(c, t.len, ARG_O_PTR)) == E_ACCESSDENIED && !d.ptr());
    CHECK(t.Obs(m.Marshal(static_cast<const void *>(t.buf()), 16, ARG_IO_PTR)) == E_ACCESSDENIED &&
          !m.ptr());
    CHECK(t.Obs(a.Allocate(c, t.len, ARG_I_PTR)) == S_OK && a.ptr());
    CHECK(t.Obs(d.Allocate(c, t.len, ARG_I_PTR)) == S_OK && d.ptr());
}

/* M6: Flush while not allocated; DuplicatedBuffer_t never flushes; FL1/FL2 through
 * AsynchronousBuffer_t (NULL as pSrcUnmarshalled). */
void M6(Mt &t)
{
    AsynchronousBuffer_t a;
    DuplicatedBuffer_t d;
    MarshalledBuffer_t m;

    CHECK(t.Obs(a.Flush()) == kInvalid && t.Obs(d.Flush()) == kInvalid &&
          t.Obs(m.Flush()) == kInvalid);
    CHECK(d.Allocate(static_cast<PVOID>(t.data), t.len, ARG_IO_PTR) == S_OK);
    CHECK(t.Obs(d.Flush()) == kNotSupported);
    CHECK(a.Allocate(static_cast<PVOID>(t.data), t.len, ARG_I_PTR) == S_OK);
    CHECK(t.Obs(a.Flush()) == kNotSupported); /* FL1 */
    CHECK(a.Free() == S_OK);
    CHECK(a.Allocate(static_cast<PVOID>(t.data), t.len, ARG_IO_PTR) == S_OK);
    Fill(a.ptr(), t.len, MT_SEED_DRIVER);
    CHECK(t.Obs(a.Flush()) == S_OK && Holds(t.data, t.len, MT_SEED_DRIVER)); /* FL2 */
}

struct Rule {
    const char *id;
    void (*run)(Mt &t);
};
const Rule kRules[] = {{"M1", M1}, {"M2", M2}, {"M3", M3}, {"M4", M4}, {"M5", M5}, {"M6", M6}};

BOOL Run(const BYTE *in, DWORD in_len, BYTE *out, DWORD out_len, DWORD *actual)
{
    MT_REQ rq;
    MT_RES rs;
    Mt t = {&rq, &rs, nullptr, 0};

    if (!in || in_len < sizeof(rq) || !out || out_len < sizeof(rs)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    memcpy(&rq, in, sizeof(rq));
    memset(&rs, 0, sizeof(rs));
    rs.ok = 1;
    rs.kernelMode = GetCurrentProcessId() == 0;
    if (out_len >= MT_DATA_OFFSET + rq.len) {
        t.data = out + MT_DATA_OFFSET;
        t.len = rq.len;
    }
    for (const Rule &r : kRules) {
        DWORD w0, w1;
        mt_rule_id(r.id, &w0, &w1);
        if (w0 == rq.rule && w1 == rq.rule2) {
            rs.ran = 1;
            r.run(t);
            break;
        }
    }
    memcpy(out, &rs, sizeof(rs));
    *actual = sizeof(rs);
    return TRUE;
}

} // namespace

extern "C" {

DWORD MTP_Init(LPCTSTR pContext, LPCVOID lpvBusContext)
{
    (void)pContext, (void)lpvBusContext;
    CeCxxRunConstructors();
    return kDeviceMagic;
}

BOOL MTP_Deinit(DWORD hDeviceContext)
{
    return hDeviceContext == kDeviceMagic;
}

DWORD MTP_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode)
{
    (void)AccessCode, (void)ShareMode;
    return hDeviceContext == kDeviceMagic ? kDeviceMagic + ++opens : 0;
}

BOOL MTP_Close(DWORD hOpenContext)
{
    (void)hOpenContext;
    opens--;
    return TRUE;
}

BOOL MTP_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut,
                   DWORD dwLenOut, PDWORD pdwActualOut)
{
    DWORD actual = 0;
    BOOL ok = FALSE;

    (void)hOpenContext;
    if (dwCode == IOCTL_MT_RUN)
        ok = Run(pBufIn, dwLenIn, pBufOut, dwLenOut, &actual);
    else
        SetLastError(ERROR_INVALID_PARAMETER);
    if (pdwActualOut)
        *pdwActualOut = actual;
    return ok;
}

} // extern "C"
