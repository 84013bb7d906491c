/*
 * syscall.c: the C half of the SWI vector. An `svc #CE_SYSCALL_SVC_IMM` is a system call:
 * number in r7, arguments in r0-r3 and on the caller's stack, result in r0
 * (kernel/abi/syscall.h); the table below is generated from CE_SYSCALL_LIST, so a new
 * number without a handler does not build. The caller is a user thread (SWI from user
 * mode) or kernel code (SWI from SVC mode: a kernel-mode driver using the same stubs),
 * which spec/marshal.md A2 trusts with kernel pointers.
 *
 * A semihosting SVC from user mode is refused (semihosting is the kernel's); from a
 * privileged mode it means the host does not implement semihosting at all, so the run
 * cannot end properly: say so and halt. Any other SWI kills a user process, and is a
 * panic in the kernel.
 *
 * IRQs stay masked while a system call runs, except around driver code.
 *
 * This file also holds the small calls that belong to no subsystem: DebugWrite,
 * GetTickCount, Get/SetLastError, CloseHandle, CacheRangeFlush, GetKernelStats.
 */
#include <stdint.h>

#include "arm.h"
#include "cache.h"
#include "cesim.h"
#include "cetypes.h"
#include "console.h"
#include "fault.h"
#include "kernel.h"
#include "kheap.h"
#include "mmu.h"
#include "observe.h"
#include "page.h"
#include "proc.h"
#include "sched.h"
#include "syscalls.h"
#include "timer.h"
#include "uaccess.h"

#define SEMIHOST_FAILED 0xFFFFFFFFu /* semihosting's error result (-1) */
#define STUB_SAVED_WORDS 2u         /* r7 and lr, pushed by the stub below the arguments */
#define REG_ARGS 4u
#define CACHE_SYNC_VALID 0x7Fu /* every CACHE_SYNC_* bit (L2 ones are accepted, no-ops) */

typedef uint32_t (*syscall_fn)(struct sc *c);

uint32_t sc_fail(uint32_t err, uint32_t ret)
{
    current->last_error = err;
    return ret;
}

int sc_ptr_ok(const struct sc *c, uint32_t va, uint32_t len, int write)
{
    return uaccess_ok(c->p, c->kernel, va, len, write);
}

int sc_stack_args(struct sc *c, unsigned n)
{
    uint32_t at = c->tf->sp + STUB_SAVED_WORDS * 4u;
    uint32_t len = (n - REG_ARGS) * 4u;

    if (n <= REG_ARGS)
        return 0;
    if (!sc_ptr_ok(c, at, len, 0))
        return -1;
    return copy_from_caller(c->kernel, &c->a[REG_ARGS], at, len);
}

/* ---- calls of no subsystem ---- */

/* HRESULT DebugWrite(LPCSTR, DWORD cb): E_ACCESSDENIED for a bad buffer (A1, A3). */
uint32_t sys_DebugWrite(struct sc *c)
{
    char chunk[64];
    uint32_t buf = c->a[0], len = c->a[1];

    if (!sc_ptr_ok(c, buf, len, 0))
        return (uint32_t)E_ACCESSDENIED;
    while (len > 0) {
        uint32_t n = len < sizeof(chunk) ? len : sizeof(chunk);
        if (copy_from_caller(c->kernel, chunk, buf, n) != 0)
            return (uint32_t)E_ACCESSDENIED;
        console_write(chunk, n);
        buf += n;
        len -= n;
    }
    return (uint32_t)S_OK;
}

uint32_t sys_GetTickCount(struct sc *c)
{
    (void)c;
    return timer_ms();
}

uint32_t sys_GetLastError(struct sc *c)
{
    (void)c;
    return current->last_error;
}

uint32_t sys_SetLastError(struct sc *c)
{
    current->last_error = c->a[0];
    return 0;
}

/* BOOL CloseHandle(HANDLE): ERROR_INVALID_HANDLE for a handle that names nothing. */
uint32_t sys_CloseHandle(struct sc *c)
{
    if (handle_close(c->p, c->a[0]) != 0)
        return sc_fail(ERROR_INVALID_HANDLE, FALSE);
    return TRUE;
}

/* void CacheRangeFlush(LPVOID pAddr, DWORD dwLength, DWORD dwFlags). The range must be
 * the caller's (A1, readable), or NULL and 0 for everything; a bad range or unknown flag
 * does nothing but set ERROR_INVALID_PARAMETER. */
