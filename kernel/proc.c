/*
 * proc.c: processes (see proc.h): creation from a ROM module, the image and main
 * thread set-up, termination and reclamation.
 *
 * Loading copies nothing through the process's own virtual addresses: the new address
 * space is not mapped, so .data and the command line go in through its page tables and
 * the kernel's RAM window (vm_process_pages, which keeps the VIVT cache coherent).
 */
#include "proc.h"

#include <stdio.h>
#include <string.h>

#include "arm.h"
#include "cetypes.h"
#include "console.h"
#include "intr.h"
#include "kernel.h"
#include "kheap.h"
#include "kmarshal.h"
#include "reflect.h"
#include "sched.h"
#include "toc.h"
#include "tramp.h"
#include "vmem.h"

#define STACK_ALIGN 8u /* AAPCS at a public interface */
#define WORD_ALIGN(x) (((x) + 3u) & ~3u)
#define USER_PSR PSR_MODE_USR /* IRQs and FIQs enabled, ARM state */

struct process kernel_process;
static struct list_node all_processes = LIST_INIT(all_processes);
static uint32_t next_pid = 1;

static void process_init_common(struct process *p, const char *name)
{
    kobj_init(&p->obj, KOBJ_PROCESS, 1);
    strncpy(p->name, name, PROC_NAME_MAX - 1);
    p->exit_code = EXIT_CODE_STILL_ACTIVE;
    list_init(&p->threads);
    list_init(&p->regions);
    list_init(&p->free_stacks);
    list_add_tail(&all_processes, &p->link);
}

void proc_init(void)
{
    process_init_common(&kernel_process, "kernel");
    kernel_process.pid = 0;
    kernel_process.as = &kernel_as;
}

void process_counts(unsigned long *processes, unsigned long *threads)
{
    struct list_node *n;

    *processes = *threads = 0;
    list_for_each(n, &all_processes)
    {
        struct process *p = list_entry(n, struct process, link);
        *processes += !p->dead;
        *threads += p->nthreads;
    }
}

/* A process with an empty address space and no regions; NULL when out of memory. */
static struct process *process_alloc(const char *name)
{
    struct process *p = kmalloc(sizeof(*p));

    if (!p)
        return NULL;
    memset(p, 0, sizeof(*p));
    if (as_create(&p->own_as) != 0) {
        kfree(p);
        return NULL;
    }
    p->as = &p->own_as;
    process_init_common(p, name);
    p->pid = next_pid++;
    return p;
}

const struct rom_module *process_find_image(const char *name)
{
    for (unsigned i = 0; i < rom_module_count(); i++) {
        const struct rom_module *m = rom_module_at(i);
        if (m->kind == ROM_MOD_APP && strcmp(m->name, name) == 0)
            return m;
    }
    return NULL;
}

/* ---- image ---- */

/* Where the image wants to run must be user space below the trampoline, and sane. */
static int image_ok(const struct rom_module *m)
{
    uint32_t text_end = m->text_va + PAGE_ROUND_UP(m->text_size);
    uint32_t data_end = m->data_va + PAGE_ROUND_UP(m->data_size + m->bss_size);

    if (m->text_size == 0 || m->text_va < VM_USER_BASE || text_end < m->text_va ||
        data_end < m->data_va || data_end > VM_USER_TRAMPOLINE || m->data_va < text_end)
        return 0;
    return m->kind == ROM_MOD_DRIVER || (m->entry >= m->text_va && m->entry < text_end);
}

static int copy_in_piece(void *kptr, uint32_t off, uint32_t len, void *ctx)
{
    memcpy(kptr, (const char *)ctx + off, len);
    return 0;
}

