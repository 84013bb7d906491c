/*
 * mtestdrv.c: the test driver of the marshaling semantics suite (guest/apps/mtest.c),
 * prefix MTD. IOCTL_MT_RUN (guest/include/mtest_ioctl.h) runs one rule's scenario of
 * spec/marshal.md inside driver context, kernel-mode or user-mode as the scenario loaded
 * it, and returns its observations (HRESULTs, pointers) and whether each check held
 * (the failed check's line otherwise). Each scenario is named after its rule id.
 *
 * Expectations that differ by driver mode (the driver knows: GetCurrentProcessId() is 0
 * in the kernel process), by policy (docs/ce7) or by cache kind (vivt/pipt) are chosen
 * from MT_REQ.config, which the app takes from its args (the scenario sets both). Rules
 * that do not apply in this mode say so (skip) rather than pass.
 *
 * The checks the driver cannot make (bytes the caller sees after the call returned, the
 * mode and cache attributes only the simulator sees) are the app's (MT_RES.after) and
 * the host test's (tests/e2e/marshal-e2e, from the JSON report).
 */
#include <string.h>
#include <windows.h>

#include "marshal.h"
#include "mtest_ioctl.h"

#define DEVICE_MAGIC 0x4D544444u /* "MTDD" */
#define ALIAS_LOW 0xD0000000u    /* spec section 2: kernel virtual memory */
#define ALIAS_HIGH 0xF0000000u
#define KERNEL_LOW 0x80000000u
#define PAGE_OFFSET_MASK 0xFFFu
#define SLOTS 2
#define WORKER_TIMEOUT_MS 10000u
#define SMALL 256u                /* below the ce7 threshold */
#define HOST_VA_FIXED 0x40000000u /* O3: the app's buffer address, mapped in the host too */

enum { MODE_NONE, MODE_DIRECT, MODE_DUP, MODE_ALIAS };

struct mt {
    const MT_REQ *rq;
    MT_RES *rs;
    BYTE *data; /* top-level, already marshaled by the kernel */
    DWORD len;
    int kmode;
};

/* An asynchronous buffer that outlives the call (AF1, K1). */
static struct slot {
    BYTE *p, *src;
    DWORD len, desc, sleep_ms;
    HANDLE worker;
    volatile HRESULT free_hr;
} slots[SLOTS];

static BYTE kbuf[256]; /* kernel memory in kernel mode (A2, AA1) */
static DWORD opens;

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            t->rs->ok = 0;                                                                         \
            t->rs->line = __LINE__;                                                                \
            return;                                                                                \
        }                                                                                          \
    } while (0)
#define SKIP_UNLESS(c)                                                                             \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            t->rs->skip = 1;                                                                       \
            return;                                                                                \
        }                                                                                          \
    } while (0)

static DWORD obs(struct mt *t, DWORD v)
{
    if (t->rs->nobs < MT_OBS)
        t->rs->obs[t->rs->nobs++] = v;
    return v;
}
#define OBS(v) ((HRESULT)obs(t, (DWORD)(v))) /* an HRESULT, recorded */
#define OBSU(v) obs(t, (DWORD)(v))           /* a pointer or count, recorded */

static void fill(BYTE *p, DWORD n, DWORD seed)
{
    for (DWORD i = 0; i < n; i++)
        p[i] = mt_pattern(seed, i);
}

static int holds(const BYTE *p, DWORD n, DWORD seed)
{
    for (DWORD i = 0; i < n; i++)
        if (p[i] != mt_pattern(seed, i))
            return 0;
    return 1;
}

/* What CeAllocAsynchronousBuffer must make of a caller's user buffer (AA2-AA5). */
static DWORD want_async(const struct mt *t, DWORD cb, int force)
{
    int ce7 = (t->rq->config & MT_CFG_CE7) != 0;

    if (!t->kmode)
        return MODE_DUP; /* AA5 */
    if (force)
        return MODE_ALIAS; /* AA3 (vivt), AA4 (pipt) */
    if (ce7 && cb <= MT_CE7_THRESHOLD)
        return MODE_DUP; /* AA2/AA4, ce7 */
    if (t->rq->config & MT_CFG_PIPT)
        return MODE_ALIAS;              /* AA4 */
    return ce7 ? MODE_ALIAS : MODE_DUP; /* AA2 */
}

/* Which kind a marshaled pointer is: the same pointer, or a write through it seen (alias)
 * or not (duplicate) at the source. The probe byte is restored. */
static DWORD probe(BYTE *p, BYTE *src)
{
    volatile BYTE *vp = p, *vs = src;
    BYTE before, after;

    if (p == src)
        return MODE_DIRECT;
    before = vs[0];
    vp[0] = (BYTE)~vp[0];
    after = vs[0];
    vp[0] = (BYTE)~vp[0];
    return after != before ? MODE_ALIAS : MODE_DUP;
}

