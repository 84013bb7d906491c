/*
 * console.h: the kernel console. Output goes to the PL011 UART0 (polled), or through
 * semihosting SYS_WRITE0 when the ROM's `console` setting says so. kprintf formats with
 * the guest library's formatter (guest/lib/format.c), the same code apps use.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

void console_init(void);
void console_use_semihosting(int on);
void console_write(const char *s, size_t n);
/* Wait until the UART has sent everything (before the run ends). */
void console_flush(void);

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vkprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
