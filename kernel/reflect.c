/*
 * reflect.c: the reflector (see reflect.h). Per call: a host stack from the host's
 * pool, the arguments staged on it, the address-space switch, then upcall_enter()
 * (kernel/switch.S) drops to user mode and comes back when the entry returns into the
 * trampoline (UpcallReturn) or the call is abandoned.
 *
 * A host keeps one stack ready (made with the host), so a call allocates nothing; a
 * second concurrent call gets a stack of its own, freed when it returns. Likewise the
 * copy policy has a bounce buffer of BOUNCE_SIZE bytes per host for buffers that fit
 * (not cleared between calls: like CE's heap duplicates, its bytes past a call's
 * buffers are whatever an earlier call left); bigger or concurrent calls get fresh,
 * zeroed pages, freed after the call.
 */
#include "reflect.h"

#include <string.h>

#include "arm.h"
#include "cetypes.h"
#include "kernel.h"
#include "kheap.h"
#include "observe.h"
#include "proc.h"
#include "sched.h"
#include "syscalls.h"
#include "toc.h"
#include "tramp.h"
#include "uaccess.h"
#include "vmem.h"

#define REG_ARGS 4u
#define STACK_ALIGN 8u
#define ALIGN8(x) (((x) + STACK_ALIGN - 1u) & ~(STACK_ALIGN - 1u))
#define IOCTL_ARGS 7u
#define IOCTL_ARG_ACTUAL 6
#define BOUNCE_SIZE (4u * VM_PAGE_SIZE)

_Static_assert(TF_SIZE == 18 * 4, "kernel/switch.S copies the frame as 18 words");

/* One call in progress, on the kernel stack of the thread making it. */
struct upcall {
    uint32_t ksp; /* upcall_enter's saved context */
    struct process *host;
    struct process *prev; /* the thread's active process before the call */
    struct upcall *outer;
    const struct upcall_args *args; /* its buffers, for the marshaling helpers */
    int aborted;
};

struct host_stack {
    struct list_node link;
    uint32_t top;
};

uint32_t upcall_enter(uint32_t *save_ksp, const struct trap_frame *uf); /* switch.S */
void upcall_leave(uint32_t ksp, uint32_t result) __attribute__((noreturn));

static int policy_alias = 1; /* kernel.reflector = alias (else copy) */

static void read_settings(void)
{
    const char *r = kernel_setting("reflector");

    policy_alias = !(r && strcmp(r, "copy") == 0);
}

/* ---- host stacks ---- */

static struct host_stack *stack_new(struct process *host)
{
    struct host_stack *s = kmalloc(sizeof(*s));

    if (!s)
        return NULL;
    if (process_stack_alloc(host, &s->top) != 0) {
        kfree(s);
        return NULL;
    }
    return s;
}

int reflect_prepare_host(struct process *host)
{
    struct host_stack *s;
    struct vm_region *r;

    read_settings();
    s = stack_new(host);
    if (!s)
        return -1;
    list_add_tail(&host->free_stacks, &s->link);
    if (vm_reserve(host, 0, BOUNCE_SIZE, VM_REGION_ALLOC, PAGE_READWRITE, 0, &r) != 0)
        return -1;
    host->bounce = r->base;
    return vm_commit(host, r->base, BOUNCE_SIZE, PAGE_READWRITE) == 0 ? 0 : -1;
}

static struct host_stack *stack_get(struct process *host)
{
    struct host_stack *s;

    if (list_empty(&host->free_stacks))
        return stack_new(host);
    s = list_entry(host->free_stacks.next, struct host_stack, link);
    list_remove(&s->link);
    return s;
}

/* Keep one stack ready; free the others. */
static void stack_put(struct process *host, struct host_stack *s)
{
    if (!list_empty(&host->free_stacks) && !host->dead) {
        process_stack_free(host, s->top);
        kfree(s);
        return;
    }
    list_add_tail(&host->free_stacks, &s->link);
}

void reflect_release_host(struct process *host)
{
    while (!list_empty(&host->free_stacks)) {
        struct host_stack *s = list_entry(host->free_stacks.next, struct host_stack, link);
        list_remove(&s->link);
        kfree(s);
    }
}

/* ---- the call ---- */

