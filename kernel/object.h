/*
 * object.h: kernel objects and handles. Every object a handle can name (process,
 * thread, event, open device) starts with a `struct kobj`: its type, a reference count,
 * its signaled state and the threads waiting for it. Handles are per process: an index
 * into the process's table plus a generation, so a stale handle value is refused
 * rather than naming whatever took its slot.
 *
 * A reference is held by each handle, by a thread blocked on the object, and by
 * whoever else keeps a pointer (a process holds its threads' objects until they are
 * reaped, a bound interrupt its event). The object is destroyed at the last release.
 * Callers run with IRQs masked.
 */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include <stdint.h>

#include "list.h"

enum kobj_type {
    KOBJ_NONE,
    KOBJ_PROCESS,
    KOBJ_THREAD,
    KOBJ_EVENT,
    KOBJ_FILE, /* an open device (CreateFile) */
    KOBJ_TYPES
};

struct kobj {
    uint8_t type;
    uint8_t signaled;
    uint8_t manual; /* stays signaled when a wait is satisfied (else auto-reset) */
    uint8_t pad;
    uint32_t refs;
    struct list_node waiters; /* blocked threads, in arrival order (thread.link) */
};

/* Handle values: ((generation << HANDLE_GEN_SHIFT) | (index + 1)) << HANDLE_SHIFT. Never
 * 0, never one of the pseudo handles below. */
#define HANDLE_SHIFT 2u
#define HANDLE_INDEX_BITS 8u
#define HANDLE_GEN_SHIFT HANDLE_INDEX_BITS
#define HANDLE_GEN_MASK 0xFFFFu
#define HANDLE_MAX 64u /* per process */
/* GetCurrentProcess() and GetCurrentThread() (guest/include/ceapi.h). */
#define HANDLE_CURRENT_PROCESS 0xFFFFFFFFu
#define HANDLE_CURRENT_THREAD 0xFFFFFFFEu

struct handle_entry {
    struct kobj *obj;
    uint16_t gen;
};

struct process;

void kobj_init(struct kobj *o, enum kobj_type type, int manual);
void kobj_get(struct kobj *o);
/* Drop a reference; the last one destroys the object (by type). */
void kobj_put(struct kobj *o);
/* Signal: wake every waiter (manual reset) or hand the signal to the first one. */
void kobj_signal(struct kobj *o);

/* A new handle to `o` in p's table (takes a reference); 0 when the table is full. */
uint32_t handle_insert(struct process *p, struct kobj *o);
/* The object behind handle h of p, of type `type` (KOBJ_NONE: any), or NULL. Pseudo
 * handles name the current process and thread. No reference is taken. */
struct kobj *handle_lookup(struct process *p, uint32_t h, enum kobj_type type);
/* Close handle h of p: 0, or -1 when it names nothing. */
int handle_close(struct process *p, uint32_t h);
/* Close every handle of p (process exit). */
void handle_close_all(struct process *p);
/* Handles in use in p's table (leak checks). */
unsigned handle_count(const struct process *p);

#endif
