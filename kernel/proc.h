/*
 * proc.h: processes. A process is an address space (its own 16 KB first-level table,
 * kernel half shared), a handle table, its virtual memory regions (kernel/vmem.h) and its
 * threads. Apps are started from the ROM's table of contents: the text executes in
 * place from the ROM pages, .data is copied out, .bss zeroed, and the main thread
 * enters the image's _start(args, name) in user mode.
 *
 * The kernel process (pid 0) stands for the kernel itself: kernel threads belong to it,
 * kernel-mode drivers run in it and their handles live in its table; its address space
 * is the kernel's own table, whose user half is empty.
 *
 * A process ends when its last thread exits (ExitProcess kills the others first): its
 * handles are closed, its memory unmapped and freed, its tables freed, and its object
 * signaled; the object itself, with the exit code, lives until the last handle to it
 * is closed.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <stdint.h>

#include "list.h"
#include "mmu.h"
#include "object.h"
#include "rom.h"

#define PROC_NAME_MAX 24u
#define EXIT_CODE_STILL_ACTIVE 0x103u /* CE's STILL_ACTIVE */

struct thread;

struct process {
    struct kobj obj; /* signaled once the process is gone */
    uint32_t pid;
    char name[PROC_NAME_MAX];
    struct aspace *as; /* &own_as, or &kernel_as for the kernel process */
    struct aspace own_as;
    struct list_node threads; /* its own threads (thread.proc_link) */
    uint32_t nthreads;
    uint32_t visitors;            /* threads of other processes running in it (driver calls) */
    uint32_t exit_code;           /* EXIT_CODE_STILL_ACTIVE until the end */
    uint8_t exiting;              /* termination under way: no new threads */
    uint8_t dead;                 /* resources reclaimed */
    uint8_t is_host;              /* a driver host (kernel/reflect.c) */
    struct list_node regions;     /* virtual memory regions, by address (kernel/vm.c) */
    struct list_node free_stacks; /* driver host: stacks for calls into it */
    uint32_t bounce;              /* driver host: the copy policy's buffer (0: none) */
    uint32_t bounce_busy;         /* a call is using it */
    struct list_node link;        /* every process */
    struct handle_entry handles[HANDLE_MAX];
};

extern struct process kernel_process;

void proc_init(void);
/* A new process from the ROM app module `mod` with command line `args`, its main
 * thread ready (or suspended). 0, or an ERROR_* code (guest/include/cetypes.h). */
uint32_t process_create(const struct rom_module *mod, const char *args, int suspended,
                        struct process **pp, struct thread **tp);
/* An empty user process (a driver host) with its image `mod` loaded, no thread. */
struct process *process_create_host(const struct rom_module *mod);
/* The ROM app module named `name`, or NULL. */
const struct rom_module *process_find_image(const char *name);
/* Terminate p with `code`: every thread of it is killed, threads visiting it leave. */
void process_terminate(struct process *p, uint32_t code);

/* A user stack (VM_REGION_STACK, USER_STACK_COMMIT bytes committed): 0 and its top,
 * or an ERROR_* code; and its release. */
uint32_t process_stack_alloc(struct process *p, uint32_t *top);
void process_stack_free(struct process *p, uint32_t top);
/* Processes and threads alive (GetKernelStats). */
void process_counts(unsigned long *processes, unsigned long *threads);
/* A visiting thread left p (kernel/reflect.c): a terminated p may be reclaimed now. */
void process_visitor_left(struct process *p);

/* Bookkeeping of sched.c. */
void process_add_thread(struct process *p, struct thread *t);
void process_thread_exit(struct process *p, struct thread *t);
/* Destroy callback of kobj_put. */
void process_destroy(struct process *p);

#endif
