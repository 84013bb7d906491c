/*
 * stdlib.h: the little of the C library cesim guests have: malloc and free, on the
 * process heap (LocalAlloc, guest/lib/heap.c).
 */
#ifndef CE_STDLIB_H
#define CE_STDLIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void *malloc(size_t size);
void free(void *p);

#ifdef __cplusplus
}
#endif

#endif
