/*
 * sched.h: threads and the scheduler.
 *
 * Priorities 0 (highest) .. 255 as in CE; a thread runs until it blocks, yields, or a
 * thread of higher priority becomes ready, or its quantum (THREAD_QUANTUM_MS of the
 * SP804 tick) ends while another thread of its priority is ready (round robin). The
 * idle thread runs when nothing else can.
 *
 * Every thread has a kernel stack; user threads also run in user mode in a process.
 * `owner` is the process a thread belongs to (handles of its own, exit, kill); `active`
 * the process whose address space it runs in now, which differs while the thread visits
 * a driver host (kernel/reflect.c); NULL for a kernel thread, which runs with whatever
 * address space is mapped (spec/marshal.md K5).
 *
 * Locking: one CPU; kernel data is touched with IRQs masked. Kernel code never unmasks
 * IRQs except around driver code and in the idle loop, so an IRQ that arrives with IRQs
 * unmasked found preemptible code, and may switch threads on its way out.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdint.h>

#include "list.h"
#include "object.h"
#include "trap.h"

#define PRIO_HIGHEST 0u
#define PRIO_LOWEST 255u
#define PRIO_DEFAULT 251u /* CE's THREAD_PRIORITY_NORMAL */
#define PRIO_IDLE 256u    /* the idle thread only: below every real priority */
#define THREAD_QUANTUM_MS 10u
#define KSTACK_SIZE 8192u
#define KSTACK_CANARY 0x4B53544Bu /* "KSTK" at the stack's lowest word */

/* Results of sched_wait(): CE's WAIT_OBJECT_0, WAIT_TIMEOUT, and an abandoned wait (the
 * thread is being terminated). */
#define WAIT_RESULT_OBJECT 0x00000000u
#define WAIT_RESULT_TIMEOUT 0x00000102u
#define WAIT_RESULT_KILLED 0x00000080u
#define TIMEOUT_INFINITE 0xFFFFFFFFu

enum thread_state {
    THREAD_READY,
    THREAD_RUNNING,
    THREAD_BLOCKED,
    THREAD_SUSPENDED,
    THREAD_DEAD,
};

struct upcall;
struct process;

struct thread {
    struct kobj obj;  /* signaled when the thread has exited */
    uint32_t ksp;     /* saved kernel sp while switched out */
    uint32_t *kstack; /* kmalloc'd kernel stack (NULL: the boot stack) */
    struct process *owner;
    struct process *active;
    uint32_t tid;
    uint16_t prio;
    uint8_t state;
    uint8_t kill_pending;        /* terminate on the next return to its own user mode */
    uint8_t wait_user;           /* the current wait is user code's (may be abandoned) */
    uint32_t suspend;            /* suspend count */
    struct list_node link;       /* ready queue, or the waiters of an object */
    struct list_node timer_link; /* timed waits, by deadline */
    struct list_node proc_link;  /* owner's threads */
    struct list_node all_link;   /* every thread */
    struct kobj *wait_obj;
    uint32_t deadline; /* in ticks */
    uint32_t wait_result;
    uint32_t quantum; /* ticks left */
    uint32_t last_error;
    uint32_t exit_code;
    struct upcall *upcall; /* innermost driver call in progress (kernel/reflect.c) */
    uint32_t ustack;       /* user stack reservation made for it (0: none) */
    /* The caller it serves (spec/marshal.md section 3, K5): the process whose user
     * addresses a call it runs is about: set by a system call from user mode (its own
     * process, unless it serves one already) and by the reflector; NULL when it serves
     * nobody (a kernel thread: an IST, a worker). Mirrored into kinfo (cur_flags). */
    struct process *serve_proc;
    uint8_t serve_kernel; /* the driver call it runs was made by kernel code (A2) */
};

extern struct thread *current;

void sched_init(void);
/* A kernel thread running fn(param) in SVC mode with IRQs unmasked, suspended (resume
 * with thread_resume) or ready. NULL when out of memory. */
struct thread *thread_create_kernel(void (*fn)(void *), void *param, uint32_t prio, int suspended);
/* A user thread of p, first entering user mode with `uf` (r0-r3, sp, lr, pc, user
 * CPSR); suspended (resume with thread_resume) or ready. NULL when out of memory. */
struct thread *thread_create_user(struct process *p, const struct trap_frame *uf, uint32_t prio,
                                  int suspended);
/* Decrement the suspend count; the thread becomes ready at zero. Returns the old count. */
uint32_t thread_resume(struct thread *t);
void thread_set_priority(struct thread *t, uint32_t prio);
/* Leave for good: exit code, process reclamation when it is the last thread. */
void thread_exit(uint32_t code) __attribute__((noreturn));
/* Destroy callback of kobj_put (kernel/object.c). */
void thread_destroy(struct thread *t);
/* Ask t to terminate: it exits at its next return to its own user mode; a wait is cut
 * short. */
void thread_kill(struct thread *t);

/* Block on o (NULL: just time) for at most `ticks` (TIMEOUT_INFINITE: no limit);
 * returns a WAIT_RESULT_*. The caller checked o is not signaled yet. A wait made for
 * user code (`user`) is abandoned (WAIT_RESULT_KILLED) when the thread is being killed,
 * or when the driver host it visits dies; one made by kernel code (a kernel-mode driver,
 * the kernel itself) never is: that code may rely on the wait's end. */
uint32_t sched_wait(struct kobj *o, uint32_t ticks, int user);
/* End t's wait if it is one to abandon now (its host is dying). */
void sched_abandon_wait(struct thread *t);
/* Give the CPU to a ready thread of the same or higher priority, if any. */
void sched_yield(void);
/* Wake one blocked thread with a result (called by kobj_signal). */
void sched_wake(struct thread *t, uint32_t result);
/* Pick the next thread and switch to it. IRQs masked. */
void schedule(void);
/* The tick (timer IRQ): timeouts and quantum. */
void sched_tick(void);
int sched_need_resched(void);
uint32_t sched_ms_to_ticks(uint32_t ms);
/* Every thread, for process termination: fn(t, ctx) for each living one. */
void sched_for_each_thread(void (*fn)(struct thread *t, void *ctx), void *ctx);

/* The last thing an exception does before returning (kernel/vectors.S): act on a
 * pending kill or switch threads, when the interrupted code allows it. */
void exc_exit_work(struct trap_frame *tf);

/* kernel/switch.S */
void ctx_switch(uint32_t *save_ksp, uint32_t next_ksp);

#endif
