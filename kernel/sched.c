/*
 * sched.c: threads and the scheduler (see sched.h for the rules).
 *
 * The ready queue is one list ordered by priority, first in first out within a
 * priority, so the head is always the next to run. Timed waits sit on a second list
 * ordered by deadline, checked on each tick. A thread that exits cannot free the stack
 * it is running on: it goes on the dead list, and the next thread to run reaps it
 * (sched_switch_tail, right after every switch).
 *
 * All of it runs with IRQs masked.
 */
#include "sched.h"

#include <string.h>

#include "arm.h"
#include "cetypes.h"
#include "console.h"
#include "cp15.h"
#include "kernel.h"
#include "kheap.h"
#include "mmu.h"
#include "observe.h"
#include "proc.h"
#include "reflect.h"
#include "timer.h"

/* The first words kernel/switch.S pops off a switched-out thread's stack. */
struct switch_frame {
    uint32_t r3_r11[9]; /* r3 keeps the frame 8-byte aligned; r4, r5 carry arguments */
    uint32_t pc;
};
#define SF_R4 1
#define SF_R5 2
#define MS_PER_S 1000u

void kthread_start(void); /* kernel/switch.S */
void uthread_start(void);

struct thread *current;
static struct thread boot_thread;
static struct thread *idle_thread;
static struct list_node ready_q = LIST_INIT(ready_q);
static struct list_node timers = LIST_INIT(timers);
static struct list_node all_threads = LIST_INIT(all_threads);
static struct list_node dead = LIST_INIT(dead);
static int need_resched;
static uint32_t quantum_ticks = 1;
static uint32_t next_tid = 1;

uint32_t sched_ms_to_ticks(uint32_t ms)
{
    uint64_t t = ((uint64_t)ms * timer_hz() + MS_PER_S - 1u) / MS_PER_S; /* rounded up */

    return t >= TIMEOUT_INFINITE ? TIMEOUT_INFINITE - 1u : (uint32_t)t;
}

int sched_need_resched(void)
{
    return need_resched;
}

/* Behind every thread of higher or equal priority: round robin within a priority. */
static void ready_insert(struct thread *t)
{
    struct list_node *n;

    list_for_each(n, &ready_q)
    {
        if (list_entry(n, struct thread, link)->prio > t->prio)
            break;
    }
    list_insert_before(n, &t->link);
}

static void make_ready(struct thread *t)
{
    t->state = THREAD_READY;
    ready_insert(t);
    if (t->prio < current->prio)
        need_resched = 1;
}

static void timer_insert(struct thread *t)
{
    struct list_node *n;

    list_for_each(n, &timers)
    {
        if ((int32_t)(list_entry(n, struct thread, timer_link)->deadline - t->deadline) > 0)
            break;
    }
    list_insert_before(n, &t->timer_link);
}

void sched_wake(struct thread *t, uint32_t result)
{
    if (t->state != THREAD_BLOCKED)
        return;
    list_remove(&t->link);
    list_remove(&t->timer_link);
    t->wait_obj = NULL;
    t->wait_result = result;
    make_ready(t);
}

/* Free what dead threads left: their kernel stacks and the scheduler's reference. */
static void sched_switch_tail(void)
{
    while (!list_empty(&dead)) {
        struct thread *t = list_entry(dead.next, struct thread, link);
        list_remove(&t->link);
        kfree(t->kstack);
        t->kstack = NULL;
        kobj_put(&t->owner->obj);
        kobj_put(&t->obj);
    }
}

void kthread_switch_tail(void); /* the name switch.S calls */
void kthread_switch_tail(void)
{
    sched_switch_tail();
}

static void check_stack(const struct thread *t)
{
    if (t->kstack && t->kstack[0] != KSTACK_CANARY)
        kpanic("kernel stack overflow in thread %lu", (unsigned long)t->tid);
}

void schedule(void)
{
    struct thread *prev = current, *next;

    need_resched = 0;
    if (prev->state == THREAD_RUNNING && prev != idle_thread) {
        prev->state = THREAD_READY;
        ready_insert(prev);
    }
    next = list_empty(&ready_q) ? idle_thread : list_entry(ready_q.next, struct thread, link);
    if (next != idle_thread)
        list_remove(&next->link);
    next->state = THREAD_RUNNING;
    next->quantum = quantum_ticks;
    if (next == prev)
        return;
    check_stack(prev);
    if (next->active)
        as_switch(next->active->as);
    current = next;
    kinfo_thread(next);
    ctx_switch(&prev->ksp, next->ksp);
    sched_switch_tail();
}

