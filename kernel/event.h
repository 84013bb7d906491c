/*
 * event.h: events (CreateEvent, auto or manual reset), and the waits on any waitable
 * object: events, processes and threads (signaled when they have exited).
 */
#ifndef KERNEL_EVENT_H
#define KERNEL_EVENT_H

#include <stdint.h>

#include "object.h"

/* A new event object (one reference), or NULL when out of memory. */
struct kobj *event_create(int manual_reset, int initially_set);
void event_destroy(struct kobj *o);
/* Take the signal if it is there (auto reset: clear it). 1 when taken. */
int kobj_try_take(struct kobj *o);

#endif
