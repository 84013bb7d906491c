/*
 * event.c: events and waits: CreateEvent, SetEvent, ResetEvent, WaitForSingleObject
 * and Sleep. An event is a bare kernel object; its signaled state and waiter list are
 * the object's own (kernel/object.c). Timeouts count ticks of the SP804 tick, rounded
 * up, so a wait of N ms lasts at least N ms of GetTickCount.
 *
 * Errors (GetLastError): ERROR_INVALID_HANDLE for a handle that names nothing waitable
 * (or no event, for SetEvent and ResetEvent); ERROR_INVALID_PARAMETER for a named event
 * (names are not supported); ERROR_NOT_ENOUGH_MEMORY.
 */
#include "event.h"

#include "cetypes.h"
#include "kheap.h"
#include "proc.h"
#include "sched.h"
#include "syscalls.h"

struct kobj *event_create(int manual_reset, int initially_set)
{
    struct kobj *o = kmalloc(sizeof(*o));

    if (!o)
        return NULL;
    kobj_init(o, KOBJ_EVENT, manual_reset);
    o->signaled = initially_set != 0;
    return o;
}

void event_destroy(struct kobj *o)
{
    kfree(o);
}

int kobj_try_take(struct kobj *o)
{
    if (!o->signaled)
        return 0;
    if (!o->manual)
        o->signaled = 0;
    return 1;
}

/* HANDLE CreateEvent(LPSECURITY_ATTRIBUTES, BOOL bManualReset, BOOL bInitialState,
 * LPCTSTR lpName): NULL on failure. */
uint32_t sys_CreateEvent(struct sc *c)
{
    struct kobj *o;
    uint32_t h;

    if (c->a[3] != 0)
        return sc_fail(ERROR_INVALID_PARAMETER, 0);
    o = event_create(c->a[1] != 0, c->a[2] != 0);
    if (!o)
        return sc_fail(ERROR_NOT_ENOUGH_MEMORY, 0);
    h = handle_insert(c->p, o);
    kobj_put(o); /* the handle holds it now, or nothing does */
    return h ? h : sc_fail(ERROR_NOT_ENOUGH_MEMORY, 0);
}

/* BOOL SetEvent(HANDLE) */
uint32_t sys_SetEvent(struct sc *c)
{
    struct kobj *o = handle_lookup(c->p, c->a[0], KOBJ_EVENT);

    if (!o)
        return sc_fail(ERROR_INVALID_HANDLE, FALSE);
    kobj_signal(o);
    return TRUE;
}

/* BOOL ResetEvent(HANDLE) */
uint32_t sys_ResetEvent(struct sc *c)
{
    struct kobj *o = handle_lookup(c->p, c->a[0], KOBJ_EVENT);

    if (!o)
        return sc_fail(ERROR_INVALID_HANDLE, FALSE);
    o->signaled = 0;
    return TRUE;
}

static int waitable(const struct kobj *o)
{
    return o->type == KOBJ_EVENT || o->type == KOBJ_PROCESS || o->type == KOBJ_THREAD;
}

/* DWORD WaitForSingleObject(HANDLE, DWORD dwMilliseconds): WAIT_OBJECT_0, WAIT_TIMEOUT,
 * or WAIT_FAILED (bad handle: ERROR_INVALID_HANDLE; the thread is being terminated). */
uint32_t sys_WaitForSingleObject(struct sc *c)
{
    struct kobj *o = handle_lookup(c->p, c->a[0], KOBJ_NONE);
    uint32_t ms = c->a[1], r;

    if (!o || !waitable(o))
        return sc_fail(ERROR_INVALID_HANDLE, WAIT_FAILED);
    if (kobj_try_take(o))
        return WAIT_OBJECT_0;
    if (ms == 0)
        return WAIT_TIMEOUT;
    r = sched_wait(o, ms == INFINITE ? TIMEOUT_INFINITE : sched_ms_to_ticks(ms), !c->kernel);
    if (r == WAIT_RESULT_OBJECT)
        return WAIT_OBJECT_0;
    if (r == WAIT_RESULT_TIMEOUT)
        return WAIT_TIMEOUT;
    return sc_fail(ERROR_INVALID_HANDLE, WAIT_FAILED);
}

/* void Sleep(DWORD dwMilliseconds): 0 yields to threads of the same priority. */
uint32_t sys_Sleep(struct sc *c)
{
    uint32_t ms = c->a[0];

    if (ms == 0)
        sched_yield();
    else
        sched_wait(NULL, ms == INFINITE ? TIMEOUT_INFINITE : sched_ms_to_ticks(ms), !c->kernel);
    return 0;
}