uint32_t sys_CacheRangeFlush(struct sc *c)
{
    uint32_t addr = c->a[0], len = c->a[1], flags = c->a[2];

    if ((flags & ~CACHE_SYNC_VALID) || (!(addr == 0 && len == 0) && !sc_ptr_ok(c, addr, len, 0)))
        return sc_fail(ERROR_INVALID_PARAMETER, 0);
    cache_range_flush(addr, len, flags);
    return 0;
}

/* BOOL GetKernelStats(KERNEL_STATS *): ERROR_INVALID_PARAMETER for a bad pointer or
 * cbSize. */
uint32_t sys_GetKernelStats(struct sc *c)
{
    KERNEL_STATS st;
    struct kheap_stats hs;
    uint32_t p = c->a[0];

    if (!sc_ptr_ok(c, p, sizeof(st), 1) || copy_from_caller(c->kernel, &st.cbSize, p, 4) != 0 ||
        st.cbSize != sizeof(st))
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    kheap_get_stats(&hs);
    st.freePages = page_free_count();
    st.totalPages = page_total_count();
    st.kernelTablePages = mmu_kernel_table_pages();
    st.heapMappedBytes = hs.mapped_bytes;
    st.heapUsedBytes = hs.used_bytes;
    st.heapUsedBlocks = hs.used_blocks;
    st.addressSpaceSwitches = as_switch_count();
    process_counts(&st.processes, &st.threads);
    if (copy_to_caller(c->kernel, p, &st, sizeof(st)) != 0)
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    return TRUE;
}

/* ---- dispatch ---- */

static const syscall_fn syscall_table[SYS_COUNT] = {
#define SYSCALL_ENTRY(nr, name) [nr] = sys_##name,
    CE_SYSCALL_LIST(SYSCALL_ENTRY)
#undef SYSCALL_ENTRY
};

/* A call from user mode serves the calling process (kinfo SERVING), unless the thread
 * serves a caller already (a visitor in a driver host serves the application). Calls
 * that never return (ExitThread, UpcallReturn) leave it set: the thread is gone, or the
 * reflector restores its own state. */
static void serve_begin(struct process **saved, int kernel_caller)
{
    *saved = current->serve_proc;
    if (kernel_caller || *saved)
        return;
    current->serve_proc = current->active;
    kinfo_thread(current);
}

static void serve_end(struct process *saved)
{
    if (current->serve_proc == saved)
        return;
    current->serve_proc = saved;
    kinfo_thread(current);
}

static void syscall_dispatch(struct trap_frame *tf, int kernel_caller)
{
    uint32_t nr = tf->r[7];
    struct sc c = {.tf = tf, .kernel = kernel_caller};
    struct process *saved;

    c.p = kernel_caller ? &kernel_process : current->active;
    for (unsigned i = 0; i < REG_ARGS; i++)
        c.a[i] = tf->r[i];
    if (nr >= SYS_COUNT || !syscall_table[nr]) {
        tf->r[0] = sc_fail(ERROR_INVALID_FUNCTION, (uint32_t)E_NOTIMPL);
        return;
    }
    serve_begin(&saved, kernel_caller);
    tf->r[0] = syscall_table[nr](&c);
    serve_end(saved);
}

static void semihost_refused(struct trap_frame *tf)
{
    if ((tf->spsr & PSR_MODE_MASK) == PSR_MODE_USR) {
        tf->r[0] = SEMIHOST_FAILED;
        return;
    }
    kprintf("PANIC: semihosting call from the kernel reached the SWI vector: the host does "
            "not implement semihosting (QEMU needs -semihosting); halting\n");
    console_flush();
    kernel_halt();
}

void swi_handler(struct trap_frame *tf)
{
    int user = (tf->spsr & PSR_MODE_MASK) == PSR_MODE_USR;
    uint32_t insn = 0, imm;

    if ((tf->spsr & PSR_T) ||
        copy_from_caller(!user, &insn, tf->pc - ARM_INSN_SIZE, sizeof(insn)) != 0) {
        if (user)
            fault_kill_current(tf, EXC_KIND_SWI, tf->pc - ARM_INSN_SIZE, 0);
        panic_exception(tf, EXC_KIND_SWI); /* no Thumb code is built for cesim */
    }
    imm = insn & ARM_SWI_IMM_MASK;
    if (imm == CE_SYSCALL_SVC_IMM)
        syscall_dispatch(tf, !user);
    else if (imm == SEMIHOST_SVC_IMM)
        semihost_refused(tf);
    else if (user)
        fault_kill_current(tf, EXC_KIND_SWI, tf->pc - ARM_INSN_SIZE, 0);
    else
        panic_exception(tf, EXC_KIND_SWI);
}
