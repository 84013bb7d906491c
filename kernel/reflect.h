/*
 * reflect.h: calls into user-mode drivers (the reflector), by thread migration. The
 * calling thread itself enters the driver host process: the kernel switches to the
 * host's address space (K1), drops to user mode at the driver's entry point on a stack
 * of the host's, with the trampoline's upcall_return as return address; the entry's
 * `return` traps back (UpcallReturn), and the kernel switches back to the caller's
 * address space (K1 again: two switches per call, K2). While in the host the thread
 * uses the host's handles and memory (its `active` process), and may be preempted,
 * block, or call the kernel like any thread there.
 *
 * Buffers of DeviceIoControl are made visible in the host for the call by
 * kernel.reflector: `alias` (VirtualAllocCopyEx-style: the caller's pages mapped into
 * the host; with kernel.alias_uncache, uncached on both sides for the call, as CE 6 did
 * on VIVT caches) or `copy` (host pages, copied in through the host's page tables and
 * out through them after the switch back). Callers that are kernel code always get
 * `copy`.
 *
 * When the host dies during a call (the driver faulted or called ExitProcess), the call
 * is abandoned and fails; the host is reclaimed when its last visitor has left.
 */
#ifndef KERNEL_REFLECT_H
#define KERNEL_REFLECT_H

#include <stdint.h>

#define UPCALL_MAX_ARGS 8u
#define UPCALL_NO_ARG (-1)

struct process;

/* A DeviceIoControl buffer as the host sees it, and the caller's own address of it. */
struct reflect_buf {
    uint32_t host_va, app_va, len;
};

struct upcall_args {
    uint32_t entry;              /* user address of the function in the host */
    uint32_t a[UPCALL_MAX_ARGS]; /* its arguments */
    unsigned n;
    const void *blob; /* bytes copied onto the host stack; their address in a[blob_arg] */
    uint32_t blob_len;
    int blob_arg; /* UPCALL_NO_ARG: none */
    int out_arg;  /* a[out_arg] = address of a zeroed DWORD on the host stack,
                     read back into `out` after the call; UPCALL_NO_ARG: none */
    uint32_t out;
    uint32_t result; /* the function's result */
    struct reflect_buf bufs[2]; /* DeviceIoControl: the caller's buffers (user callers) */
    unsigned nbufs;
};

/* Run u->entry in host on the current thread; IRQs masked on entry and return. 0, or -1
 * (the host is dying or died during the call, or it has no stack for the call). */
int reflect_call(struct process *host, struct upcall_args *u);
/* Prepare a new host: its first call stack. 0, or -1 (no memory). */
int reflect_prepare_host(struct process *host);
/* Free the host's bookkeeping (its memory goes with the process). */
void reflect_release_host(struct process *host);
/* The marshaling helpers in user mode (spec/marshal.md O3, AA5): when [va, va + len)
 * of the host lies in a buffer of the DeviceIoControl the current thread serves, 0 and
 * the application's address of va; -1 when va is in none; -2 when the range starts in
 * one and runs past its end. */
int reflect_translate(uint32_t va, uint32_t len, uint32_t *app_va);
/* The current thread visits a dying host: abandon the call now (does not return then). */
void reflect_check_abort(void);

/* DeviceIoControl into a user-mode driver: the buffers made visible by the policy,
 * then IOControl(open_ctx, code, in', in_len, out', out_len, &actual). 0 with *ret (the
 * driver's BOOL) and *actual, or an ERROR_* code. Pointers are the caller's, checked. */
uint32_t reflect_ioctl(struct process *host, uint32_t entry, uint32_t open_ctx, uint32_t code,
                       uint32_t in, uint32_t in_len, uint32_t out, uint32_t out_len,
                       int kernel_caller, uint32_t *ret, uint32_t *actual);

#endif