/* Blob, out DWORD and stack arguments below *sp, in the host (mapped now). 0 or -1. */
static int stage_args(struct upcall_args *u, uint32_t *sp, uint32_t *out_at)
{
    const uint32_t zero = 0;
    uint32_t n_stack = u->n > REG_ARGS ? u->n - REG_ARGS : 0;

    if (u->blob_arg != UPCALL_NO_ARG) {
        *sp -= ALIGN8(u->blob_len);
        if (uaccess_copy_to_user(*sp, u->blob, u->blob_len) != 0)
            return -1;
        u->a[u->blob_arg] = *sp;
    }
    if (u->out_arg != UPCALL_NO_ARG) {
        *sp -= STACK_ALIGN;
        if (uaccess_copy_to_user(*sp, &zero, sizeof(zero)) != 0)
            return -1;
        u->a[u->out_arg] = *out_at = *sp;
    }
    *sp -= ALIGN8(n_stack * 4u);
    return uaccess_copy_to_user(*sp, &u->a[REG_ARGS], n_stack * 4u);
}

static void enter_host(struct upcall_args *u, struct upcall *up, uint32_t sp, uint32_t out_at)
{
    struct trap_frame uf;

    memset(&uf, 0, sizeof(uf));
    for (unsigned i = 0; i < REG_ARGS; i++)
        uf.r[i] = u->a[i];
    uf.sp = sp;
    uf.lr = tramp_user_va(TRAMP_UPCALL_RETURN);
    uf.pc = u->entry;
    uf.spsr = PSR_MODE_USR;
    u->result = upcall_enter(&up->ksp, &uf);
    if (!up->aborted && u->out_arg != UPCALL_NO_ARG &&
        uaccess_copy_from_user(&u->out, out_at, sizeof(u->out)) != 0)
        up->aborted = 1;
}

int reflect_call(struct process *host, struct upcall_args *u)
{
    struct thread *t = current;
    struct upcall up = {.host = host, .prev = t->active, .outer = t->upcall, .args = u};
    struct process *served = t->serve_proc;
    struct host_stack *hs;
    uint32_t sp, out_at = 0;

    if (host->exiting || host->dead || u->n > UPCALL_MAX_ARGS)
        return -1;
    hs = stack_get(host);
    if (!hs)
        return -1;
    host->visitors++;
    t->upcall = &up;
    t->active = host;
    if (!served)
        t->serve_proc = host; /* a kernel thread calling in serves the host's code */
    as_switch(host->as); /* K1, K2: the first of two switches */
    kinfo_thread(t);
    sp = hs->top;
    if (stage_args(u, &sp, &out_at) == 0)
        enter_host(u, &up, sp, out_at);
    else
        up.aborted = 1;
    t->upcall = up.outer;
    t->active = up.prev;
    t->serve_proc = served;
    as_switch(up.prev ? up.prev->as : &kernel_as); /* K1, K2: and back */
    kinfo_thread(t);
    stack_put(host, hs);
    process_visitor_left(host);
    return up.aborted ? -1 : 0;
}

int reflect_translate(uint32_t va, uint32_t len, uint32_t *app_va)
{
    const struct upcall *up = current->upcall;

    if (!up || current->active != up->host || !up->args)
        return -1;
    for (unsigned i = 0; i < up->args->nbufs; i++) {
        const struct reflect_buf *b = &up->args->bufs[i];
        if (va < b->host_va || va - b->host_va >= b->len)
            continue;
        if (len > b->len - (va - b->host_va))
            return -2; /* starts in the buffer, runs past its end */
        *app_va = b->app_va + (va - b->host_va);
        return 0;
    }
    return -1;
}

void reflect_check_abort(void)
{
    struct upcall *u = current->upcall;

    if (!u || !u->host->exiting)
        return;
    u->aborted = 1;
    upcall_leave(u->ksp, 0);
}

/* The trampoline's return from a driver entry: its r0 goes back to reflect_call. */
uint32_t sys_UpcallReturn(struct sc *c)
{
    struct upcall *u = current->upcall;

    if (c->kernel || !u || current->active != u->host)
        return sc_fail(ERROR_INVALID_FUNCTION, 0);
    upcall_leave(u->ksp, c->a[0]);
}

/* ---- DeviceIoControl buffers ---- */

struct buffers {
    uint32_t in, out;       /* as the host sees them (0 when empty) */
    struct vm_region *copy; /* copy policy: fresh host pages holding both */
    int bounce;             /* copy policy: the host's bounce buffer holds both */
};

struct piece_ctx {
    int kernel;
    uint32_t caller_ptr;
};

static int piece_in(void *kptr, uint32_t off, uint32_t len, void *ctx)
{
    struct piece_ctx *pc = ctx;

    return copy_from_caller(pc->kernel, kptr, pc->caller_ptr + off, len);
}

static int piece_out(void *kptr, uint32_t off, uint32_t len, void *ctx)
{
    struct piece_ctx *pc = ctx;

    return copy_to_caller(pc->kernel, pc->caller_ptr + off, kptr, len);
}

