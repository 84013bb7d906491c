/*
 * ioctl-bench: N DeviceIoControl round trips (IOCTL_SMP_TRANSFORM of the sample driver)
 * on one device, to measure what a round trip costs:
 *
 *   ioctl-bench N DEVICE [BYTES]     (defaults: 1000 SMP1: 64)
 *
 * One call is made before the N, so that first-use work (opening, paging in) is the same
 * in every run; the instructions (and address-space switches, cp15.WRITE_TTBR0) of one
 * round trip are then (X(N2) - X(N1)) / (N2 - N1) from two runs (cesim run --json).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "smp_ioctl.h"

#define DEFAULT_CALLS 1000u
#define DEFAULT_BYTES 64u
#define MAX_BYTES 0x100000u

static DWORD parse(const char *s, DWORD dflt)
{
    DWORD v = 0;

    if (!s || !*s)
        return dflt;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (DWORD)(*s - '0');
    return v;
}

int main(int argc, char **argv)
{
    DWORD n = parse(argc > 1 ? argv[1] : NULL, DEFAULT_CALLS);
    const char *dev = argc > 2 ? argv[2] : "SMP1:";
    DWORD bytes = parse(argc > 3 ? argv[3] : NULL, DEFAULT_BYTES), ret = 0;
    BYTE *in, *out;
    HANDLE h;

    if (bytes == 0 || bytes > MAX_BYTES) {
        printf("ioctl-bench: BYTES must be 1..%lu\n", (unsigned long)MAX_BYTES);
        return 2;
    }
    in = VirtualAlloc(NULL, bytes, MEM_COMMIT, PAGE_READWRITE);
    out = VirtualAlloc(NULL, bytes, MEM_COMMIT, PAGE_READWRITE);
    h = CreateFile(dev, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (!in || !out || h == INVALID_HANDLE_VALUE) {
        printf("ioctl-bench: cannot open %s (error %lu)\n", dev, (unsigned long)GetLastError());
        return 1;
    }
    memset(in, 0x3C, bytes);
    for (DWORD i = 0; i <= n; i++) {
        if (!DeviceIoControl(h, IOCTL_SMP_TRANSFORM, in, bytes, out, bytes, &ret, NULL) ||
            ret != bytes) {
            printf("ioctl-bench: call %lu failed (error %lu)\n", (unsigned long)i,
                   (unsigned long)GetLastError());
            return 1;
        }
    }
    printf("ioctl-bench: %lu round trips on %s with %lu bytes in and out\n", (unsigned long)n, dev,
           (unsigned long)bytes);
    CloseHandle(h);
    return 0;
}
