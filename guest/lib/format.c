/*
 * format.c: the printf formatter of cesim guests, compiled once and linked into both
 * libce (apps' printf, snprintf) and the kernel (kprintf): one implementation, so the
 * kernel's and the apps' output agree. Freestanding: no allocation, no floating point.
 *
 * ce_vformat() hands each character to a callback; vsnprintf() is the callback that
 * fills a buffer. Supported: %d %i %u %x %X %p %s %c %%, length modifiers l, ll and z,
 * flags '-' (left-justify) and '0' (zero pad), a field width (digits or *), and a
 * precision for %s (digits or *).
 */
#include <stdint.h>
#include <stdio.h>

enum {
    FMT_LEFT = 1u << 0,  /* '-' */
    FMT_ZERO = 1u << 1,  /* '0' */
    FMT_UPPER = 1u << 2, /* %X */
};

enum fmt_length { LEN_INT, LEN_LONG, LEN_LLONG, LEN_SIZE };

struct fmt_spec {
    unsigned flags;
    int width;
    int precision; /* -1: none */
    enum fmt_length length;
};

struct fmt_out {
    ce_format_out out;
    void *ctx;
    int count;
};

#define FMT_MAX_DIGITS 24 /* 2^64 in octal would need 22; decimal 20, hex 16 */
#define PTR_HEX_DIGITS 8  /* %p: 32-bit addresses, zero padded */

static void put(struct fmt_out *o, char c)
{
    o->out(o->ctx, c);
    o->count++;
}

static void put_repeat(struct fmt_out *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

/* Digits of v in `base`, least significant first; returns how many. 32-bit values take
 * the cheaper 32-bit division. */
static int to_digits(char *buf, unsigned long long v, unsigned base, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;

    if (v <= UINT32_MAX) {
        uint32_t w = (uint32_t)v;
        do {
            buf[n++] = digits[w % base];
            w /= base;
        } while (w);
        return n;
    }
    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v);
    return n;
}

static void put_number(struct fmt_out *o, const struct fmt_spec *s, unsigned long long v,
                       unsigned base, int negative)
{
    char buf[FMT_MAX_DIGITS];
    int n = to_digits(buf, v, base, s->flags & FMT_UPPER);
    int len = n + (negative ? 1 : 0);
    int pad = s->width > len ? s->width - len : 0;

    if (!(s->flags & (FMT_LEFT | FMT_ZERO)))
        put_repeat(o, ' ', pad);
    if (negative)
        put(o, '-');
    if ((s->flags & FMT_ZERO) && !(s->flags & FMT_LEFT))
        put_repeat(o, '0', pad);
    while (n > 0)
        put(o, buf[--n]);
    if (s->flags & FMT_LEFT)
        put_repeat(o, ' ', pad);
}

static void put_string(struct fmt_out *o, const struct fmt_spec *s, const char *str)
{
    int len = 0;
    int pad;

    if (!str)
        str = "(null)";
    while (str[len] && (s->precision < 0 || len < s->precision))
        len++;
    pad = s->width > len ? s->width - len : 0;
    if (!(s->flags & FMT_LEFT))
        put_repeat(o, ' ', pad);
    for (int i = 0; i < len; i++)
        put(o, str[i]);
    if (s->flags & FMT_LEFT)
        put_repeat(o, ' ', pad);
}

static unsigned long long arg_unsigned(const struct fmt_spec *s, va_list *ap)
{
    switch (s->length) {
    case LEN_LLONG: return va_arg(*ap, unsigned long long);
    case LEN_LONG: return va_arg(*ap, unsigned long);
    case LEN_SIZE: return va_arg(*ap, size_t);
    default: return va_arg(*ap, unsigned int);
    }
}

static long long arg_signed(const struct fmt_spec *s, va_list *ap)
{
    switch (s->length) {
    case LEN_LLONG: return va_arg(*ap, long long);
    case LEN_LONG: return va_arg(*ap, long);
    case LEN_SIZE: return (long long)va_arg(*ap, size_t);
    default: return va_arg(*ap, int);
    }
}