void sched_yield(void)
{
    schedule();
}

/* Whether t's wait should end now: its user code's process is going away. */
static int wait_abandoned(const struct thread *t)
{
    if (!t->wait_user)
        return 0;
    if (t->upcall)
        return t->active && t->active->exiting; /* a visitor: its host dies */
    return t->kill_pending;
}

uint32_t sched_wait(struct kobj *o, uint32_t ticks, int user)
{
    struct thread *t = current;

    t->wait_user = (uint8_t)(user != 0);
    if (wait_abandoned(t))
        return WAIT_RESULT_KILLED;
    t->wait_obj = o;
    if (o) {
        kobj_get(o);
        list_add_tail(&o->waiters, &t->link);
    }
    if (ticks != TIMEOUT_INFINITE) {
        t->deadline = timer_ticks() + ticks;
        timer_insert(t);
    }
    t->state = THREAD_BLOCKED;
    schedule();
    if (o)
        kobj_put(o);
    return t->wait_result;
}

void sched_tick(void)
{
    uint32_t now = timer_ticks();

    while (!list_empty(&timers)) {
        struct thread *t = list_entry(timers.next, struct thread, timer_link);
        if ((int32_t)(t->deadline - now) > 0)
            break;
        sched_wake(t, WAIT_RESULT_TIMEOUT);
    }
    if (current == idle_thread || current->state != THREAD_RUNNING || --current->quantum)
        return;
    current->quantum = quantum_ticks;
    if (!list_empty(&ready_q) &&
        list_entry(ready_q.next, struct thread, link)->prio <= current->prio)
        need_resched = 1;
}

/* ---- creation ---- */

static struct thread *thread_alloc(struct process *owner, uint32_t prio)
{
    struct thread *t = kmalloc(sizeof(*t));
    uint32_t *stack = kmalloc(KSTACK_SIZE);

    if (!t || !stack) {
        kfree(t);
        kfree(stack);
        return NULL;
    }
    memset(t, 0, sizeof(*t));
    stack[0] = KSTACK_CANARY;
    t->kstack = stack;
    kobj_init(&t->obj, KOBJ_THREAD, 1);
    t->tid = next_tid++;
    t->prio = (uint16_t)prio;
    t->owner = owner;
    kobj_get(&owner->obj);
    list_init(&t->link);
    list_init(&t->timer_link);
    list_add_tail(&all_threads, &t->all_link);
    process_add_thread(owner, t);
    return t;
}

static struct switch_frame *stack_top_frame(struct thread *t, uint32_t below)
{
    uint32_t top = (uint32_t)t->kstack + KSTACK_SIZE - below;
    struct switch_frame *sf = (struct switch_frame *)(top - sizeof(struct switch_frame));

    memset(sf, 0, sizeof(*sf));
    t->ksp = (uint32_t)sf;
    return sf;
}

struct thread *thread_create_kernel(void (*fn)(void *), void *param, uint32_t prio, int suspended)
{
    struct thread *t = thread_alloc(&kernel_process, prio);
    struct switch_frame *sf;

    if (!t)
        return NULL;
    sf = stack_top_frame(t, 0);
    sf->r3_r11[SF_R4] = (uint32_t)fn;
    sf->r3_r11[SF_R5] = (uint32_t)param;
    sf->pc = (uint32_t)kthread_start;
    if (prio == PRIO_IDLE) {
        t->state = THREAD_READY; /* never queued: schedule() falls back on it */
    } else if (suspended) {
        t->state = THREAD_SUSPENDED;
        t->suspend = 1;
    } else {
        make_ready(t);
    }
    return t;
}

struct thread *thread_create_user(struct process *p, const struct trap_frame *uf, uint32_t prio,
                                  int suspended)
{
    struct thread *t = thread_alloc(p, prio);
    struct trap_frame *tf;

    if (!t)
        return NULL;
    t->active = p;
    tf = (struct trap_frame *)((uint32_t)t->kstack + KSTACK_SIZE - TF_SIZE);
    *tf = *uf;
    stack_top_frame(t, TF_SIZE)->pc = (uint32_t)uthread_start;
    if (suspended) {
        t->state = THREAD_SUSPENDED;
        t->suspend = 1;
    } else {
        make_ready(t);
    }
    return t;
}

