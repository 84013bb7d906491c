/*
 * object.c: reference counting, signaling and per-process handle tables (see
 * object.h). Destruction is by type: each kind of object has its destroy function in
 * the table below.
 */
#include "object.h"

#include "devmgr.h"
#include "event.h"
#include "kernel.h"
#include "proc.h"
#include "sched.h"

static void destroy_process(struct kobj *o)
{
    process_destroy((struct process *)o);
}

static void destroy_thread(struct kobj *o)
{
    thread_destroy((struct thread *)o);
}

static void (*const destroy[KOBJ_TYPES])(struct kobj *o) = {
    [KOBJ_PROCESS] = destroy_process,
    [KOBJ_THREAD] = destroy_thread,
    [KOBJ_EVENT] = event_destroy,
    [KOBJ_FILE] = devmgr_file_destroy,
};

void kobj_init(struct kobj *o, enum kobj_type type, int manual)
{
    o->type = (uint8_t)type;
    o->signaled = 0;
    o->manual = (uint8_t)manual;
    o->refs = 1;
    list_init(&o->waiters);
}

void kobj_get(struct kobj *o)
{
    o->refs++;
}

void kobj_put(struct kobj *o)
{
    if (o->refs == 0)
        kpanic("kobj_put: object %p of type %u has no reference", (void *)o, o->type);
    if (--o->refs == 0 && destroy[o->type])
        destroy[o->type](o);
}

void kobj_signal(struct kobj *o)
{
    o->signaled = 1;
    while (o->signaled && !list_empty(&o->waiters)) {
        struct thread *t = list_entry(o->waiters.next, struct thread, link);
        if (!o->manual)
            o->signaled = 0; /* auto reset: the signal goes to this one waiter */
        sched_wake(t, WAIT_RESULT_OBJECT);
    }
}

/* ---- handles ---- */

static uint32_t handle_value(uint32_t index, uint32_t gen)
{
    return ((gen << HANDLE_GEN_SHIFT) | (index + 1u)) << HANDLE_SHIFT;
}

uint32_t handle_insert(struct process *p, struct kobj *o)
{
    for (uint32_t i = 0; i < HANDLE_MAX; i++) {
        struct handle_entry *e = &p->handles[i];
        if (e->obj)
            continue;
        e->obj = o;
        e->gen = (uint16_t)((e->gen + 1u) & HANDLE_GEN_MASK);
        kobj_get(o);
        return handle_value(i, e->gen);
    }
    return 0;
}

/* The table entry handle h names in p, or NULL. */
static struct handle_entry *entry_of(struct process *p, uint32_t h)
{
    uint32_t index = ((h >> HANDLE_SHIFT) & ((1u << HANDLE_INDEX_BITS) - 1u)) - 1u;
    struct handle_entry *e;

    if (index >= HANDLE_MAX)
        return NULL;
    e = &p->handles[index];
    if (!e->obj || handle_value(index, e->gen) != h)
        return NULL;
    return e;
}

struct kobj *handle_lookup(struct process *p, uint32_t h, enum kobj_type type)
{
    struct kobj *o;
    struct handle_entry *e;

    if (h == HANDLE_CURRENT_PROCESS) {
        o = &p->obj;
    } else if (h == HANDLE_CURRENT_THREAD) {
        o = &current->obj;
    } else {
        e = entry_of(p, h);
        o = e ? e->obj : NULL;
    }
    if (!o || (type != KOBJ_NONE && o->type != type))
        return NULL;
    return o;
}

int handle_close(struct process *p, uint32_t h)
{
    struct handle_entry *e = entry_of(p, h);
    struct kobj *o;

    if (!e)
        return -1;
    o = e->obj;
    e->obj = NULL; /* before the release, which may run driver code */
    kobj_put(o);
    return 0;
}

void handle_close_all(struct process *p)
{
    for (uint32_t i = 0; i < HANDLE_MAX; i++) {
        struct kobj *o = p->handles[i].obj;
        if (!o)
            continue;
        p->handles[i].obj = NULL;
        kobj_put(o);
    }
}

unsigned handle_count(const struct process *p)
{
    unsigned n = 0;

    for (uint32_t i = 0; i < HANDLE_MAX; i++)
        n += p->handles[i].obj != NULL;
    return n;
}
