/*
 * intr.c: interrupt binding to events (see intr.h). Errors (GetLastError):
 * ERROR_INVALID_PARAMETER for an id that is no bindable line (or a bad pvData pointer),
 * ERROR_INVALID_HANDLE for a handle that names no event, ERROR_BUSY for a line bound
 * already, ERROR_ACCESS_DENIED for InterruptDone/Disable of a line another process
 * bound.
 */
#include "intr.h"

#include "board.h"
#include "ceddk.h"
#include "cetypes.h"
#include "irq.h"
#include "object.h"
#include "proc.h"
#include "syscalls.h"

/* The kernel's own lines. */
#define KERNEL_LINES ((1u << BOARD_IRQ_TIMER01) | (1u << BOARD_IRQ_UART0))

struct binding {
    struct kobj *event; /* NULL: unbound */
    struct process *owner;
    unsigned line;
};

static struct binding bindings[BOARD_IRQ_LINES];

/* The IRQ handler of a bound line: mask it until InterruptDone, wake the IST. */
static void intr_isr(void *opaque)
{
    struct binding *b = opaque;

    irq_mask(b->line);
    kobj_signal(b->event);
}

/* The line of a logical interrupt, or -1 when it cannot be bound. */
static int line_of(uint32_t sysintr)
{
    uint32_t line = sysintr - SYSINTR_FIRMWARE;

    if (sysintr < SYSINTR_FIRMWARE || line >= BOARD_IRQ_LINES || (KERNEL_LINES >> line) & 1u)
        return -1;
    return (int)line;
}

static void unbind(struct binding *b)
{
    irq_unregister(b->line);
    kobj_put(b->event);
    b->event = NULL;
    b->owner = NULL;
}

/* BOOL InterruptInitialize(DWORD idInt, HANDLE hEvent, LPVOID pvData, DWORD cbData). */
uint32_t sys_InterruptInitialize(struct sc *c)
{
    int line = line_of(c->a[0]);
    struct kobj *ev = handle_lookup(c->p, c->a[1], KOBJ_EVENT);
    struct binding *b;

    if (line < 0 || !sc_ptr_ok(c, c->a[2], c->a[3], 0))
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    if (!ev)
        return sc_fail(ERROR_INVALID_HANDLE, FALSE);
    b = &bindings[line];
    if (b->event)
        return sc_fail(ERROR_BUSY, FALSE);
    kobj_get(ev);
    b->event = ev;
    b->owner = c->p;
    b->line = (unsigned)line;
    irq_register(b->line, intr_isr, b);
    return TRUE;
}

/* The binding of c's idInt when the caller's process made it, else NULL (error set). */
static struct binding *own_binding(struct sc *c)
{
    int line = line_of(c->a[0]);

    if (line < 0 || !bindings[line].event) {
        sc_fail(ERROR_INVALID_PARAMETER, 0);
        return NULL;
    }
    if (bindings[line].owner != c->p) {
        sc_fail(ERROR_ACCESS_DENIED, 0);
        return NULL;
    }
    return &bindings[line];
}

/* void InterruptDone(DWORD idInt): the IST has serviced the device: unmask the line. */
uint32_t sys_InterruptDone(struct sc *c)
{
    struct binding *b = own_binding(c);

    if (b)
        irq_unmask(b->line);
    return 0;
}

/* void InterruptDisable(DWORD idInt): unbind. */
uint32_t sys_InterruptDisable(struct sc *c)
{
    struct binding *b = own_binding(c);

    if (b)
        unbind(b);
    return 0;
}

void intr_release_owner(struct process *p)
{
    for (unsigned i = 0; i < BOARD_IRQ_LINES; i++) {
        if (bindings[i].event && bindings[i].owner == p)
            unbind(&bindings[i]);
    }
}