/* A decimal number, or '*' (taken from the arguments); *fmt moves past it. */
static int parse_count(const char **fmt, va_list *ap)
{
    int n = 0;

    if (**fmt == '*') {
        (*fmt)++;
        return va_arg(*ap, int);
    }
    while (**fmt >= '0' && **fmt <= '9')
        n = n * 10 + (*(*fmt)++ - '0');
    return n;
}

/* Flags, width, precision and length after the '%'; *fmt ends on the conversion. */
static void parse_spec(struct fmt_spec *s, const char **fmt, va_list *ap)
{
    s->flags = 0;
    s->precision = -1;
    s->length = LEN_INT;
    for (;; (*fmt)++) {
        if (**fmt == '-')
            s->flags |= FMT_LEFT;
        else if (**fmt == '0')
            s->flags |= FMT_ZERO;
        else
            break;
    }
    s->width = parse_count(fmt, ap);
    if (s->width < 0) { /* printf: a negative '*' width means '-' */
        s->flags |= FMT_LEFT;
        s->width = -s->width;
    }
    if (**fmt == '.') {
        (*fmt)++;
        s->precision = parse_count(fmt, ap);
    }
    if (**fmt == 'l') {
        (*fmt)++;
        s->length = LEN_LONG;
        if (**fmt == 'l') {
            (*fmt)++;
            s->length = LEN_LLONG;
        }
    } else if (**fmt == 'z') {
        (*fmt)++;
        s->length = LEN_SIZE;
    }
}

static void put_conversion(struct fmt_out *o, struct fmt_spec *s, char conv, va_list *ap)
{
    long long sv;

    switch (conv) {
    case 'd':
    case 'i':
        sv = arg_signed(s, ap);
        put_number(o, s, sv < 0 ? 0ull - (unsigned long long)sv : (unsigned long long)sv, 10,
                   sv < 0);
        break;
    case 'u': put_number(o, s, arg_unsigned(s, ap), 10, 0); break;
    case 'X':
        s->flags |= FMT_UPPER;
        /* fall through */
    case 'x': put_number(o, s, arg_unsigned(s, ap), 16, 0); break;
    case 'p':
        put(o, '0');
        put(o, 'x');
        s->flags = FMT_ZERO;
        s->width = PTR_HEX_DIGITS;
        put_number(o, s, (uintptr_t)va_arg(*ap, void *), 16, 0);
        break;
    case 's': put_string(o, s, va_arg(*ap, const char *)); break;
    case 'c':
        put_repeat(o, ' ', (s->flags & FMT_LEFT) ? 0 : s->width - 1);
        put(o, (char)va_arg(*ap, int));
        put_repeat(o, ' ', (s->flags & FMT_LEFT) ? s->width - 1 : 0);
        break;
    case '%': put(o, '%'); break;
    default: /* unknown: show it as written, so the mistake is visible */
        put(o, '%');
        put(o, conv);
        break;
    }
}

int ce_vformat(ce_format_out out, void *ctx, const char *fmt, va_list ap)
{
    struct fmt_out o = {out, ctx, 0};
    struct fmt_spec spec;
    va_list args;

    /* va_copy: the helpers take a pointer, which a va_list parameter may not allow. */
    va_copy(args, ap);
    while (*fmt) {
        if (*fmt != '%') {
            put(&o, *fmt++);
            continue;
        }
        fmt++;
        parse_spec(&spec, &fmt, &args);
        if (!*fmt)
            break;
        put_conversion(&o, &spec, *fmt++, &args);
    }
    va_end(args);
    return o.count;
}

struct buf_sink {
    char *buf;
    size_t size;
    size_t used;
};

/* Keeps one byte for the terminating NUL; counts on past the end (C99 semantics). */
static void buf_out(void *ctx, char c)
{
    struct buf_sink *b = ctx;

    if (b->used + 1 < b->size)
        b->buf[b->used] = c;
    b->used++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct buf_sink b = {buf, size, 0};
    int n = ce_vformat(buf_out, &b, fmt, ap);

    if (size > 0)
        buf[b.used < size ? b.used : size - 1] = '\0';
    return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