static void buffers_release(struct process *host, struct buffers *b)
{
    struct vm_region *r;

    if (b->bounce) {
        host->bounce_busy = 0;
        return;
    }
    if (b->copy) {
        vm_release(host, b->copy);
        return;
    }
    if (b->in && (r = vm_find(host, b->in)) != NULL)
        vm_release(host, r);
    if (b->out && (r = vm_find(host, b->out)) != NULL)
        vm_release(host, r);
}

/* Alias policy: the caller's pages themselves, mapped into the host. */
static uint32_t buffers_alias(struct process *host, uint32_t in, uint32_t in_len, uint32_t out,
                              uint32_t out_len, struct buffers *b)
{
    struct process *caller = current->active;
    uint32_t err = 0;

    if (in_len)
        err = vm_alias(caller, in, in_len, host, PAGE_READONLY, vm_alias_uncache(), &b->in);
    if (!err && out_len)
        err = vm_alias(caller, out, out_len, host, PAGE_READWRITE, vm_alias_uncache(), &b->out);
    if (err)
        buffers_release(host, b);
    return err;
}

/* Copy policy: host pages, filled through the host's tables. The out buffer is copied
 * in too, so bytes the driver does not write keep their value after the copy back. */
static uint32_t buffers_copy(struct process *host, uint32_t in, uint32_t in_len, uint32_t out,
                             uint32_t out_len, int kernel, struct buffers *b)
{
    uint32_t in_span = PAGE_ROUND_UP(in_len), span = in_span + PAGE_ROUND_UP(out_len), base;
    struct piece_ctx pin = {kernel, in}, pout = {kernel, out};
    uint32_t err = 0;

    if (in_len + out_len == 0)
        return 0;
    if (span <= BOUNCE_SIZE && host->bounce && !host->bounce_busy) {
        host->bounce_busy = 1;
        b->bounce = 1;
        base = host->bounce;
    } else {
        err = vm_reserve(host, 0, span, VM_REGION_ALLOC, PAGE_READWRITE, 0, &b->copy);
        if (err)
            return err;
        base = b->copy->base;
        err = vm_commit(host, base, span, PAGE_READWRITE);
    }
    b->in = in_len ? base : 0;
    b->out = out_len ? base + in_span : 0;
    if (!err && (vm_process_pages(host, b->in, in_len, 1, piece_in, &pin) != 0 ||
                 vm_process_pages(host, b->out, out_len, 1, piece_in, &pout) != 0))
        err = ERROR_INVALID_PARAMETER; /* A3: the caller's buffer faulted */
    if (err)
        buffers_release(host, b);
    return err;
}

uint32_t reflect_ioctl(struct process *host, uint32_t entry, uint32_t open_ctx, uint32_t code,
                       uint32_t in, uint32_t in_len, uint32_t out, uint32_t out_len,
                       int kernel_caller, uint32_t *ret, uint32_t *actual)
{
    struct upcall_args u = {
        .entry = entry, .n = IOCTL_ARGS, .blob_arg = UPCALL_NO_ARG, .out_arg = IOCTL_ARG_ACTUAL};
    struct buffers b = {0, 0, NULL, 0};
    struct piece_ctx pout = {kernel_caller, out};
    int alias = policy_alias && !kernel_caller;
    uint32_t err;

    if (host->exiting || host->dead)
        return ERROR_GEN_FAILURE; /* the host died: the device is gone */
    err = alias ? buffers_alias(host, in, in_len, out, out_len, &b)
                : buffers_copy(host, in, in_len, out, out_len, kernel_caller, &b);
    if (err)
        return err;
    if (!kernel_caller) { /* where the marshaling helpers find the caller's bytes */
        if (in_len)
            u.bufs[u.nbufs++] = (struct reflect_buf){b.in, in, in_len};
        if (out_len)
            u.bufs[u.nbufs++] = (struct reflect_buf){b.out, out, out_len};
    }
    u.a[0] = open_ctx;
    u.a[1] = code;
    u.a[2] = b.in;
    u.a[3] = in_len;
    u.a[4] = b.out;
    u.a[5] = out_len;
    if (reflect_call(host, &u) != 0)
        err = ERROR_GEN_FAILURE; /* the host died */
    else if (!alias && out_len && vm_process_pages(host, b.out, out_len, 0, piece_out, &pout) != 0)
        err = ERROR_INVALID_PARAMETER; /* A3: the copy back faulted */
    if (!host->dead)
        buffers_release(host, &b);
    *ret = u.result;
    *actual = u.out;
    return err;
}
