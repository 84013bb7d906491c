/*
 * smpapp: a small app that drives the sample driver (guest/drivers/sample.c): it opens
 * the device named by its argument (default SMP1:), sends IOCTL_SMP_TRANSFORM and checks
 * the result byte for byte, asks IOCTL_SMP_INFO where the driver runs, and prints one
 * line for each. guest/scenarios/sample.ini loads the driver kernel-mode; the same
 * scenario with `--set driver.mode=user` loads it in a driver host process instead.
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "smp_ioctl.h"

static const char message[] = "hello, driver: 32 bytes of data";

static int transform(HANDLE h, const char *dev)
{
    BYTE out[sizeof(message)];
    DWORD ret = 0;

    if (!DeviceIoControl(h, IOCTL_SMP_TRANSFORM, (LPVOID)message, sizeof(message), out, sizeof(out),
                         &ret, NULL) ||
        ret != sizeof(message)) {
        printf("smpapp: %s transform failed (error %lu)\n", dev, (unsigned long)GetLastError());
        return 1;
    }
    for (DWORD i = 0; i < sizeof(message); i++) {
        if (out[i] != smp_transform((BYTE)message[i], i)) {
            printf("smpapp: %s byte %lu differs\n", dev, (unsigned long)i);
            return 1;
        }
    }
    printf("smpapp: %s transform of %u bytes checked\n", dev, (unsigned)sizeof(message));
    return 0;
}

static int where(HANDLE h, const char *dev)
{
    SMP_INFO inf;
    DWORD ret = 0;

    if (!DeviceIoControl(h, IOCTL_SMP_INFO, NULL, 0, &inf, sizeof(inf), &ret, NULL)) {
        printf("smpapp: %s info failed (error %lu)\n", dev, (unsigned long)GetLastError());
        return 1;
    }
    if (inf.processId == 0)
        printf("smpapp: %s the driver runs in kernel mode, in the kernel process\n", dev);
    else
        printf("smpapp: %s the driver runs in user mode, in its host process (pid %lu)\n", dev,
               (unsigned long)inf.processId);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dev = argc > 1 ? argv[1] : "SMP1:";
    HANDLE h = CreateFile(dev, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    int rc;

    if (h == INVALID_HANDLE_VALUE) {
        printf("smpapp: cannot open %s (error %lu)\n", dev, (unsigned long)GetLastError());
        return 1;
    }
    rc = where(h, dev) | transform(h, dev);
    CloseHandle(h);
    return rc;
}