/* Text mapped in place from the ROM (read-only), data and bss on fresh pages. */
static uint32_t load_image(struct process *p, const struct rom_module *m)
{
    uint32_t text_pages = PAGE_ROUND_UP(m->text_size);
    uint32_t data_bytes = PAGE_ROUND_UP(m->data_size + m->bss_size);
    struct vm_region *r;
    uint32_t err;

    err = vm_reserve(p, m->text_va, m->data_va + data_bytes - m->text_va, VM_REGION_IMAGE,
                     PAGE_EXECUTE_READWRITE, 0, &r);
    if (!err)
        err = vm_map_physical(p, m->text_va, m->text_pa, text_pages, AP_USER_RO, ATTR_WRITEBACK);
    if (!err && data_bytes)
        err = vm_commit(p, m->data_va, data_bytes, PAGE_READWRITE);
    if (!err && m->data_size &&
        vm_process_pages(p, m->data_va, m->data_size, 1, copy_in_piece,
                         (void *)KERNEL_VA(m->data_pa)) != 0)
        err = ERROR_NOT_ENOUGH_MEMORY;
    return err;
}

/* The kernel's trampoline page, read-only and executable for user code. */
static uint32_t map_trampoline(struct process *p)
{
    struct vm_region *r;
    uint32_t err =
        vm_reserve(p, VM_USER_TRAMPOLINE, VM_PAGE_SIZE, VM_REGION_KERNEL, PAGE_EXECUTE_READ, 0, &r);

    if (!err)
        err = vm_map_physical(p, VM_USER_TRAMPOLINE, tramp_page_pa(), VM_PAGE_SIZE, AP_USER_RO,
                              ATTR_WRITEBACK);
    return err;
}

uint32_t process_stack_alloc(struct process *p, uint32_t *top)
{
    struct vm_region *r;
    uint32_t err = vm_reserve(p, 0, USER_STACK_RESERVE, VM_REGION_STACK, PAGE_READWRITE, 1, &r);

    if (err)
        return err;
    err = vm_commit(p, r->base + r->size - USER_STACK_COMMIT, USER_STACK_COMMIT, PAGE_READWRITE);
    if (err) {
        vm_release(p, r);
        return err;
    }
    *top = r->base + r->size;
    return 0;
}

void process_stack_free(struct process *p, uint32_t top)
{
    struct vm_region *r = vm_find(p, top - 1u);

    if (r && r->kind == VM_REGION_STACK)
        vm_release(p, r);
}

/* Copy a string onto the new stack below *sp, through p's tables; its address. */
static uint32_t push_string(struct process *p, uint32_t *sp, const char *s)
{
    uint32_t len = strlen(s) + 1;

    *sp -= WORD_ALIGN(len);
    if (vm_process_pages(p, *sp, len, 1, copy_in_piece, (void *)s) != 0)
        return 0;
    return *sp;
}

/* Main thread: _start(args, name) on a fresh stack, returning into ExitThread. */
static uint32_t start_main_thread(struct process *p, const struct rom_module *m, const char *args,
                                  int suspended, struct thread **tp)
{
    struct trap_frame uf;
    uint32_t top, sp, err = process_stack_alloc(p, &top);

    if (err)
        return err;
    memset(&uf, 0, sizeof(uf));
    sp = top;
    uf.r[0] = push_string(p, &sp, args);
    uf.r[1] = push_string(p, &sp, m->name);
    if (!uf.r[0] || !uf.r[1])
        return ERROR_NOT_ENOUGH_MEMORY;
    uf.sp = sp & ~(STACK_ALIGN - 1u);
    uf.lr = tramp_user_va(TRAMP_EXIT_THREAD);
    uf.pc = m->entry;
    uf.spsr = USER_PSR;
    *tp = thread_create_user(p, &uf, PRIO_DEFAULT, suspended);
    if (!*tp)
        return ERROR_NOT_ENOUGH_MEMORY;
    (*tp)->ustack = top;
    return 0;
}

/* Undo a creation that failed before any thread ran. */
static void process_discard(struct process *p)
{
    vm_release_all(p);
    as_destroy(p->as);
    p->dead = 1;
    list_remove(&p->link);
    kfree(p);
}

