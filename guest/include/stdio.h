/*
 * stdio.h: the small stdio of cesim guests (guest/lib). Apps print through DebugWrite;
 * the kernel links only the formatter (ce_vformat and the *snprintf) and prints with
 * kprintf. Conversions: %d %i %u %x %X %p %s %c %%, length l, ll, z, flags '-' and
 * '0', field width (or *), precision for %s.
 */
#ifndef CE_STDIO_H
#define CE_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EOF (-1)

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int putchar(int c);
int puts(const char *s);

/* cesim extension: the formatter behind all of the above, one character at a time to
 * `out`. Returns the number of characters produced. */
typedef void (*ce_format_out)(void *ctx, char c);
int ce_vformat(ce_format_out out, void *ctx, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#ifdef __cplusplus
}
#endif

#endif
