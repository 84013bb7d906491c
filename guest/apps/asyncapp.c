/*
 * asyncapp: drives an asynchronous-buffer sample driver (guest/drivers/asyncdrv.c, ASY,
 * or guest/drivers/asyncpp.cpp, ASP; protocol in guest/include/async_ioctl.h) and checks
 * the caller's buffer byte for byte after the driver's IST wrote it back.
 *
 *   asyncapp [key=value ...]
 *     dev=ASY1:      the device
 *     size=4096      buffer bytes
 *     off=0          the buffer's offset within its first page
 *     mode=dup       dup: plain CeAllocAsynchronousBuffer; alias: MARSHAL_FORCE_ALIAS
 *     dir=fill       fill: the IST writes the buffer; consume: it reads it
 *     ist=4          interrupts, each one IST pass over the buffer
 *     app=2          passes the app makes over its own buffer while the IST works
 *     period=2000    timer period in microseconds
 *     other=1        a second process spins while the IST works (another address space
 *                    is mapped when it runs: spec/marshal.md AF1, K5)
 *     flush=0        1: the IST flushes after every pass (FL2)
 *     seed=17        first byte of the pattern
 *     misuse=0       1: the C driver's IST also reads the caller's pointer itself, the bug
 *                    spec/marshal.md K5 says the simulator reports (kernel mode; use with
 *                    other=0 app=0, so that the caller's address space stays mapped)
 *   asyncapp spin MS   (helper) busy for MS milliseconds
 *
 * These are the knobs of the cost demo and the sweep. Exit 0 when every byte is right,
 * with one summary line; 1 with a line saying what differed.
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "async_ioctl.h"

#define PAGE 4096u
#define SPIN_GUARD 200000000u

struct opts {
    const char *dev;
    DWORD size, off, ist, app, period, other, flush, seed, misuse;
    int alias, consume;
};

static DWORD parse_u32(const char *s)
{
    DWORD v = 0, base = 10;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s += 2, base = 16;
    for (; *s; s++) {
        DWORD d = (*s >= '0' && *s <= '9')   ? (DWORD)(*s - '0')
                  : (*s >= 'a' && *s <= 'f') ? (DWORD)(*s - 'a' + 10)
                                             : base;
        if (d >= base)
            break;
        v = v * base + d;
    }
    return v;
}

/* key=value into *o; 0 for an unknown key. */
static int parse_opt(struct opts *o, const char *arg)
{
    static const struct {
        const char *key;
        size_t field; /* offset of a DWORD in struct opts */
    } nums[] = {
        {"size", offsetof(struct opts, size)},     {"off", offsetof(struct opts, off)},
        {"ist", offsetof(struct opts, ist)},       {"app", offsetof(struct opts, app)},
        {"period", offsetof(struct opts, period)}, {"other", offsetof(struct opts, other)},
        {"flush", offsetof(struct opts, flush)},   {"seed", offsetof(struct opts, seed)},
        {"misuse", offsetof(struct opts, misuse)},
    };
    const char *eq = strchr(arg, '=');
    size_t klen = eq ? (size_t)(eq - arg) : 0;

    if (!eq)
        return 0;
    for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
        if (strlen(nums[i].key) == klen && strncmp(arg, nums[i].key, klen) == 0) {
            *(DWORD *)((char *)o + nums[i].field) = parse_u32(eq + 1);
            return 1;
        }
    }
    if (strncmp(arg, "dev=", 4) == 0)
        o->dev = eq + 1;
    else if (strncmp(arg, "mode=", 5) == 0)
        o->alias = strcmp(eq + 1, "alias") == 0;
    else if (strncmp(arg, "dir=", 4) == 0)
        o->consume = strcmp(eq + 1, "consume") == 0;
    else
        return 0;
    return 1;
}

static int spin(DWORD ms)
{
    DWORD end = GetTickCount() + ms;
    volatile DWORD guard = 0;

    while ((LONG)(end - GetTickCount()) > 0 && ++guard < SPIN_GUARD)
        ;
    return 0;
}

/* Start the spinner for about as long as the IST needs. */
static BOOL start_other(const struct opts *o, PROCESS_INFORMATION *pi)
{
    char cmd[32];

    snprintf(cmd, sizeof(cmd), "spin %lu", (unsigned long)(o->ist * o->period / 1000u + 5u));
    return CreateProcess("asyncapp", cmd, NULL, NULL, FALSE, 0, NULL, NULL, NULL, pi);
}

/* Where the passes' checksum goes: without a use the compiler drops the passes. */
static volatile DWORD app_sink;

/* The app's own passes: reads only, so that neither direction's result depends on when
 * they happen (with an alias they read uncached memory: the cost the demo shows). */