/* ---- section 4: V1-V4, A1-A3 ---- */

static void r_V1(struct mt *t)
{
    PVOID p = (PVOID)1;

    CHECK(OBS(CeOpenCallerBuffer(NULL, t->data, 16, ARG_I_PTR, FALSE)) == E_INVALIDARG);
    CHECK(OBS(CeOpenCallerBuffer(&p, NULL, 16, ARG_I_PTR, FALSE)) == E_INVALIDARG && !p);
    p = (PVOID)1;
    CHECK(OBS(CeAllocAsynchronousBuffer(&p, NULL, 16, ARG_I_PTR)) == E_INVALIDARG && !p);
    CHECK(OBS(CeAllocAsynchronousBuffer(NULL, t->data, 16, ARG_I_PTR)) == E_INVALIDARG);
    p = (PVOID)1;
    CHECK(OBS(CeAllocDuplicateBuffer(&p, NULL, 16, ARG_I_PTR)) == E_INVALIDARG && !p);
    CHECK(OBS(CeAllocDuplicateBuffer(NULL, t->data, 16, ARG_I_PTR)) == E_INVALIDARG);
    CHECK(OBS(CeCloseCallerBuffer(NULL, t->data, 16, ARG_I_PTR)) == E_INVALIDARG);
    CHECK(OBS(CeFreeDuplicateBuffer(NULL, t->data, 16, ARG_I_PTR)) == E_INVALIDARG);
}

/* Open with ForceDuplicate of desc/cb must fail with E_INVALIDARG and a NULL pointer. */
static int bad_size(BYTE *src, DWORD cb, DWORD desc)
{
    PVOID p = (PVOID)1;

    return CeOpenCallerBuffer(&p, src, cb, desc, TRUE) == E_INVALIDARG && !p;
}

static int good_size(BYTE *src, DWORD cb, DWORD desc)
{
    PVOID p = NULL;

    if (CeOpenCallerBuffer(&p, src, cb, desc, TRUE) != S_OK || !p)
        return 0;
    return CeCloseCallerBuffer(p, src, cb, desc) == S_OK;
}

/* The app put "marshal\0" at buf and UTF-16 "hi\0" at buf + 16. */
static void r_V2(struct mt *t)
{
    static const BYTE wide[] = {'h', 0, 'i', 0, 0, 0};
    BYTE *b = t->rq->buf;
    PVOID p = NULL;

    CHECK(bad_size(b, 0, ARG_I_PTR) && bad_size(b, 0, ARG_O_PTR) && bad_size(b, 0, ARG_IO_PTR));
    CHECK(bad_size(b, 8, ARG_O_PDW) && bad_size(b, 2, ARG_IO_PDW) && good_size(b, 4, ARG_O_PDW));
    CHECK(bad_size(b, 4, ARG_O_PI64) && good_size(b, 8, ARG_IO_PI64));
    CHECK(bad_size(b, 4, ARG_DW) && bad_size(b, 4, ARG_I_PDW) && bad_size(b, 4, 0x3u) &&
          bad_size(b, 4, 0xFu));
    /* Strings of size 0 are measured: terminator included, x2 for UTF-16. */
    CHECK(OBS(CeOpenCallerBuffer(&p, b, 0, ARG_I_ASTR, TRUE)) == S_OK && p && p != b);
    CHECK(memcmp(p, "marshal", 8) == 0);
    CHECK(OBS(CeCloseCallerBuffer(p, b, 0, ARG_I_ASTR)) == S_OK);
    CHECK(OBS(CeOpenCallerBuffer(&p, b + 16, 0, ARG_I_WSTR, TRUE)) == S_OK && p);
    CHECK(memcmp(p, wide, sizeof(wide)) == 0);
    CHECK(OBS(CeCloseCallerBuffer(p, b + 16, 0, ARG_I_WSTR)) == S_OK);
}

static void r_V3(struct mt *t)
{
    PVOID p = (PVOID)0x1234;

    CHECK(FAILED(OBS(CeAllocAsynchronousBuffer(&p, t->data, 0, ARG_IO_PTR))) && !p);
    p = (PVOID)0x1234;
    CHECK(FAILED(OBS(CeAllocDuplicateBuffer(&p, t->data, 16, ARG_I_PDW))) && !p);
    p = (PVOID)0x1234;
    CHECK(FAILED(OBS(CeOpenCallerBuffer(&p, (PVOID)0x8000, 16, ARG_I_PTR, TRUE))) && !p);
    p = (PVOID)0x1234;
    CHECK(FAILED(OBS(CeAllocAsynchronousBuffer(&p, t->data, 16, ARG_DW))) && !p);
    /* "Nothing stays allocated": the app compares the kernel's heap before and after. */
}

