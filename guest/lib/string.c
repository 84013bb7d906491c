/*
 * string.c: memory and string functions of cesim guests, linked into both libce and the
 * kernel. The compiler also emits calls to memcpy/memset itself (struct copies, large
 * initialisers), so these must exist in every freestanding image.
 *
 * memcpy and memset move whole words when both sides are word aligned: the kernel
 * copies app data pages with them. NO_LIBCALL stops GCC from recognising the byte loops
 * as memcpy/memset and calling the very function being defined.
 */
#include <stdint.h>
#include <string.h>

#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))
#define WORD_MASK (sizeof(uint32_t) - 1u)

NO_LIBCALL void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ((((uintptr_t)d | (uintptr_t)s) & WORD_MASK) == 0) {
        for (; n >= sizeof(uint32_t); n -= sizeof(uint32_t)) {
            *(uint32_t *)(void *)d = *(const uint32_t *)(const void *)s;
            d += sizeof(uint32_t);
            s += sizeof(uint32_t);
        }
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

NO_LIBCALL void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d <= s || d >= s + n)
        return memcpy(dst, src, n); /* memcpy copies upwards: safe here */
    while (n--)
        d[n] = s[n];
    return dst;
}

NO_LIBCALL void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    uint32_t word = (unsigned char)c * 0x01010101u; /* the byte in all four lanes */

    while (n && ((uintptr_t)d & WORD_MASK)) {
        *d++ = (unsigned char)c;
        n--;
    }
    for (; n >= sizeof(uint32_t); n -= sizeof(uint32_t)) {
        *(uint32_t *)(void *)d = word;
        d += sizeof(uint32_t);
    }
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (; n; n--, x++, y++) {
        if (*x != *y)
            return *x - *y;
    }
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b || !*a)
            return (unsigned char)*a - (unsigned char)*b;
    }
    return 0;
}

NO_LIBCALL char *strcpy(char *dst, const char *src)
{
    char *d = dst;

    while ((*d++ = *src++))
        ;
    return dst;
}

/* C semantics: pads with NULs up to n, and does not terminate when src is too long. */
NO_LIBCALL char *strncpy(char *dst, const char *src, size_t n)
{
    size_t i = 0;

    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = '\0';
    return dst;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}