static DWORD app_passes(const struct opts *o, const BYTE *buf)
{
    DWORD sum = 0;

    for (DWORD t = 0; t < o->app; t++) {
        Sleep(o->ist * o->period / 1000u / (o->app + 1u) + 1u);
        for (DWORD i = 0; i < o->size; i++)
            sum = asy_checksum_step(sum, buf[i]);
    }
    return sum;
}

static int check(const struct opts *o, const BYTE *buf, const ASY_RESULT *r, DWORD want_sum)
{
    if (r->allocResult != S_OK || r->freeResult != S_OK || r->flushResult != S_OK) {
        printf("asyncapp: %s alloc 0x%08lx free 0x%08lx flush 0x%08lx\n", o->dev,
               (unsigned long)r->allocResult, (unsigned long)r->freeResult,
               (unsigned long)r->flushResult);
        return 1;
    }
    if (r->interrupts != o->ist) {
        printf("asyncapp: %s %lu of %lu IST passes\n", o->dev, (unsigned long)r->interrupts,
               (unsigned long)o->ist);
        return 1;
    }
    for (DWORD i = 0; i < o->size; i++) {
        BYTE want = o->consume ? asy_pattern(o->seed, 0, i) : asy_pattern(o->seed, o->ist, i);
        if (buf[i] != want) {
            printf("asyncapp: %s byte %lu is 0x%02x, not 0x%02x\n", o->dev, (unsigned long)i,
                   buf[i], want);
            return 1;
        }
    }
    if (o->consume && r->checksum != want_sum) {
        printf("asyncapp: %s the IST read checksum 0x%08lx, not 0x%08lx\n", o->dev,
               (unsigned long)r->checksum, (unsigned long)want_sum);
        return 1;
    }
    return 0;
}

static int run(const struct opts *o, HANDLE h, BYTE *buf)
{
    ASY_START st = {.interrupts = o->ist, .periodUs = o->period, .seed = o->seed};
    ASY_RESULT r;
    PROCESS_INFORMATION pi = {0};
    DWORD ret = 0, want_sum = 0;
    BOOL started, other = FALSE;

    st.flags = (o->alias ? ASY_FORCE_ALIAS : 0) | (o->consume ? ASY_CONSUME : 0) |
               (o->flush ? ASY_FLUSH_EACH : 0) | (o->misuse ? ASY_MISUSE_USER : 0);
    for (DWORD i = 0; i < o->size; i++) {
        buf[i] = o->consume ? asy_pattern(o->seed, 0, i) : 0xEE;
        want_sum = asy_checksum_step(want_sum, buf[i]);
    }
    if (o->other)
        other = start_other(o, &pi);
    started = DeviceIoControl(h, IOCTL_ASY_START, &st, sizeof(st), buf, o->size, &ret, NULL);
    if (started)
        app_sink = app_passes(o, buf);
    while (!DeviceIoControl(h, IOCTL_ASY_WAIT, NULL, 0, &r, sizeof(r), &ret, NULL)) {
        if (GetLastError() != ERROR_BUSY) {
            printf("asyncapp: %s wait failed (error %lu)\n", o->dev, (unsigned long)GetLastError());
            return 1;
        }
    }
    if (other) {
        WaitForSingleObject(pi.hProcess, INFINITE);
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
    }
    return check(o, buf, &r, want_sum);
}

int main(int argc, char **argv)
{
    struct opts o = {
        .dev = "ASY1:", .size = 4096, .ist = 4, .app = 2, .period = 2000, .other = 1, .seed = 17};
    HANDLE h;
    BYTE *mem;
    int rc;

    if (argc == 3 && strcmp(argv[1], "spin") == 0)
        return spin(parse_u32(argv[2]));
    for (int i = 1; i < argc; i++) {
        if (!parse_opt(&o, argv[i])) {
            printf("asyncapp: unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    if (!o.size || !o.ist || o.off >= PAGE) {
        printf("asyncapp: size and ist must be non-zero, off below %u\n", PAGE);
        return 2;
    }
    h = CreateFile(o.dev, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    mem = VirtualAlloc(NULL, o.size + o.off, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (h == INVALID_HANDLE_VALUE || !mem) {
        printf("asyncapp: cannot open %s or allocate (error %lu)\n", o.dev,
               (unsigned long)GetLastError());
        return 1;
    }
    rc = run(&o, h, mem + o.off);
    if (rc == 0)
        printf("asyncapp: %s %lu bytes, %s, %s, %lu IST passes, %lu app passes: checked\n", o.dev,
               (unsigned long)o.size, o.alias ? "alias" : "dup", o.consume ? "consume" : "fill",
               (unsigned long)o.ist, (unsigned long)o.app);
    VirtualFree(mem, 0, MEM_RELEASE);
    CloseHandle(h);
    return rc;
}
