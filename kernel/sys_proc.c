/*
 * sys_proc.c: the process and thread system calls. Errors (GetLastError):
 *   ERROR_INVALID_PARAMETER  a bad pointer (A1; a fault while copying, A3), string too
 *                            long, unknown flag, priority out of range, a call kernel
 *                            code may not make
 *   ERROR_INVALID_HANDLE     a handle that names no process (thread)
 *   ERROR_FILE_NOT_FOUND     CreateProcess of a name the ROM has no app for
 *   ERROR_NOT_ENOUGH_MEMORY  out of pages, heap or handles
 *   ERROR_ACCESS_DENIED      TerminateProcess of the kernel process
 */
#include <string.h>

#include "cetypes.h"
#include "kernel.h"
#include "proc.h"
#include "reflect.h"
#include "sched.h"
#include "syscalls.h"
#include "tramp.h"
#include "uaccess.h"

#define CREATE_PROCESS_ARGS 10u
#define CP_IMAGE 0
#define CP_CMDLINE 1
#define CP_FLAGS 5
#define CP_PROCINFO 9
#define CREATE_THREAD_ARGS 6u
#define CT_FN 2
#define CT_PARAM 3
#define CT_FLAGS 4
#define CT_TID 5
#define THREAD_PRIORITY_ERROR_RETURN 0x7FFFFFFFu
#define USER_PSR PSR_MODE_USR

/* void ExitProcess(UINT): ends the calling process (a driver calling it in its host ends
 * the host, and its caller gets an error). Kernel code may not call it. */
uint32_t sys_ExitProcess(struct sc *c)
{
    if (c->kernel)
        return sc_fail(ERROR_INVALID_PARAMETER, 0);
    process_terminate(c->p, c->a[0]);
    reflect_check_abort();
    thread_exit(c->p->exit_code);
}

/* void ExitThread(DWORD): not from a thread visiting a driver host. */
uint32_t sys_ExitThread(struct sc *c)
{
    if (current->upcall)
        return sc_fail(ERROR_INVALID_PARAMETER, 0);
    thread_exit(c->a[0]);
}

static int free_handles(const struct process *p)
{
    return (int)(HANDLE_MAX - handle_count(p));
}

/* Copy a caller's string (NULL gives "" when allowed): 0, or -1. */
static int fetch_string(const struct sc *c, uint32_t src, char *dst, uint32_t size, int null_ok)
{
    if (src == 0 && null_ok) {
        dst[0] = '\0';
        return 0;
    }
    return strncpy_from_caller(c->kernel, dst, src, size) < 0 ? -1 : 0;
}

/* Handles and ids into *pi (when the caller gave one). */
static uint32_t report_process(struct sc *c, uint32_t pi_ptr, struct process *p, struct thread *t)
{
    PROCESS_INFORMATION pi;

    if (pi_ptr == 0)
        return TRUE;
    pi.hProcess = (HANDLE)handle_insert(c->p, &p->obj);
    pi.hThread = (HANDLE)handle_insert(c->p, &t->obj);
    pi.dwProcessId = p->pid;
    pi.dwThreadId = t->tid;
    if (copy_to_caller(c->kernel, pi_ptr, &pi, sizeof(pi)) != 0) {
        handle_close(c->p, (uint32_t)pi.hProcess);
        handle_close(c->p, (uint32_t)pi.hThread);
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    }
    return TRUE;
}

/* BOOL CreateProcess(LPCTSTR image, LPTSTR cmdline, psaProcess, psaThread, bInherit,
 * DWORD flags, pvEnvironment, pszCurDir, psiStartInfo, LPPROCESS_INFORMATION): image is
 * a ROM app's name; flags: 0 or CREATE_SUSPENDED; pi may be NULL. */
uint32_t sys_CreateProcess(struct sc *c)
{
    char image[ROM_NAME_MAX], args[ROM_ARGS_MAX];
    const struct rom_module *mod;
    struct process *p;
    struct thread *t;
    uint32_t err, pi_ptr, flags;

    if (sc_stack_args(c, CREATE_PROCESS_ARGS) != 0)
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    pi_ptr = c->a[CP_PROCINFO];
    flags = c->a[CP_FLAGS];
    if (fetch_string(c, c->a[CP_IMAGE], image, sizeof(image), 0) != 0 ||
        fetch_string(c, c->a[CP_CMDLINE], args, sizeof(args), 1) != 0 ||
        (flags & ~CREATE_SUSPENDED) ||
        (pi_ptr && !sc_ptr_ok(c, pi_ptr, sizeof(PROCESS_INFORMATION), 1)))
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    mod = process_find_image(image);
    if (!mod)
        return sc_fail(ERROR_FILE_NOT_FOUND, FALSE);
    if (pi_ptr && free_handles(c->p) < 2)
        return sc_fail(ERROR_NOT_ENOUGH_MEMORY, FALSE);
    err = process_create(mod, args, (flags & CREATE_SUSPENDED) != 0, &p, &t);
    if (err)
        return sc_fail(err, FALSE);
    return report_process(c, pi_ptr, p, t);
}

/* BOOL TerminateProcess(HANDLE, DWORD exit code). */
uint32_t sys_TerminateProcess(struct sc *c)
{
    struct kobj *o = handle_lookup(c->p, c->a[0], KOBJ_PROCESS);
    struct process *p = (struct process *)o;

    if (!o)
        return sc_fail(ERROR_INVALID_HANDLE, FALSE);
    if (p == &kernel_process)
        return sc_fail(ERROR_ACCESS_DENIED, FALSE);
    process_terminate(p, c->a[1]);
    if (p == current->active && !c->kernel) {
        reflect_check_abort();
        thread_exit(p->exit_code);
    }
    return TRUE;
}

