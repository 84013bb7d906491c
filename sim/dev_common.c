/*
 * dev_common.c: what the device models share at run time, which is only the guest-error
 * report. A guest that touches a bad offset or uses an unsupported access size is buggy,
 * not the simulator: the access is logged and ignored, never fatal (STYLE.md item 5).
 */
#include "dev.h"

#include <stdarg.h>
#include <stdio.h>

/* A looping guest can hit the same bad register millions of times: print only the first few. */
#define DEV_GUEST_ERROR_PRINT_MAX 20

unsigned long dev_guest_error_count;
int dev_guest_error_quiet;

void dev_guest_error(const char *dev, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    dev_guest_error_count++;
    if (dev_guest_error_quiet || dev_guest_error_count > DEV_GUEST_ERROR_PRINT_MAX + 1)
        return;
    if (dev_guest_error_count == DEV_GUEST_ERROR_PRINT_MAX + 1) {
        fprintf(stderr, "cesim: guest error: further guest errors are counted, not shown\n");
        return;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    /* One fprintf per message, so that a message is never split by other output. */
    fprintf(stderr, "cesim: guest error: %s: %s\n", dev, msg);
}