static void r_V4(struct mt *t)
{
    PVOID p = (PVOID)1;

    CHECK(OBS(CeOpenCallerBuffer(&p, (PVOID)0xFFFFF000u, 0x2000, ARG_I_PTR, FALSE)) ==
              E_ACCESSDENIED &&
          !p);
    p = (PVOID)1;
    CHECK(OBS(CeOpenCallerBuffer(&p, t->rq->buf, 0xFFFFFFF0u, ARG_IO_PTR, TRUE)) ==
              E_ACCESSDENIED &&
          !p);
    p = (PVOID)1;
    CHECK(FAILED(OBS(CeAllocDuplicateBuffer(&p, t->data, 0xFFFFFFF0u, ARG_I_PTR))) && !p);
}

static int denied(PVOID src, DWORD cb, DWORD desc)
{
    PVOID p = (PVOID)1;

    return CeOpenCallerBuffer(&p, src, cb, desc, TRUE) == E_ACCESSDENIED && !p;
}

/* buf: a read-only page of the caller; arg: a reserved, uncommitted address of it. */
static void r_A1(struct mt *t)
{
    BYTE *ro = t->rq->buf;
    PVOID p = NULL;

    CHECK(denied((PVOID)0x8000u, 16, ARG_I_PTR));                   /* below 0x10000 */
    CHECK(denied((PVOID)(KERNEL_LOW + 0x1000u), 16, ARG_I_PTR));    /* kernel memory */
    CHECK(denied((PVOID)0x6FFFFFF8u, 16, ARG_O_PTR));               /* write past 0x70000000 */
    CHECK(denied((PVOID)t->rq->arg, 16, ARG_I_PTR));                /* not mapped */
    CHECK(denied(ro, 16, ARG_O_PTR) && denied(ro, 16, ARG_IO_PTR)); /* mapped read-only */
    CHECK(OBS(CeOpenCallerBuffer(&p, ro, 16, ARG_I_PTR, TRUE)) == S_OK && p);
    CHECK(OBS(CeCloseCallerBuffer(p, ro, 16, ARG_I_PTR)) == S_OK);
}

/* A2: this kernel-mode driver calls itself with its own (kernel) buffer embedded: the
 * inner call's Open skips the range test and gives the pointer back (O1). */