/* Write a DWORD result through a caller's pointer checked by the caller of this. */
static uint32_t put_dword(struct sc *c, uint32_t ptr, uint32_t v)
{
    if (copy_to_caller(c->kernel, ptr, &v, sizeof(v)) != 0)
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    return TRUE;
}

/* BOOL GetExitCodeProcess(HANDLE, LPDWORD): STILL_ACTIVE until the process is gone. */
uint32_t sys_GetExitCodeProcess(struct sc *c)
{
    struct process *p = (struct process *)handle_lookup(c->p, c->a[0], KOBJ_PROCESS);

    if (!sc_ptr_ok(c, c->a[1], sizeof(DWORD), 1) || c->a[1] == 0)
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    if (!p)
        return sc_fail(ERROR_INVALID_HANDLE, FALSE);
    return put_dword(c, c->a[1], p->dead ? p->exit_code : STILL_ACTIVE);
}

/* A user thread of c->p at fn(param), on a fresh stack, returning into ExitThread. */
static struct thread *new_user_thread(struct sc *c, uint32_t fn, uint32_t param, int suspended)
{
    struct trap_frame uf;
    struct thread *t;
    uint32_t top;

    if (process_stack_alloc(c->p, &top) != 0)
        return NULL;
    memset(&uf, 0, sizeof(uf));
    uf.r[0] = param;
    uf.sp = top;
    uf.lr = tramp_user_va(TRAMP_EXIT_THREAD);
    uf.pc = fn;
    uf.spsr = USER_PSR;
    t = thread_create_user(c->p, &uf, PRIO_DEFAULT, suspended);
    if (!t) {
        process_stack_free(c->p, top);
        return NULL;
    }
    t->ustack = top;
    return t;
}

/* HANDLE CreateThread(lpsa, cbStack, LPTHREAD_START_ROUTINE, LPVOID, DWORD flags,
 * LPDWORD lpThreadId): NULL on failure. From kernel code: a kernel thread. */
uint32_t sys_CreateThread(struct sc *c)
{
    uint32_t fn, tid_ptr, flags, h;
    struct thread *t;

    if (sc_stack_args(c, CREATE_THREAD_ARGS) != 0)
        return sc_fail(ERROR_INVALID_PARAMETER, 0);
    fn = c->a[CT_FN];
    flags = c->a[CT_FLAGS];
    tid_ptr = c->a[CT_TID];
    if (fn == 0 || (flags & ~CREATE_SUSPENDED) || (!c->kernel && fn >= VM_USER_END) ||
        (tid_ptr && !sc_ptr_ok(c, tid_ptr, sizeof(DWORD), 1)) || c->p->exiting)
        return sc_fail(ERROR_INVALID_PARAMETER, 0);
    if (free_handles(c->p) < 1)
        return sc_fail(ERROR_NOT_ENOUGH_MEMORY, 0);
    if (c->kernel)
        t = thread_create_kernel((void (*)(void *))fn, (void *)c->a[CT_PARAM], PRIO_DEFAULT,
                                 (flags & CREATE_SUSPENDED) != 0);
    else
        t = new_user_thread(c, fn, c->a[CT_PARAM], (flags & CREATE_SUSPENDED) != 0);
    if (!t)
        return sc_fail(ERROR_NOT_ENOUGH_MEMORY, 0);
    h = handle_insert(c->p, &t->obj);
    if (tid_ptr)
        put_dword(c, tid_ptr, t->tid);
    return h;
}

static struct thread *thread_of(struct sc *c, uint32_t h)
{
    return (struct thread *)handle_lookup(c->p, h, KOBJ_THREAD);
}

/* BOOL GetExitCodeThread(HANDLE, LPDWORD): STILL_ACTIVE while it runs. */
uint32_t sys_GetExitCodeThread(struct sc *c)
{
    struct thread *t = thread_of(c, c->a[0]);

    if (!sc_ptr_ok(c, c->a[1], sizeof(DWORD), 1) || c->a[1] == 0)
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    if (!t)
        return sc_fail(ERROR_INVALID_HANDLE, FALSE);
    return put_dword(c, c->a[1], t->state == THREAD_DEAD ? t->exit_code : STILL_ACTIVE);
}

/* DWORD ResumeThread(HANDLE): the previous suspend count, 0xFFFFFFFF on failure. */
uint32_t sys_ResumeThread(struct sc *c)
{
    struct thread *t = thread_of(c, c->a[0]);

    if (!t)
        return sc_fail(ERROR_INVALID_HANDLE, 0xFFFFFFFFu);
    return thread_resume(t);
}

/* BOOL CeSetThreadPriority(HANDLE, int nPriority 0..255). */
uint32_t sys_CeSetThreadPriority(struct sc *c)
{
    struct thread *t = thread_of(c, c->a[0]);

    if (c->a[1] > PRIO_LOWEST)
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    if (!t)
        return sc_fail(ERROR_INVALID_HANDLE, FALSE);
    thread_set_priority(t, c->a[1]);
    return TRUE;
}

/* int CeGetThreadPriority(HANDLE): 0..255, THREAD_PRIORITY_ERROR_RETURN on failure. */
uint32_t sys_CeGetThreadPriority(struct sc *c)
{
    struct thread *t = thread_of(c, c->a[0]);

    if (!t)
        return sc_fail(ERROR_INVALID_HANDLE, THREAD_PRIORITY_ERROR_RETURN);
    return t->prio;
}

/* The process whose memory and handles the caller uses (the kernel process: 0). */
uint32_t sys_GetCurrentProcessId(struct sc *c)
{
    return c->p->pid;
}

uint32_t sys_GetCurrentThreadId(struct sc *c)
{
    (void)c;
    return current->tid;
}
