/*
 * stdio.c: printf and friends for apps, written to the debug console with the
 * DebugWrite system call. Output is gathered in a small buffer so that a line costs one
 * system call rather than one per character.
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define STDIO_CHUNK 128

struct out_buf {
    char buf[STDIO_CHUNK];
    DWORD used;
};

static void out_flush(struct out_buf *o)
{
    if (o->used)
        DebugWrite(o->buf, o->used);
    o->used = 0;
}

static void out_char(void *ctx, char c)
{
    struct out_buf *o = ctx;

    o->buf[o->used++] = c;
    if (o->used == sizeof(o->buf))
        out_flush(o);
}

int vprintf(const char *fmt, va_list ap)
{
    struct out_buf o;
    int n;

    o.used = 0;
    n = ce_vformat(out_char, &o, fmt, ap);
    out_flush(&o);
    return n;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int putchar(int c)
{
    char ch = (char)c;

    return SUCCEEDED(DebugWrite(&ch, 1)) ? (unsigned char)c : EOF;
}

/* The string and its newline in one system call when it fits the buffer. */
int puts(const char *s)
{
    struct out_buf o;

    o.used = 0;
    while (*s)
        out_char(&o, *s++);
    out_char(&o, '\n');
    out_flush(&o);
    return 0;
}