static void r_A2(struct mt *t)
{
    MT_REQ rq = {.buf = kbuf, .bufLen = sizeof(kbuf)};
    MT_RES rs;
    DWORD ret = 0;
    HANDLE h;

    SKIP_UNLESS(t->kmode);
    mt_rule_id("A2in", &rq.rule, &rq.rule2);
    h = CreateFile("MTD1:", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK(h != INVALID_HANDLE_VALUE);
    memset(&rs, 0, sizeof(rs));
    OBS(DeviceIoControl(h, IOCTL_MT_RUN, &rq, sizeof(rq), &rs, sizeof(rs), &ret, NULL));
    CloseHandle(h);
    OBSU(rs.line);
    CHECK(rs.ran && rs.ok);
}

static void r_A2in(struct mt *t)
{
    PVOID p = NULL;

    CHECK(OBS(CeOpenCallerBuffer(&p, t->rq->buf, t->rq->bufLen, ARG_IO_PTR, FALSE)) == S_OK);
    CHECK(p == t->rq->buf);
    CHECK(OBS(CeCloseCallerBuffer(p, t->rq->buf, t->rq->bufLen, ARG_IO_PTR)) == S_OK);
}

/* A3 (and C1's failure): the app frees its embedded buffer while the driver holds a
 * duplicate of it; the close's write-back faults and becomes E_ACCESSDENIED. */
static void r_A3(struct mt *t)
{
    PVOID p = NULL;

    CHECK(OBS(CeOpenCallerBuffer(&p, t->rq->buf, t->rq->bufLen, ARG_IO_PTR, TRUE)) == S_OK);
    fill(p, t->rq->bufLen, MT_SEED_DRIVER);
    Sleep(t->rq->arg); /* the app's other thread releases the buffer now */
    CHECK(OBS(CeCloseCallerBuffer(p, t->rq->buf, t->rq->bufLen, ARG_IO_PTR)) == E_ACCESSDENIED);
}

/* ---- section 5: O1-O3, C1 (embedded buffer, the app's pattern in it) ---- */

static void r_O1(struct mt *t)
{
    PVOID p = NULL;

    SKIP_UNLESS(t->kmode);
    CHECK(OBS(CeOpenCallerBuffer(&p, t->rq->buf, t->rq->bufLen, ARG_IO_PTR, FALSE)) == S_OK);
    CHECK(OBSU(p) == (DWORD)t->rq->buf);
    CHECK(OBS(CeCloseCallerBuffer(p, t->rq->buf, t->rq->bufLen, ARG_IO_PTR)) == S_OK);
}

/* Out-only is copied in too: bytes the driver leaves keep their value after write-back. */
static void r_O2(struct mt *t)
{
    DWORD half = t->rq->bufLen / 2;
    PVOID p = NULL;

    SKIP_UNLESS(t->kmode);
    CHECK(OBS(CeOpenCallerBuffer(&p, t->rq->buf, t->rq->bufLen, ARG_O_PTR, TRUE)) == S_OK);
    CHECK(p && p != t->rq->buf && OBSU(p) >= KERNEL_LOW);
    CHECK(holds(p, t->rq->bufLen, MT_SEED_APP));
    fill(p, half, MT_SEED_DRIVER);
    CHECK(OBS(CeCloseCallerBuffer(p, t->rq->buf, t->rq->bufLen, ARG_O_PTR)) == S_OK);
    t->rs->after = MT_AFTER_DRIVER; /* the app checks the first half only (arg) */
}

/* The app's buffer is at HOST_VA_FIXED; the host maps other bytes there: the duplicate
 * must come from the application. */
static void r_O3(struct mt *t)
{
    BYTE *own;
    PVOID p = NULL;

    SKIP_UNLESS(!t->kmode);
    own =
        VirtualAlloc((PVOID)HOST_VA_FIXED, t->rq->bufLen, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    OBSU(own);
    if (own)
        memset(own, 0x99, t->rq->bufLen);
    CHECK(OBS(CeOpenCallerBuffer(&p, t->rq->buf, t->rq->bufLen, ARG_I_PTR, FALSE)) == S_OK);
    CHECK(p && p != t->rq->buf && holds(p, t->rq->bufLen, MT_SEED_APP));
    CHECK(OBS(CeCloseCallerBuffer(p, t->rq->buf, t->rq->bufLen, ARG_I_PTR)) == S_OK);
    if (own)
        VirtualFree(own, 0, MEM_RELEASE);
}

static void r_C1(struct mt *t)
{
    PVOID p = NULL;

    /* In only: no write-back (checked on the top-level data, visible here). */
    CHECK(OBS(CeOpenCallerBuffer(&p, t->data, t->len, ARG_I_PTR, TRUE)) == S_OK && p != t->data);
    fill(p, t->len, MT_SEED_DRIVER);
    CHECK(OBS(CeCloseCallerBuffer(p, t->data, t->len, ARG_I_PTR)) == S_OK);
    CHECK(holds(t->data, t->len, MT_SEED_APP));
    /* Direct access (kernel mode): nothing to do. */
    if (t->kmode) {
        CHECK(OBS(CeOpenCallerBuffer(&p, t->rq->buf, t->rq->bufLen, ARG_IO_PTR, FALSE)) == S_OK);
        CHECK(OBS(CeCloseCallerBuffer(p, t->rq->buf, t->rq->bufLen, ARG_IO_PTR)) == S_OK);
    }
    /* In/out: the write-back reaches the caller (the app checks its embedded buffer). */
    CHECK(OBS(CeOpenCallerBuffer(&p, t->rq->buf, t->rq->bufLen, ARG_IO_PTR, TRUE)) == S_OK);
    fill(p, t->rq->bufLen, MT_SEED_DRIVER);
    CHECK(OBS(CeCloseCallerBuffer(p, t->rq->buf, t->rq->bufLen, ARG_IO_PTR)) == S_OK);
    t->rs->after = MT_AFTER_DRIVER;
}

/* ---- section 6: AA1-AA6 (top-level data) ---- */

static void r_AA1(struct mt *t)
{
    PVOID p = NULL, dup = NULL;

    SKIP_UNLESS(t->kmode);
    CHECK(OBS(CeAllocAsynchronousBuffer(&p, kbuf, sizeof(kbuf), ARG_IO_PTR)) == S_OK);
    CHECK(p == kbuf);
    CHECK(OBS(CeFreeAsynchronousBuffer(p, kbuf, sizeof(kbuf), ARG_IO_PTR)) == S_OK);
    /* An earlier duplicate is a kernel address too. Closed whatever happens, so that a
     * failure here leaks nothing into the next test. */
    CHECK(CeOpenCallerBuffer(&dup, t->data, t->len, ARG_IO_PTR, TRUE) == S_OK);
    HRESULT alloc = OBS(CeAllocAsynchronousBuffer(&p, dup, t->len, ARG_IO_PTR));
    HRESULT free =
        alloc == S_OK ? OBS(CeFreeAsynchronousBuffer(p, dup, t->len, ARG_IO_PTR)) : alloc;
    CHECK(OBS(CeCloseCallerBuffer(dup, t->data, t->len, ARG_IO_PTR)) == S_OK);
    CHECK(alloc == S_OK && p == dup);
    CHECK(free == S_OK);
}

/* Allocate cb bytes of the data with or without the flag, check the kind against the
 * configuration, the copy-in, and that Free works; the bytes are left as found. */
static void async_kind(struct mt *t, DWORD cb, int force)
{
    DWORD desc = ARG_IO_PTR | (force ? MARSHAL_FORCE_ALIAS : 0);
    DWORD want = want_async(t, cb, force);
    PVOID p = NULL;

    CHECK(OBS(CeAllocAsynchronousBuffer(&p, t->data, cb, desc)) == S_OK && p);
    CHECK(holds(p, cb, MT_SEED_APP)); /* copy-in, or the same memory */
    CHECK(OBSU(probe(p, t->data)) == want);
    if (want == MODE_ALIAS) /* AA3: a kernel range, same offset in the page */
        CHECK((DWORD)p >= ALIAS_LOW && (DWORD)p < ALIAS_HIGH &&
              (((DWORD)p ^ (DWORD)t->data) & PAGE_OFFSET_MASK) == 0);
    CHECK(OBS(CeFreeAsynchronousBuffer(p, t->data, cb, desc)) == S_OK);
}

static void r_AA2(struct mt *t)
{
    async_kind(t, SMALL, 0);
    if (t->rs->ok)
        async_kind(t, t->len, 0);
}

static void r_AA3(struct mt *t)
{
    async_kind(t, t->len, 1);
}

static void r_AA4(struct mt *t)
{
    SKIP_UNLESS(t->kmode && (t->rq->config & MT_CFG_PIPT));
    async_kind(t, t->len, 0);
    if (t->rs->ok)
        async_kind(t, SMALL, 0);
}

/* User mode: a duplicate whatever the flag; write-back at Free reaches the app. */
static void r_AA5(struct mt *t)
{
    PVOID p = NULL;

    SKIP_UNLESS(!t->kmode);
    async_kind(t, t->len, 1);
    if (!t->rs->ok)
        return;
    CHECK(OBS(CeAllocAsynchronousBuffer(&p, t->data, t->len, ARG_O_PTR | MARSHAL_FORCE_ALIAS)) ==
          S_OK);
    fill(p, t->len, MT_SEED_DRIVER);
    CHECK(holds(t->data, t->len, MT_SEED_APP)); /* not yet */
    CHECK(OBS(CeFreeAsynchronousBuffer(p, t->data, t->len, ARG_O_PTR | MARSHAL_FORCE_ALIAS)) ==
          S_OK);
    t->rs->after = MT_AFTER_DRIVER;
}

struct aa6_call {
    BYTE *src;
    DWORD len;
    HRESULT hr;
    PVOID p;
};

static DWORD aa6_worker(LPVOID param)
{
    struct aa6_call *c = param;

    c->p = (PVOID)1;
    c->hr = CeAllocAsynchronousBuffer(&c->p, c->src, c->len, ARG_I_PTR);
    return 0;
}

/* A kernel thread serves no caller: a user pointer from it is refused. */
static void r_AA6(struct mt *t)
{
    struct aa6_call c = {.src = t->data, .len = t->len};
    HANDLE h;

    SKIP_UNLESS(t->kmode);
    h = CreateThread(NULL, 0, aa6_worker, &c, 0, NULL);
    CHECK(h && WaitForSingleObject(h, WORKER_TIMEOUT_MS) == WAIT_OBJECT_0);
    CloseHandle(h);
    CHECK(OBS(c.hr) == E_ACCESSDENIED && OBSU(c.p) == 0);
}

/* ---- section 7: AF1-AF3, FL1-FL2 ---- */

static DWORD slot_worker(LPVOID param)
{
    struct slot *s = param;

    Sleep(s->sleep_ms); /* the caller sleeps, another process runs */
    s->free_hr = CeFreeAsynchronousBuffer(s->p, s->src, s->len, s->desc);
    return 0;
}

/* Step 0: allocate (no flag), write the driver's pattern, and (arg ms > 0) free it
 * later from a worker thread; step 1: the result (arg 0: free it now, on this caller's
 * thread, which may be another process than the one that allocated). */
static void r_AF1(struct mt *t)
{
    struct slot *s = &slots[t->rq->slot % SLOTS];
    DWORD seed = MT_SEED_DRIVER + t->rq->slot;

    if (t->rq->step == 0) {
        CHECK(!s->p);
        s->src = t->data, s->len = t->len, s->desc = ARG_IO_PTR, s->sleep_ms = t->rq->arg;
        CHECK(OBS(CeAllocAsynchronousBuffer((PVOID *)&s->p, t->data, t->len, s->desc)) == S_OK);
        fill(s->p, s->len, seed);
        if (want_async(t, t->len, 0) == MODE_DUP)
            CHECK(holds(t->data, t->len, MT_SEED_APP));
        if (s->sleep_ms)
            CHECK((s->worker = CreateThread(NULL, 0, slot_worker, s, 0, NULL)) != NULL);
        return;
    }
    CHECK(s->p);
    if (s->worker) {
        CHECK(WaitForSingleObject(s->worker, WORKER_TIMEOUT_MS) == WAIT_OBJECT_0);
        CloseHandle(s->worker);
    } else {
        s->free_hr = CeFreeAsynchronousBuffer(s->p, s->src, s->len, s->desc);
    }
    OBS(s->free_hr);
    OBSU(want_async(t, s->len, 0));
    s->p = NULL, s->worker = NULL;
    /* arg 1 on step 1: the allocating process is gone (AF1: E_FAIL for a duplicate). */
    if (t->rq->arg == 1)
        CHECK(s->free_hr == (want_async(t, s->len, 0) == MODE_DUP ? E_FAIL : S_OK));
    else
        CHECK(s->free_hr == S_OK);
}

/* Two aliases on one page: freeing the first leaves the second working (AA3 counting). */
static void r_AF2(struct mt *t)
{
    DWORD d = ARG_IO_PTR | MARSHAL_FORCE_ALIAS, h = SMALL / 2;
    BYTE *a = NULL, *b = NULL;

    CHECK(OBS(CeAllocAsynchronousBuffer((PVOID *)&a, t->data, h, d)) == S_OK);
    CHECK(OBS(CeAllocAsynchronousBuffer((PVOID *)&b, t->data + h, h, d)) == S_OK);
    fill(a, h, MT_SEED_DRIVER);
    CHECK(OBS(CeFreeAsynchronousBuffer(a, t->data, h, d)) == S_OK);
    for (DWORD i = 0; i < h; i++)
        b[i] = mt_pattern(MT_SEED_DRIVER, h + i);
    CHECK(OBSU(probe(b, t->data + h)) == want_async(t, h, 1));
    CHECK(OBS(CeFreeAsynchronousBuffer(b, t->data + h, h, d)) == S_OK);
    CHECK(holds(t->data, SMALL, MT_SEED_DRIVER)); /* alias: no write-back needed; dup: done */
}

static void r_AF3(struct mt *t)
{
    DWORD d = ARG_IO_PTR, len = SMALL;
    BYTE *p = NULL;

    CHECK(OBS(CeAllocAsynchronousBuffer((PVOID *)&p, t->data, len, d)) == S_OK);
    CHECK(OBS(CeFreeAsynchronousBuffer(p, t->data, len / 2, d)) == E_INVALIDARG);
    CHECK(OBS(CeFreeAsynchronousBuffer(p, t->data, len, d | MARSHAL_FORCE_ALIAS)) == E_INVALIDARG);
    CHECK(OBS(CeFlushAsynchronousBuffer(p, t->data, NULL, len + 4, d)) == E_INVALIDARG);
    CHECK(OBS(CeFreeAsynchronousBuffer(p + 4, t->data + 4, len - 4, d)) == E_INVALIDARG);
    CHECK(OBS(CeFreeAsynchronousBuffer(p, t->data, len, d)) == S_OK); /* nothing was freed */
    /* The flag must be repeated: leaving it out is refused too. */
    d |= MARSHAL_FORCE_ALIAS;
    CHECK(CeAllocAsynchronousBuffer((PVOID *)&p, t->data, len, d) == S_OK);
    CHECK(OBS(CeFreeAsynchronousBuffer(p, t->data, len, ARG_IO_PTR)) == E_INVALIDARG);
    CHECK(CeFreeAsynchronousBuffer(p, t->data, len, d) == S_OK);
}

static void r_FL1(struct mt *t)
{
    PVOID p = NULL;

    CHECK(OBS(CeAllocAsynchronousBuffer(&p, t->data, t->len, ARG_I_PTR)) == S_OK);
    CHECK(OBS(CeFlushAsynchronousBuffer(p, t->data, NULL, t->len, ARG_I_PTR)) ==
          HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED));
    CHECK(OBS(CeFreeAsynchronousBuffer(p, t->data, t->len, ARG_I_PTR)) == S_OK);
}

/* Flush copies out and keeps the buffer; it never refreshes it from the source. */
static void flush_once(struct mt *t, DWORD cb, int force)
{
    DWORD d = ARG_IO_PTR | (force ? MARSHAL_FORCE_ALIAS : 0);
    DWORD kind = want_async(t, cb, force);
    volatile BYTE *src = t->data;
    BYTE *p = NULL;

    fill(t->data, cb, MT_SEED_APP);
    CHECK(OBS(CeAllocAsynchronousBuffer((PVOID *)&p, t->data, cb, d)) == S_OK);
    fill(p, cb, MT_SEED_DRIVER);
    CHECK(OBS(CeFlushAsynchronousBuffer(p, t->data, NULL, cb, d)) == S_OK);
    CHECK(holds(t->data, cb, MT_SEED_DRIVER));
    src[0] = 0x5A;
    CHECK(OBS(CeFlushAsynchronousBuffer(p, t->data, NULL, cb, d)) == S_OK);
    if (kind == MODE_DUP)
        CHECK(p[0] == mt_pattern(MT_SEED_DRIVER, 0) && src[0] == p[0]);
    else
        CHECK(p[0] == 0x5A);
    p[0] = mt_pattern(MT_SEED_DRIVER, 0);
    CHECK(OBS(CeFreeAsynchronousBuffer(p, t->data, cb, d)) == S_OK);
    CHECK(holds(t->data, cb, MT_SEED_DRIVER));
}

static void r_FL2(struct mt *t)
{
    flush_once(t, t->len, 0);
    if (t->rs->ok)
        flush_once(t, t->len, 1);
    t->rs->after = MT_AFTER_DRIVER;
}

/* ---- section 8: D1-D2 ---- */

static void r_D1(struct mt *t)
{
    PVOID p = NULL;

    CHECK(OBS(CeAllocDuplicateBuffer(&p, t->data, t->len, ARG_O_PTR)) == S_OK);
    CHECK(p && p != t->data && OBSU(probe(p, t->data)) == MODE_DUP);
    CHECK(holds(p, t->len, MT_SEED_APP)); /* copied in although out-only (as O2) */
    CHECK(OBS(CeFreeDuplicateBuffer(p, t->data, t->len, ARG_O_PTR)) == S_OK);
    CHECK(holds(t->data, t->len, MT_SEED_APP));
}

/* Write-back with the O bit only; arg > 0: the app releases the embedded buffer while
 * the duplicate lives (kernel mode), and Free gives E_FAIL. */
static void r_D2(struct mt *t)
{
    PVOID p = NULL;

    if (t->rq->arg) {
        SKIP_UNLESS(t->kmode);
        CHECK(OBS(CeAllocDuplicateBuffer(&p, t->rq->buf, t->rq->bufLen, ARG_IO_PTR)) == S_OK);
        Sleep(t->rq->arg);
        CHECK(OBS(CeFreeDuplicateBuffer(p, t->rq->buf, t->rq->bufLen, ARG_IO_PTR)) == E_FAIL);
        return;
    }
    CHECK(OBS(CeAllocDuplicateBuffer(&p, t->data, t->len, ARG_I_PTR)) == S_OK);
    fill(p, t->len, MT_SEED_DRIVER);
    CHECK(OBS(CeFreeDuplicateBuffer(p, t->data, t->len, ARG_I_PTR)) == S_OK);
    CHECK(holds(t->data, t->len, MT_SEED_APP));
    CHECK(OBS(CeAllocDuplicateBuffer(&p, t->data, t->len, ARG_IO_PTR)) == S_OK);
    fill(p, t->len, MT_SEED_DRIVER);
    CHECK(holds(t->data, t->len, MT_SEED_APP));
    CHECK(OBS(CeFreeDuplicateBuffer(p, t->data, t->len, ARG_IO_PTR)) == S_OK);
    t->rs->after = MT_AFTER_DRIVER;
}

/* ---- section 10: K2-K4 (K1 and K5 are multi-process: AF1 slots, asyncdrv) ---- */

static void r_K2(struct mt *t)
{
    (void)t; /* the app counts the address-space switches around this call */
}

/* The app wrote its pattern just before the call (dirty lines, K4); the alias must see
 * it, and after Free the app must see the driver's bytes, not a stale line (K3). */
static void r_K3(struct mt *t)
{
    DWORD d = ARG_IO_PTR | MARSHAL_FORCE_ALIAS;
    BYTE *p = NULL;

    CHECK(OBS(CeAllocAsynchronousBuffer((PVOID *)&p, t->data, t->len, d)) == S_OK);
    CHECK(holds(p, t->len, MT_SEED_APP));
    fill(p, t->len, MT_SEED_DRIVER);
    CHECK(OBS(CeFreeAsynchronousBuffer(p, t->data, t->len, d)) == S_OK);
    CHECK(holds(t->data, t->len, MT_SEED_DRIVER));
    t->rs->after = MT_AFTER_DRIVER;
}

/* ---- section 11: L1 (the app compares the kernel's counts around this call) ---- */

static void r_L1(struct mt *t)
{
    PVOID p = NULL;

    CHECK(CeAllocAsynchronousBuffer(&p, t->data, t->len, ARG_IO_PTR) == S_OK);
    CHECK(OBS(CeFreeAsynchronousBuffer(p, t->data, t->len, ARG_IO_PTR)) == S_OK);
    CHECK(CeAllocAsynchronousBuffer(&p, t->data, t->len, ARG_IO_PTR | MARSHAL_FORCE_ALIAS) == S_OK);
    CHECK(OBS(CeFreeAsynchronousBuffer(p, t->data, t->len, ARG_IO_PTR | MARSHAL_FORCE_ALIAS)) ==
          S_OK);
    CHECK(CeOpenCallerBuffer(&p, t->data, t->len, ARG_IO_PTR, TRUE) == S_OK);
    CHECK(OBS(CeCloseCallerBuffer(p, t->data, t->len, ARG_IO_PTR)) == S_OK);
    CHECK(CeAllocDuplicateBuffer(&p, t->data, t->len, ARG_IO_PTR) == S_OK);
    CHECK(OBS(CeFreeDuplicateBuffer(p, t->data, t->len, ARG_IO_PTR)) == S_OK);
    /* Deliberate leak for the host test (arg 1): one duplicate never freed. */
    if (t->rq->arg == 1)
        CHECK(CeAllocAsynchronousBuffer(&p, t->data, SMALL, ARG_IO_PTR) == S_OK);
}

/* ---- dispatch ---- */

static const struct {
    const char *id;
    void (*run)(struct mt *t);
} rules[] = {
    {"V1", r_V1},   {"V2", r_V2},     {"V3", r_V3},   {"V4", r_V4},   {"A1", r_A1},
    {"A2", r_A2},   {"A2in", r_A2in}, {"A3", r_A3},   {"O1", r_O1},   {"O2", r_O2},
    {"O3", r_O3},   {"C1", r_C1},     {"AA1", r_AA1}, {"AA2", r_AA2}, {"AA3", r_AA3},
    {"AA4", r_AA4}, {"AA5", r_AA5},   {"AA6", r_AA6}, {"AF1", r_AF1}, {"AF2", r_AF2},
    {"AF3", r_AF3}, {"FL1", r_FL1},   {"FL2", r_FL2}, {"D1", r_D1},   {"D2", r_D2},
    {"K2", r_K2},   {"K3", r_K3},     {"K4", r_K3},   {"L1", r_L1},
};

static BOOL run(const BYTE *in, DWORD in_len, BYTE *out, DWORD out_len, DWORD *actual)
{
    MT_REQ rq;
    MT_RES rs;
    struct mt t = {.rq = &rq, .rs = &rs, .kmode = GetCurrentProcessId() == 0};
    DWORD w0, w1;

    if (!in || in_len < sizeof(rq) || !out || out_len < sizeof(rs)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    memcpy(&rq, in, sizeof(rq));
    memset(&rs, 0, sizeof(rs));
    rs.ok = 1;
    rs.kernelMode = t.kmode;
    if (out_len >= MT_DATA_OFFSET + rq.len) {
        t.data = out + MT_DATA_OFFSET;
        t.len = rq.len;
    }
    for (DWORD i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
        mt_rule_id(rules[i].id, &w0, &w1);
        if (w0 == rq.rule && w1 == rq.rule2) {
            rs.ran = 1;
            rules[i].run(&t);
            break;
        }
    }
    memcpy(out, &rs, sizeof(rs));
    *actual = sizeof(rs);
    return TRUE;
}

DWORD MTD_Init(LPCTSTR pContext, LPCVOID lpvBusContext)
{
    (void)pContext, (void)lpvBusContext;
    return DEVICE_MAGIC;
}

BOOL MTD_Deinit(DWORD hDeviceContext)
{
    return hDeviceContext == DEVICE_MAGIC;
}

DWORD MTD_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode)
{
    (void)AccessCode, (void)ShareMode;
    return hDeviceContext == DEVICE_MAGIC ? DEVICE_MAGIC + ++opens : 0;
}

BOOL MTD_Close(DWORD hOpenContext)
{
    (void)hOpenContext;
    opens--;
    return TRUE;
}

BOOL MTD_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut,
                   DWORD dwLenOut, PDWORD pdwActualOut)
{
    DWORD actual = 0;
    BOOL ok = FALSE;

    (void)hOpenContext;
    if (dwCode == IOCTL_MT_RUN)
        ok = run(pBufIn, dwLenIn, pBufOut, dwLenOut, &actual);
    else
        SetLastError(ERROR_INVALID_PARAMETER);
    if (pdwActualOut)
        *pdwActualOut = actual;
    return ok;
}