uint32_t thread_resume(struct thread *t)
{
    uint32_t old = t->suspend;

    if (old == 0)
        return 0;
    if (--t->suspend == 0 && t->state == THREAD_SUSPENDED)
        make_ready(t);
    return old;
}

void thread_set_priority(struct thread *t, uint32_t prio)
{
    t->prio = (uint16_t)prio;
    if (t->state == THREAD_READY && t != idle_thread) {
        list_remove(&t->link);
        make_ready(t);
    }
    if (t == current && !list_empty(&ready_q) &&
        list_entry(ready_q.next, struct thread, link)->prio < prio)
        need_resched = 1;
}

/* ---- the end of threads ---- */

void thread_exit(uint32_t code)
{
    struct thread *t = current;

    t->exit_code = code;
    t->kill_pending = 0;
    process_thread_exit(t->owner, t); /* may tear the process down */
    t->state = THREAD_DEAD;
    list_remove(&t->all_link);
    list_add_tail(&dead, &t->link);
    kobj_signal(&t->obj);
    schedule();
    kpanic("a dead thread was scheduled");
}

/* A thread blocked in driver code (in a host, or kernel mode) is left to finish the
 * call: the wait is the driver's, not the dying process's. */
void thread_kill(struct thread *t)
{
    t->kill_pending = 1;
    if (t->state == THREAD_BLOCKED && wait_abandoned(t)) {
        sched_wake(t, WAIT_RESULT_KILLED);
    } else if (t->state == THREAD_SUSPENDED) {
        t->suspend = 0;
        make_ready(t);
    }
}

void sched_abandon_wait(struct thread *t)
{
    if (t->state == THREAD_BLOCKED && wait_abandoned(t))
        sched_wake(t, WAIT_RESULT_KILLED);
}

void sched_for_each_thread(void (*fn)(struct thread *t, void *ctx), void *ctx)
{
    struct list_node *n, *next;

    list_for_each_safe(n, next, &all_threads) fn(list_entry(n, struct thread, all_link), ctx);
}

void exc_exit_work(struct trap_frame *tf)
{
    int to_user = (tf->spsr & PSR_MODE_MASK) == PSR_MODE_USR;

    for (;;) {
        if (to_user)
            reflect_check_abort(); /* leaves a dying driver host at once */
        if (to_user && current->kill_pending && !current->upcall)
            thread_exit(current->owner->exit_code);
        if (need_resched && !(tf->spsr & PSR_I)) {
            schedule();
            continue;
        }
        return;
    }
}

/* ---- boot ---- */

/* Nothing to run: sleep until an interrupt. The wait is made with IRQs masked (it wakes
 * all the same), and the IRQ is taken right after they are unmasked, at the loop's
 * branch; its way out switches to whatever it woke. */
static void idle_loop(void *unused)
{
    (void)unused;
    for (;;) {
        arm_irq_save();
        if (!list_empty(&ready_q))
            schedule();
        cp15_wait_for_interrupt();
        arm_irq_enable();
    }
}

void sched_init(void)
{
    boot_thread.tid = next_tid++;
    boot_thread.prio = PRIO_DEFAULT;
    boot_thread.state = THREAD_RUNNING;
    boot_thread.owner = &kernel_process;
    kobj_init(&boot_thread.obj, KOBJ_THREAD, 1);
    kobj_get(&kernel_process.obj);
    list_init(&boot_thread.link);
    list_init(&boot_thread.timer_link);
    list_add_tail(&all_threads, &boot_thread.all_link);
    process_add_thread(&kernel_process, &boot_thread);
    current = &boot_thread;
    kinfo_thread(current);
    quantum_ticks = sched_ms_to_ticks(THREAD_QUANTUM_MS);
    if (quantum_ticks == 0)
        quantum_ticks = 1;
    idle_thread = thread_create_kernel(idle_loop, NULL, PRIO_IDLE, 0);
    if (!idle_thread)
        kpanic("no memory for the idle thread");
}

/* A kernel thread's function returned (kernel/switch.S): its result is the exit code. */
void kthread_return(uint32_t code) __attribute__((noreturn));
void kthread_return(uint32_t code)
{
    arm_irq_save();
    thread_exit(code);
}

/* The last reference to a thread object went (kernel/object.c); it was reaped. */
void thread_destroy(struct thread *t)
{
    if (t->state != THREAD_DEAD || t->kstack)
        kpanic("thread_destroy: thread %lu is not reaped", (unsigned long)t->tid);
    kfree(t);
}