uint32_t process_create(const struct rom_module *mod, const char *args, int suspended,
                        struct process **pp, struct thread **tp)
{
    struct process *p;
    uint32_t err;

    if (!image_ok(mod))
        return ERROR_INVALID_PARAMETER;
    p = process_alloc(mod->name);
    if (!p)
        return ERROR_NOT_ENOUGH_MEMORY;
    err = load_image(p, mod);
    if (!err)
        err = map_trampoline(p);
    if (!err)
        err = start_main_thread(p, mod, args, suspended, tp);
    if (err) {
        process_discard(p);
        return err;
    }
    *pp = p;
    return 0;
}

struct process *process_create_host(const struct rom_module *mod)
{
    struct process *p;
    char name[PROC_NAME_MAX];

    if (!image_ok(mod))
        return NULL;
    snprintf(name, sizeof(name), "udevice:%s", mod->name);
    p = process_alloc(name);
    if (!p)
        return NULL;
    p->is_host = 1;
    if (load_image(p, mod) != 0 || map_trampoline(p) != 0) {
        process_discard(p);
        return NULL;
    }
    return p;
}

/* ---- threads ---- */

void process_add_thread(struct process *p, struct thread *t)
{
    list_add_tail(&p->threads, &t->proc_link);
    p->nthreads++;
}

/* Handles closed (drivers may run: the exiting thread is alive), interrupts unbound,
 * then memory and tables freed with the kernel's own table mapped. */
static void process_reclaim(struct process *p)
{
    handle_close_all(p);
    intr_release_owner(p);
    reflect_release_host(p);
    marshal_process_gone(p); /* driver unload: its live buffers are leaks (L1) */
    if (as_current() == p->as)
        as_switch(&kernel_as);
    vm_release_all(p);
    as_destroy(p->as);
    p->dead = 1;
    kobj_signal(&p->obj);
    kobj_put(&p->obj); /* the reference the process held on itself */
}

/* A process ends with its last thread; a driver host, which has no thread of its own
 * but its drivers' (ISTs), only when it was terminated and its last visitor is gone. */
static int ends_now(const struct process *p)
{
    return p->nthreads == 0 && p->visitors == 0 && (!p->is_host || p->exiting);
}

void process_thread_exit(struct process *p, struct thread *t)
{
    list_remove(&t->proc_link);
    p->nthreads--;
    if (p == &kernel_process)
        return;
    if (t->ustack && !ends_now(p))
        process_stack_free(p, t->ustack); /* else it goes with the process */
    if (ends_now(p)) {
        p->exiting = 1;
        if (p->exit_code == EXIT_CODE_STILL_ACTIVE)
            p->exit_code = t->exit_code;
        process_reclaim(p);
        t->active = NULL;
    }
}

void process_visitor_left(struct process *p)
{
    if (--p->visitors == 0 && p->exiting && p->nthreads == 0 && !p->dead)
        process_reclaim(p);
}

static void kill_own(struct thread *t, void *ctx)
{
    if (t->owner == ctx)
        thread_kill(t);
}

/* A visitor blocked in the dying host's code is woken; it leaves on its way out. */
static void wake_visitor(struct thread *t, void *ctx)
{
    if (t->active == ctx && t->owner != ctx)
        sched_abandon_wait(t);
}

void process_terminate(struct process *p, uint32_t code)
{
    if (p->exiting || p == &kernel_process)
        return;
    p->exiting = 1;
    p->exit_code = code;
    sched_for_each_thread(kill_own, p);
    sched_for_each_thread(wake_visitor, p);
    if (ends_now(p))
        process_reclaim(p);
}

void process_destroy(struct process *p)
{
    if (!p->dead || p == &kernel_process)
        kpanic("process_destroy: process %lu is alive", (unsigned long)p->pid);
    list_remove(&p->link);
    kfree(p);
}
