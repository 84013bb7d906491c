/*
 * ktest: the in-guest kernel test suite. One image is both the runner and every test:
 *
 *   ktest                  runner: every test of the table, in order
 *   ktest run NAME...      runner: the named tests only
 *   ktest NAME [ARGS]      one test (or helper) in this process; exit code 0 = pass
 *
 * The runner starts each test in a process of its own (CreateProcess("ktest", NAME)),
 * waits for it, and prints one line per test, `test NAME: PASS` or `test NAME: FAIL
 * (...)`; it also checks that the kernel's free pages and heap blocks (GetKernelStats)
 * are back where they were after each test (no leaks). Its exit code is 0 when every
 * test passed, else the number of failures.
 *
 * A passing test prints nothing, so the console is the same whatever the timing (QEMU
 * and cesim compare it). Tests name the spec/marshal.md rules they check (A1, A3, K1,
 * K2, K3). The sample driver must be loaded twice: SMP1: kernel mode, SMP2: user mode.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "cesim.h"
#include "smp_ioctl.h"

#define PAGE 4096u
#define GRANULE 0x10000u
#define TEST_TIMEOUT_MS 30000u
#define CHILD_TIMEOUT_MS 10000u
#define CMDLINE_MAX 96

static const char *test_name = "?";

static void fail_at(int line, const char *what)
{
    printf("ktest %s: line %d: %s (last error %lu)\n", test_name, line, what,
           (unsigned long)GetLastError());
}

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fail_at(__LINE__, #cond);                                                              \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

/* ---- helpers shared by the tests ---- */

/* Start "ktest NAME ARGS" (suspended or not); handles in *pi. */
static BOOL spawn(const char *name, const char *args, DWORD flags, PROCESS_INFORMATION *pi)
{
    char cmd[CMDLINE_MAX];

    snprintf(cmd, sizeof(cmd), "%s %s", name, args ? args : "");
    return CreateProcess("ktest", cmd, NULL, NULL, FALSE, flags, NULL, NULL, NULL, pi);
}

/* Wait for a process (or thread) and return its exit code; 0xDEAD on timeout. */
static DWORD wait_code(HANDLE h, BOOL thread)
{
    DWORD code = 0xDEADu;

    if (WaitForSingleObject(h, CHILD_TIMEOUT_MS) != WAIT_OBJECT_0)
        return 0xDEADu;
    if (thread)
        GetExitCodeThread(h, &code);
    else
        GetExitCodeProcess(h, &code);
    return code;
}

/* Run a helper to its end: its exit code (handles closed). */
static DWORD run_child(const char *name, const char *args)
{
    PROCESS_INFORMATION pi;
    DWORD code;

    if (!spawn(name, args, 0, &pi))
        return 0xBADu;
    code = wait_code(pi.hProcess, FALSE);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return code;
}

static DWORD switches(void)
{
    KERNEL_STATS st;

    st.cbSize = sizeof(st);
    return GetKernelStats(&st) ? st.addressSpaceSwitches : 0;
}

static BYTE *alloc_pages(DWORD bytes, DWORD protect)
{
    return VirtualAlloc(NULL, bytes, MEM_RESERVE | MEM_COMMIT, protect);
}

/* ---- K1: two processes, one virtual address ---- */

#define VA_FIXED 0x40000000u
#define VA_ROUNDS 20
#define VA_BYTES (2 * PAGE)

static BYTE va_static[VA_BYTES];

static int va_fill_check(BYTE *p, BYTE v, int check)
{
    for (DWORD i = 0; i < VA_BYTES; i++) {
        if (check && p[i] != (BYTE)(v + i))
            return 0;
        p[i] = (BYTE)(v + i);
    }
    return 1;
}

/* Helper: write this process's pattern at the same addresses the twin uses, let the
 * twin run, read back our own. */
static int helper_va_writer(int argc, char **argv)
{
    BYTE *p = VirtualAlloc((LPVOID)VA_FIXED, VA_BYTES, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    BYTE tag = argc > 1 ? (BYTE)argv[1][0] : 0;

    CHECK(p == (BYTE *)VA_FIXED);
    for (int round = 0; round < VA_ROUNDS; round++) {
        BYTE v = (BYTE)(tag + round * 7);
        va_fill_check(va_static, v, 0);
        va_fill_check(p, (BYTE)(v ^ 0x5A), 0);
        Sleep(1); /* the twin runs and writes the same virtual addresses */
        CHECK(va_fill_check(va_static, v, 1));
        CHECK(va_fill_check(p, (BYTE)(v ^ 0x5A), 1));
    }
    CHECK(VirtualFree(p, 0, MEM_RELEASE));
    return 0;
}

/* K1: each address-space switch cleans and invalidates the VIVT caches, so two processes
 * writing different data at the same virtual addresses each read back their own. */
static int test_two_processes_same_va(int argc, char **argv)
{
    PROCESS_INFORMATION a, b;

    (void)argc, (void)argv;
    CHECK(spawn("va_writer", "A", 0, &a));
    CHECK(spawn("va_writer", "q", 0, &b));
    CHECK(wait_code(a.hProcess, FALSE) == 0);
    CHECK(wait_code(b.hProcess, FALSE) == 0);
    CloseHandle(a.hThread);
    CloseHandle(a.hProcess);
    CloseHandle(b.hThread);
    CloseHandle(b.hProcess);
    return 0;
}

/* ---- scheduling ---- */

#define SPIN_GUARD 50000000u

static volatile DWORD spin_count, spin_stop;

static DWORD spinner(LPVOID param)
{
    (void)param;
    while (!spin_stop)
        spin_count++;
    return 3;
}

/* A busy thread is preempted at the end of its quantum for another one of its priority,
 * both ways: neither makes a system call while the other must run. */
static int test_preempt(int argc, char **argv)
{
    HANDLE h = CreateThread(NULL, 0, spinner, NULL, 0, NULL);
    volatile DWORD guard = 0;

    (void)argc, (void)argv;
    CHECK(h != NULL);
    while (spin_count == 0 && ++guard < SPIN_GUARD)
        ;
    CHECK(spin_count != 0); /* this busy loop was preempted for the spinner */
    spin_stop = 1;          /* the spinner must be scheduled again to see it */
    CHECK(wait_code(h, TRUE) == 3);
    CHECK(CloseHandle(h));
    return 0;
}

static volatile DWORD prio_ran;

static DWORD prio_thread(LPVOID param)
{
    prio_ran = (DWORD)param;
    return (DWORD)param;
}

/* A thread of higher priority runs as soon as it is ready; a lower one only when the
 * creator blocks. */
static int test_priority(int argc, char **argv)
{
    HANDLE hi = CreateThread(NULL, 0, prio_thread, (LPVOID)5, CREATE_SUSPENDED, NULL);
    HANDLE lo = CreateThread(NULL, 0, prio_thread, (LPVOID)6, CREATE_SUSPENDED, NULL);

    (void)argc, (void)argv;
    CHECK(hi && lo);
    CHECK(CeGetThreadPriority(hi) == CE_THREAD_PRIO_256_NORMAL);
    CHECK(CeSetThreadPriority(hi, CE_THREAD_PRIO_256_NORMAL - 1));
    CHECK(CeSetThreadPriority(lo, CE_THREAD_PRIO_256_NORMAL + 1));
    CHECK(CeGetThreadPriority(hi) == CE_THREAD_PRIO_256_NORMAL - 1);
    CHECK(!CeSetThreadPriority(hi, 256) && GetLastError() == ERROR_INVALID_PARAMETER);
    CHECK(GetExitCodeThread(hi, (LPDWORD)&prio_ran) && prio_ran == STILL_ACTIVE);
    prio_ran = 0;
    CHECK(ResumeThread(hi) == 1);
    CHECK(prio_ran == 5); /* it ran before ResumeThread returned */
    CHECK(ResumeThread(lo) == 1);
    CHECK(prio_ran == 5); /* not yet */
    Sleep(5);
    CHECK(prio_ran == 6);
    CHECK(wait_code(hi, TRUE) == 5 && wait_code(lo, TRUE) == 6);
    CloseHandle(hi);
    CloseHandle(lo);
    return 0;
}

/* ---- events and waits ---- */

static HANDLE shared_event;
static volatile DWORD waiter_hits[2];

static DWORD event_waiter(LPVOID param)
{
    DWORD i = (DWORD)param;

    if (WaitForSingleObject(shared_event, 300) == WAIT_OBJECT_0)
        waiter_hits[i] = 1;
    return 11;
}

static int event_timeouts(void)
{
    HANDLE ev = CreateEvent(NULL, FALSE, FALSE, NULL);
    DWORD t0, t1;

    CHECK(ev != NULL);
    t0 = GetTickCount();
    CHECK(WaitForSingleObject(ev, 30) == WAIT_TIMEOUT);
    t1 = GetTickCount();
    CHECK(t1 - t0 >= 30);
    CHECK(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT);
    CHECK(SetEvent(ev));
    CHECK(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0);
    CHECK(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT); /* auto reset */
    t0 = GetTickCount();
    Sleep(20);
    CHECK(GetTickCount() - t0 >= 20);
    CHECK(CloseHandle(ev));
    return 0;
}

static int event_manual(void)
{
    HANDLE ev = CreateEvent(NULL, TRUE, TRUE, NULL);

    CHECK(ev != NULL);
    CHECK(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0);
    CHECK(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0); /* stays set */
    CHECK(ResetEvent(ev));
    CHECK(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT);
    CHECK(CloseHandle(ev));
    return 0;
}

/* Two waiters on one event: an auto-reset event releases one, a manual one both. */
static int event_two_waiters(BOOL manual)
{
    HANDLE w[2];

    shared_event = CreateEvent(NULL, manual, FALSE, NULL);
    CHECK(shared_event != NULL);
    waiter_hits[0] = waiter_hits[1] = 0;
    for (DWORD i = 0; i < 2; i++) {
        w[i] = CreateThread(NULL, 0, event_waiter, (LPVOID)i, 0, NULL);
        CHECK(w[i] != NULL);
    }
    Sleep(5); /* both block */
    CHECK(SetEvent(shared_event));
    for (int i = 0; i < 2; i++) {
        CHECK(wait_code(w[i], TRUE) == 11);
        CloseHandle(w[i]);
    }
    CHECK(waiter_hits[0] + waiter_hits[1] == (manual ? 2u : 1u));
    CHECK(CloseHandle(shared_event));
    return 0;
}

static int test_event_wait_timeout(int argc, char **argv)
{
    (void)argc, (void)argv;
    CHECK(event_timeouts() == 0);
    CHECK(event_manual() == 0);
    CHECK(event_two_waiters(FALSE) == 0);
    CHECK(event_two_waiters(TRUE) == 0);
    CHECK(WaitForSingleObject((HANDLE)0x1234, 0) == WAIT_FAILED);
    CHECK(GetLastError() == ERROR_INVALID_HANDLE);
    CHECK(!SetEvent(NULL) && GetLastError() == ERROR_INVALID_HANDLE);
    CHECK(CreateEvent(NULL, FALSE, FALSE, "named") == NULL);
    return 0;
}

/* ---- thread and process exit ---- */

static void exit_deep(DWORD code)
{
    ExitThread(code);
}

static DWORD thread_returns(LPVOID param)
{
    return (DWORD)param;
}

static DWORD thread_exits(LPVOID param)
{
    exit_deep((DWORD)param);
    return 0;
}

static int test_thread_exit_wait(int argc, char **argv)
{
    HANDLE a = CreateThread(NULL, 0, thread_returns, (LPVOID)1234, CREATE_SUSPENDED, NULL);
    HANDLE b = CreateThread(NULL, 0, thread_exits, (LPVOID)77, 0, NULL);
    DWORD code = 0, tid = 0;

    (void)argc, (void)argv;
    CHECK(a && b);
    CHECK(GetExitCodeThread(a, &code) && code == STILL_ACTIVE);
    CHECK(WaitForSingleObject(a, 10) == WAIT_TIMEOUT);
    CHECK(ResumeThread(a) == 1);
    CHECK(wait_code(a, TRUE) == 1234);
    CHECK(wait_code(b, TRUE) == 77);
    CHECK(WaitForSingleObject(a, 0) == WAIT_OBJECT_0); /* stays signaled */
    CHECK(WaitForSingleObject(GetCurrentThread(), 5) == WAIT_TIMEOUT);
    CHECK(CloseHandle(a) && CloseHandle(b));
    CHECK(!CloseHandle(a) && GetLastError() == ERROR_INVALID_HANDLE);
    a = CreateThread(NULL, 0, thread_returns, (LPVOID)9, 0, &tid);
    CHECK(a && tid != 0 && tid != GetCurrentThreadId());
    CHECK(wait_code(a, TRUE) == 9 && CloseHandle(a));
    CHECK(CreateThread(NULL, 0, NULL, NULL, 0, NULL) == NULL);
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
    return 0;
}

static int helper_exit_code(int argc, char **argv)
{
    int v = 0;

    for (const char *s = argc > 1 ? argv[1] : "0"; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (*s - '0');
    return v;
}

static HANDLE never_set;

static DWORD blocked_forever(LPVOID param)
{
    (void)param;
    WaitForSingleObject(never_set, INFINITE);
    return 1;
}

static DWORD sleep_forever(LPVOID param)
{
    (void)param;
    Sleep(INFINITE);
    return 1;
}

static DWORD busy_forever(LPVOID param)
{
    volatile int x = 0;

    (void)param;
    for (;;)
        x++;
    return 1;
}

/* Helper: threads blocked, sleeping and busy when the process exits: all reclaimed. */
static int helper_exit_threads(int argc, char **argv)
{
    (void)argc, (void)argv;
    never_set = CreateEvent(NULL, TRUE, FALSE, NULL);
    CreateThread(NULL, 0, blocked_forever, NULL, 0, NULL);
    CreateThread(NULL, 0, sleep_forever, NULL, 0, NULL);
    CreateThread(NULL, 0, busy_forever, NULL, 0, NULL);
    LocalAlloc(LPTR, 100000);
    VirtualAlloc(NULL, 5 * PAGE, MEM_COMMIT, PAGE_READWRITE);
    Sleep(5);
    ExitProcess(7);
}

static DWORD last_thread(LPVOID param)
{
    Sleep(10);
    return (DWORD)param;
}

/* Helper: the main thread leaves first; the process ends with the last thread's code. */
static int helper_last_thread(int argc, char **argv)
{
    (void)argc, (void)argv;
    CreateThread(NULL, 0, last_thread, (LPVOID)6, 0, NULL);
    ExitThread(5);
}

static int helper_sleeper(int argc, char **argv)
{
    (void)argc, (void)argv;
    Sleep(INFINITE);
    return 1;
}

static int test_process_exit_wait(int argc, char **argv)
{
    PROCESS_INFORMATION pi;
    DWORD code = 0;

    (void)argc, (void)argv;
    CHECK(run_child("exit_code", "42") == 42);
    CHECK(run_child("exit_threads", NULL) == 7);
    CHECK(run_child("last_thread", NULL) == 6);
    CHECK(spawn("sleeper", NULL, 0, &pi));
    CHECK(WaitForSingleObject(pi.hProcess, 10) == WAIT_TIMEOUT);
    CHECK(TerminateProcess(pi.hProcess, 99));
    CHECK(wait_code(pi.hProcess, FALSE) == 99);
    CHECK(wait_code(pi.hThread, TRUE) == 99);
    CHECK(CloseHandle(pi.hThread) && CloseHandle(pi.hProcess));
    CHECK(spawn("exit_code", "3", CREATE_SUSPENDED, &pi));
    CHECK(GetExitCodeProcess(pi.hProcess, &code) && code == STILL_ACTIVE);
    CHECK(WaitForSingleObject(pi.hProcess, 20) == WAIT_TIMEOUT);
    CHECK(ResumeThread(pi.hThread) == 1);
    CHECK(wait_code(pi.hProcess, FALSE) == 3);
    CHECK(CloseHandle(pi.hThread) && CloseHandle(pi.hProcess));
    CHECK(!CreateProcess("nosuchapp", NULL, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi));
    CHECK(GetLastError() == ERROR_FILE_NOT_FOUND);
    return 0;
}

/* ---- faults: the process dies, the system goes on ---- */

#define KERNEL_ADDRESS 0x80010000u
#define UNDEFINED_INSN 0xE7F000F0u /* permanently undefined (ARM ARM) */

static volatile DWORD fault_target = KERNEL_ADDRESS;

static DWORD fault_thread(LPVOID param)
{
    (void)param;
    *(volatile DWORD *)fault_target = 1;
    return 0;
}

static const DWORD undefined_code[2] = {UNDEFINED_INSN, 0};

/* Helper: fault the way argv[1] says. */
static int helper_fault(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "";

    if (strcmp(how, "write_kernel") == 0) {
        *(volatile DWORD *)fault_target = 1;
    } else if (strcmp(how, "read_kernel") == 0) {
        return (int)*(volatile DWORD *)fault_target;
    } else if (strcmp(how, "jump_kernel") == 0) {
        ((void (*)(void))fault_target)();
    } else if (strcmp(how, "undefined") == 0) {
        ((void (*)(void))undefined_code)();
    } else if (strcmp(how, "unknown_swi") == 0) {
        __asm__ volatile("svc #0x42");
    } else if (strcmp(how, "thread") == 0) {
        CreateThread(NULL, 0, fault_thread, NULL, 0, NULL);
        Sleep(INFINITE);
    }
    return 1;
}

/* A user process that writes to kernel memory, jumps to a kernel address, or runs an
 * undefined instruction is killed (one kernel line each); everything else goes on. */
static int test_fault_kill(int argc, char **argv)
{
    PROCESS_INFORMATION bystander;

    (void)argc, (void)argv;
    CHECK(spawn("sleeper", NULL, 0, &bystander));
    CHECK(run_child("fault", "write_kernel") == STATUS_ACCESS_VIOLATION);
    CHECK(run_child("fault", "read_kernel") == STATUS_ACCESS_VIOLATION);
    CHECK(run_child("fault", "jump_kernel") == STATUS_ACCESS_VIOLATION);
    CHECK(run_child("fault", "undefined") == STATUS_ILLEGAL_INSTRUCTION);
    CHECK(run_child("fault", "unknown_swi") == STATUS_ILLEGAL_INSTRUCTION);
    CHECK(run_child("fault", "thread") == STATUS_ACCESS_VIOLATION);
    CHECK(WaitForSingleObject(bystander.hProcess, 0) == WAIT_TIMEOUT); /* still alive */
    CHECK(TerminateProcess(bystander.hProcess, 0));
    CHECK(wait_code(bystander.hProcess, FALSE) == 0);
    CloseHandle(bystander.hThread);
    CloseHandle(bystander.hProcess);
    return 0;
}

/* ---- virtual memory ---- */

static int vm_reserve_commit(void)
{
    BYTE *r = VirtualAlloc(NULL, 100000, MEM_RESERVE, PAGE_READWRITE);
    BYTE *c;

    CHECK(r != NULL && ((DWORD)r & (GRANULE - 1)) == 0);
    CHECK(DebugWrite((LPCSTR)r, 1) == E_ACCESSDENIED); /* reserved, not committed */
    c = VirtualAlloc(r + 3 * PAGE + 10, 5000, MEM_COMMIT, PAGE_READWRITE);
    CHECK(c == r + 3 * PAGE);
    for (DWORD i = 0; i < 2 * PAGE; i++)
        CHECK(c[i] == 0);
    memset(c, 0x77, 2 * PAGE);
    CHECK(DebugWrite((LPCSTR)c + 2 * PAGE, 1) == E_ACCESSDENIED); /* only two pages */
    /* K3: a page decommitted and committed again is a zeroed page, whatever the cache
     * held for that address. */
    CHECK(VirtualFree(c, PAGE, MEM_DECOMMIT));
    CHECK(DebugWrite((LPCSTR)c, 1) == E_ACCESSDENIED);
    CHECK(VirtualAlloc(c, PAGE, MEM_COMMIT, PAGE_READWRITE) == c);
    for (DWORD i = 0; i < PAGE; i++)
        CHECK(c[i] == 0);
    CHECK(c[PAGE] == 0x77);
    CHECK(!VirtualFree(r, 4, MEM_RELEASE) && GetLastError() == ERROR_INVALID_PARAMETER);
    CHECK(!VirtualFree(r + PAGE, 0, MEM_RELEASE));
    CHECK(VirtualFree(r, 0, MEM_RELEASE));
    CHECK(DebugWrite((LPCSTR)c + PAGE, 1) == E_ACCESSDENIED);
    return 0;
}

static int vm_protections(void)
{
    BYTE *ro = alloc_pages(PAGE, PAGE_READONLY), *rw = alloc_pages(PAGE, PAGE_READWRITE);
    BYTE *na = alloc_pages(PAGE, PAGE_NOACCESS);
    DWORD old = 0;

    CHECK(ro && rw && na);
    CHECK(DebugWrite((LPCSTR)ro, 0) == S_OK && DebugWrite((LPCSTR)na, 1) == E_ACCESSDENIED);
    /* A1: output into a read-only page is refused, input from it is fine. */
    CHECK(!ReadProcessMemory(GetCurrentProcess(), rw, ro, 16, NULL));
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
    CHECK(ReadProcessMemory(GetCurrentProcess(), ro, rw, 16, NULL));
    CHECK(VirtualProtect(rw, PAGE, PAGE_READONLY, &old) && old == PAGE_READWRITE);
    CHECK(!ReadProcessMemory(GetCurrentProcess(), ro, rw, 16, NULL));
    CHECK(VirtualProtect(rw, PAGE, PAGE_READWRITE, &old) && old == PAGE_READONLY);
    rw[0] = 1;
    CHECK(VirtualProtect(na, PAGE, PAGE_READWRITE, &old) && old == PAGE_NOACCESS);
    na[0] = 2;
    CHECK(!VirtualProtect(rw, PAGE, 0x1234, &old) && GetLastError() == ERROR_INVALID_PARAMETER);
    CHECK(VirtualFree(ro, 0, MEM_RELEASE) && VirtualFree(rw, 0, MEM_RELEASE) &&
          VirtualFree(na, 0, MEM_RELEASE));
    return 0;
}

static int vm_addresses(void)
{
    BYTE *fixed = VirtualAlloc((LPVOID)0x30000000u, GRANULE, MEM_RESERVE, PAGE_READWRITE);
    BYTE *big;

    CHECK(fixed == (BYTE *)0x30000000u);
    CHECK(VirtualAlloc(fixed + PAGE, GRANULE, MEM_RESERVE, PAGE_READWRITE) == NULL);
    CHECK(GetLastError() == ERROR_INVALID_ADDRESS);
    CHECK(VirtualFree(fixed, 0, MEM_RELEASE));
    CHECK(VirtualAlloc((LPVOID)0x80000000u, PAGE, MEM_RESERVE, PAGE_READWRITE) == NULL);
    CHECK(VirtualAlloc((LPVOID)0x10000000u, PAGE, MEM_RESERVE, PAGE_READWRITE) == NULL);
    CHECK(VirtualAlloc(NULL, 0, MEM_COMMIT, PAGE_READWRITE) == NULL);
    CHECK(VirtualAlloc(NULL, PAGE, MEM_COMMIT, PAGE_GUARD | PAGE_READWRITE) == NULL);
    CHECK(VirtualAlloc(NULL, PAGE, 0x40, PAGE_READWRITE) == NULL);
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
    big = VirtualAlloc(NULL, 0x120000, MEM_COMMIT | MEM_TOP_DOWN, PAGE_READWRITE);
    CHECK(big != NULL);
    for (DWORD i = 0; i < 0x120000; i += PAGE)
        big[i] = (BYTE)i;
    CHECK(VirtualFree(big, 0, MEM_RELEASE)); /* K3: whole-cache maintenance above 16 KB */
    return 0;
}

static int test_virtual_alloc(int argc, char **argv)
{
    (void)argc, (void)argv;
    CHECK(vm_reserve_commit() == 0);
    CHECK(vm_protections() == 0);
    CHECK(vm_addresses() == 0);
    return 0;
}

static int test_local_heap(int argc, char **argv)
{
    BYTE *p[32];

    (void)argc, (void)argv;
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 32; i++) {
            p[i] = LocalAlloc(i & 1 ? LPTR : LMEM_FIXED, 16u + (DWORD)i * 97u);
            CHECK(p[i] != NULL && ((DWORD)p[i] & 7) == 0);
            if (i & 1)
                for (DWORD k = 0; k < 16u + (DWORD)i * 97u; k++)
                    CHECK(p[i][k] == 0);
            memset(p[i], i, 16);
        }
        for (int i = 0; i < 32; i += 2)
            CHECK(p[i][15] == (BYTE)i && LocalFree(p[i]) == NULL);
        for (int i = 1; i < 32; i += 2)
            CHECK(p[i][0] == (BYTE)i && LocalFree(p[i]) == NULL);
    }
    p[0] = LocalAlloc(LPTR, 200000);
    CHECK(p[0] && p[0][199999] == 0);
    CHECK(LocalFree(p[0]) == NULL);
    CHECK(LocalAlloc(LMEM_FIXED, 0) == NULL);
    return 0;
}

/* ---- another process's memory ---- */

#define RPM_BYTES (2 * PAGE + 100)
#define RPM_POLLS 2000

static volatile BYTE rpm_buf[RPM_BYTES];
static volatile DWORD rpm_stage;

static int rpm_all(volatile const BYTE *p, BYTE v)
{
    for (DWORD i = 0; i < RPM_BYTES; i++) {
        if (p[i] != (BYTE)(v + i))
            return 0;
    }
    return 1;
}

/* Helper: publish a pattern, wait for the parent's writes, check them. */
static int helper_rpm_child(int argc, char **argv)
{
    (void)argc, (void)argv;
    for (DWORD i = 0; i < RPM_BYTES; i++)
        rpm_buf[i] = (BYTE)('C' + i);
    rpm_stage = 1;
    for (int n = 0; rpm_stage == 1 && n < RPM_POLLS; n++)
        Sleep(1);
    CHECK(rpm_stage == 2 && rpm_all(rpm_buf, 'W')); /* WriteProcessMemory */
    rpm_stage = 3;
    for (int n = 0; rpm_stage == 3 && n < RPM_POLLS; n++)
        Sleep(1);
    CHECK(rpm_stage == 4 && rpm_all(rpm_buf, 'A')); /* through the parent's alias */
    return 0;
}

static DWORD remote_stage(HANDLE h)
{
    DWORD v = 0;

    ReadProcessMemory(h, (LPCVOID)&rpm_stage, &v, sizeof(v), NULL);
    return v;
}

static int wait_stage(HANDLE h, DWORD stage)
{
    for (int n = 0; n < RPM_POLLS; n++) {
        if (remote_stage(h) == stage)
            return 1;
        Sleep(1);
    }
    return 0;
}

static int rpm_read_write(HANDLE h, BYTE *local)
{
    DWORD done = 0, stage = 2;

    CHECK(wait_stage(h, 1));
    CHECK(ReadProcessMemory(h, (LPCVOID)rpm_buf, local, RPM_BYTES, &done) && done == RPM_BYTES);
    CHECK(rpm_all(local, 'C'));
    for (DWORD i = 0; i < RPM_BYTES; i++)
        local[i] = (BYTE)('W' + i);
    CHECK(WriteProcessMemory(h, (LPVOID)rpm_buf, local, RPM_BYTES, &done) && done == RPM_BYTES);
    CHECK(WriteProcessMemory(h, (LPVOID)&rpm_stage, &stage, sizeof(stage), NULL));
    CHECK(!ReadProcessMemory(h, (LPCVOID)KERNEL_ADDRESS, local, 4, NULL));
    CHECK(GetLastError() == ERROR_NOACCESS);
    return 0;
}

/* VirtualAllocCopyEx: the child's pages mapped here; writes through them reach it. */
static int rpm_alias(HANDLE h)
{
    volatile BYTE *alias;
    DWORD stage = 4;

    CHECK(wait_stage(h, 3));
    alias = VirtualAllocCopyEx(h, GetCurrentProcess(), (LPVOID)rpm_buf, RPM_BYTES, PAGE_READWRITE);
    CHECK(alias != NULL && ((DWORD)alias & (PAGE - 1)) == ((DWORD)rpm_buf & (PAGE - 1)));
    CHECK(rpm_all(alias, 'W'));
    for (DWORD i = 0; i < RPM_BYTES; i++)
        alias[i] = (BYTE)('A' + i);
    CHECK(VirtualFree((LPVOID)((DWORD)alias & ~(GRANULE - 1)), 0, MEM_RELEASE));
    CHECK(WriteProcessMemory(h, (LPVOID)&rpm_stage, &stage, sizeof(stage), NULL));
    return 0;
}

/* The same pages under two addresses of one process (K3, and alias uncaching). */
static int self_alias(void)
{
    BYTE *buf = alloc_pages(2 * PAGE, PAGE_READWRITE);
    volatile BYTE *alias;

    CHECK(buf != NULL);
    memset(buf, 0x11, 2 * PAGE);
    alias = VirtualAllocCopyEx(GetCurrentProcess(), GetCurrentProcess(), buf + 10, PAGE,
                               PAGE_READWRITE);
    CHECK(alias != NULL);
    alias[0] = 0x22;
    CHECK(buf[10] == 0x22);
    buf[11] = 0x33;
    CHECK(alias[1] == 0x33);
    CHECK(VirtualFree((LPVOID)((DWORD)alias & ~(GRANULE - 1)), 0, MEM_RELEASE));
    CHECK(buf[10] == 0x22 && buf[11] == 0x33);
    CHECK(VirtualFree(buf, 0, MEM_RELEASE));
    return 0;
}

static int test_process_memory(int argc, char **argv)
{
    PROCESS_INFORMATION pi;
    BYTE *local = alloc_pages(RPM_BYTES, PAGE_READWRITE);

    (void)argc, (void)argv;
    CHECK(local != NULL);
    CHECK(spawn("rpm_child", NULL, 0, &pi));
    CHECK(rpm_read_write(pi.hProcess, local) == 0);
    CHECK(rpm_alias(pi.hProcess) == 0);
    CHECK(wait_code(pi.hProcess, FALSE) == 0);
    CHECK(!ReadProcessMemory(pi.hProcess, (LPCVOID)rpm_buf, local, 4, NULL));
    CHECK(GetLastError() == ERROR_INVALID_HANDLE); /* the process is gone */
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    CHECK(self_alias() == 0);
    CHECK(VirtualFree(local, 0, MEM_RELEASE));
    return 0;
}

/* ---- CacheRangeFlush: code written as data, then run ---- */

#define INSN_MOV_R0_IMM 0xE3A00000u /* mov r0, #imm8 */
#define INSN_BX_LR 0xE12FFF1Eu

static DWORD run_generated(DWORD *code, BYTE value)
{
    code[0] = INSN_MOV_R0_IMM | value;
    code[1] = INSN_BX_LR;
    CacheRangeFlush(code, 8, CACHE_SYNC_DISCARD | CACHE_SYNC_INSTRUCTIONS);
    return ((DWORD(*)(void))code)();
}

static int test_cache_flush(int argc, char **argv)
{
    DWORD *code = (DWORD *)alloc_pages(PAGE, PAGE_EXECUTE_READWRITE);

    (void)argc, (void)argv;
    CHECK(code != NULL);
    CHECK(run_generated(code, 0x11) == 0x11);
    CHECK(run_generated(code, 0x22) == 0x22);
    SetLastError(0);
    CacheRangeFlush(code, 8, CACHE_SYNC_WRITEBACK);
    CacheRangeFlush(NULL, 0, CACHE_SYNC_ALL);
    CHECK(GetLastError() == 0);
    CacheRangeFlush(code, 8, 0x80);
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
    CacheRangeFlush((LPVOID)KERNEL_ADDRESS, 8, CACHE_SYNC_DISCARD);
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
    CHECK(VirtualFree(code, 0, MEM_RELEASE));
    return 0;
}

/* ---- devices ---- */

#define IO_IN_OFFSET 100u
#define IO_OUT_OFFSET 7u
#define IO_LEN 9000u
#define IO_FILL 0xEEu

static HANDLE open_device(const char *name)
{
    return CreateFile(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
}

/* Multi-page buffers at odd offsets, checked byte for byte, and the bytes around the
 * output untouched. Returns the address-space switches the call cost. */
static int ioctl_transform(HANDLE h, DWORD *cost)
{
    BYTE *in = alloc_pages(3 * PAGE, PAGE_READWRITE), *out = alloc_pages(3 * PAGE, PAGE_READWRITE);
    DWORD ret = 0, before;

    CHECK(in && out);
    for (DWORD i = 0; i < 3 * PAGE; i++)
        in[i] = (BYTE)(i * 13 + 1);
    memset(out, IO_FILL, 3 * PAGE);
    before = switches();
    CHECK(DeviceIoControl(h, IOCTL_SMP_TRANSFORM, in + IO_IN_OFFSET, IO_LEN, out + IO_OUT_OFFSET,
                          IO_LEN + 100, &ret, NULL));
    *cost = switches() - before;
    CHECK(ret == IO_LEN);
    for (DWORD i = 0; i < IO_LEN; i++)
        CHECK(out[IO_OUT_OFFSET + i] == smp_transform(in[IO_IN_OFFSET + i], i));
    for (DWORD i = 0; i < IO_OUT_OFFSET; i++)
        CHECK(out[i] == IO_FILL);
    for (DWORD i = IO_OUT_OFFSET + IO_LEN; i < 3 * PAGE; i++)
        CHECK(out[i] == IO_FILL);
    CHECK(VirtualFree(in, 0, MEM_RELEASE) && VirtualFree(out, 0, MEM_RELEASE));
    return 0;
}

/* Small buffers on the stack, sharing their page with everything else. */
static int ioctl_small(HANDLE h)
{
    BYTE in[40], out[40];
    DWORD ret = 0;

    for (DWORD i = 0; i < sizeof(in); i++)
        in[i] = (BYTE)(200 + i);
    memset(out, 0, sizeof(out));
    CHECK(DeviceIoControl(h, IOCTL_SMP_TRANSFORM, in, sizeof(in), out, sizeof(out), &ret, NULL));
    CHECK(ret == sizeof(in));
    for (DWORD i = 0; i < sizeof(in); i++)
        CHECK(out[i] == smp_transform(in[i], i));
    CHECK(DeviceIoControl(h, IOCTL_SMP_TRANSFORM, in, sizeof(in), out, sizeof(out), NULL, NULL));
    CHECK(!DeviceIoControl(h, 0x1234, NULL, 0, NULL, 0, &ret, NULL));
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER); /* the driver's own error */
    return 0;
}

static int ioctl_info(HANDLE h, BOOL kernel_mode)
{
    SMP_INFO inf;
    DWORD ret = 0;

    CHECK(DeviceIoControl(h, IOCTL_SMP_INFO, NULL, 0, &inf, sizeof(inf), &ret, NULL));
    CHECK(ret == sizeof(inf) && inf.initContextOk && inf.opens >= 1);
    CHECK(inf.threadId == GetCurrentThreadId()); /* the caller's own thread runs the driver */
    if (kernel_mode)
        CHECK(inf.processId == 0); /* the kernel process */
    else
        CHECK(inf.processId != 0 && inf.processId != GetCurrentProcessId()); /* its host */
    return 0;
}

/* K2: a call into a kernel-mode driver switches no address space; one into a user-mode
 * driver switches to its host and back, each a K1 switch. */
static int ioctl_device(const char *name, BOOL kernel_mode)
{
    HANDLE h = open_device(name);
    DWORD cost = 0;

    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(ioctl_transform(h, &cost) == 0);
    CHECK(cost == (kernel_mode ? 0u : 2u));
    CHECK(ioctl_small(h) == 0);
    CHECK(ioctl_info(h, kernel_mode) == 0);
    CHECK(CloseHandle(h));
    CHECK(!DeviceIoControl(h, IOCTL_SMP_INFO, NULL, 0, NULL, 0, NULL, NULL));
    CHECK(GetLastError() == ERROR_INVALID_HANDLE);
    return 0;
}

static int test_ioctl_kernel(int argc, char **argv)
{
    (void)argc, (void)argv;
    CHECK(ioctl_device("SMP1:", TRUE) == 0);
    CHECK(open_device("smp1:") != INVALID_HANDLE_VALUE); /* names are case-insensitive; the
                                                           process exit closes it */
    CHECK(open_device("NOPE1:") == INVALID_HANDLE_VALUE);
    CHECK(GetLastError() == ERROR_FILE_NOT_FOUND);
    return 0;
}

static int test_ioctl_user(int argc, char **argv)
{
    (void)argc, (void)argv;
    CHECK(ioctl_device("SMP2:", FALSE) == 0);
    return 0;
}

static int ist_on(const char *device)
{
    HANDLE h = open_device(device);
    SMP_IST_REQUEST req = {5, 2000};
    DWORD counted = 0, ret = 0;

    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(DeviceIoControl(h, IOCTL_SMP_IST, &req, sizeof(req), &counted, sizeof(counted), &ret,
                          NULL));
    CHECK(ret == sizeof(counted) && counted == req.count);
    CHECK(CloseHandle(h));
    return 0;
}

/* An IST thread woken by the SP804 timer 2 interrupt (InterruptInitialize/Done), in a
 * kernel-mode driver (a kernel thread) and in a user-mode one (a host thread). */
static int test_ist_timer(int argc, char **argv)
{
    (void)argc, (void)argv;
    CHECK(ist_on("SMP1:") == 0);
    CHECK(ist_on("SMP2:") == 0);
    return 0;
}

/* ---- hostile pointers (A1, A3) ---- */

#define UNMAPPED 0x60000000u
#define VECTORS 0xFFFF0000u
#define WRAP 0xFFFFFF00u

struct bad_range {
    DWORD addr, len;
    DWORD dword; /* a DWORD pointer as bad as the range (straddling where it does) */
};

/* Ranges no user pointer may name; all but the read-only one (index BAD_RO) also fail
 * as input. */
#define NBAD 9u
#define BAD_RO 6u
static struct bad_range bad[NBAD];

static void make_bad_ranges(BYTE *ro, BYTE *noaccess, BYTE *page_before_hole)
{
    DWORD hole = (DWORD)page_before_hole + PAGE;
    struct bad_range r[NBAD] = {
        {0, 16, 0},                             /* NULL */
        {KERNEL_ADDRESS, 16, KERNEL_ADDRESS},   /* kernel memory */
        {VECTORS, 16, VECTORS},                 /* the vectors page */
        {UNMAPPED, 16, UNMAPPED},               /* nothing mapped */
        {WRAP, 0x200, 0xFFFFFFFEu},             /* wraps past 4 GB */
        {hole - 8, 16, hole - 2},               /* runs into an unmapped page */
        {(DWORD)ro, 16, (DWORD)ro},             /* read-only: bad for output */
        {(DWORD)noaccess, 16, (DWORD)noaccess}, /* committed, no access */
        {0x6FFFFFF0u, 0x20, 0x6FFFFFFEu},       /* crosses the end of user space */
    };
    memcpy(bad, r, sizeof(r));
}

static int hostile_debugwrite(void)
{
    for (unsigned i = 0; i < NBAD; i++) {
        if (i == BAD_RO)
            continue; /* read-only is fine for input */
        CHECK(DebugWrite((LPCSTR)bad[i].addr, bad[i].len) == E_ACCESSDENIED);
    }
    return 0;
}

/* Every buffer argument of DeviceIoControl, on both driver instances. */
static int hostile_ioctl(const char *device)
{
    HANDLE h = open_device(device);
    BYTE good[16] = {0};
    DWORD ret;

    CHECK(h != INVALID_HANDLE_VALUE);
    for (unsigned i = 0; i < NBAD; i++) {
        LPVOID p = (LPVOID)bad[i].addr;
        if (i != BAD_RO) {
            CHECK(!DeviceIoControl(h, IOCTL_SMP_TRANSFORM, p, bad[i].len, good, 16, &ret, NULL));
            CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
        }
        CHECK(!DeviceIoControl(h, IOCTL_SMP_TRANSFORM, good, 16, p, bad[i].len, &ret, NULL));
        CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
        if (bad[i].dword != 0) { /* lpBytesReturned may be NULL */
            CHECK(!DeviceIoControl(h, IOCTL_SMP_TRANSFORM, good, 4, good, 16, (LPDWORD)bad[i].dword,
                                   NULL));
            CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
        }
    }
    CHECK(DeviceIoControl(h, IOCTL_SMP_TRANSFORM, good, 16, good, 16, &ret, NULL) && ret == 16);
    CHECK(CloseHandle(h));
    return 0;
}

/* Output pointers of a few calls. */
static int hostile_outputs(void)
{
    BYTE good[16];

    for (unsigned i = 0; i < NBAD; i++) {
        LPDWORD p = (LPDWORD)bad[i].dword;
        CHECK(!GetExitCodeProcess(GetCurrentProcess(), p));
        CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
        CHECK(!ReadProcessMemory(GetCurrentProcess(), good, p, 16, NULL));
        CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
        CHECK(!GetKernelStats((KERNEL_STATS *)p));
        CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
    }
    return 0;
}

/* A3: strings are read by protected copies with no page check first: a kernel address,
 * nothing mapped, or a string that runs into an unmapped page fault inside the kernel's
 * copy, which fails cleanly. */
static int hostile_strings(BYTE *page_before_hole)
{
    PROCESS_INFORMATION pi;
    char *tail = (char *)page_before_hole + PAGE - 4;

    memcpy(tail, "SMP1", 4); /* no NUL before the hole */
    for (unsigned i = 0; i < 4; i++) {
        CHECK(CreateFile((LPCTSTR)bad[i].addr, 0, 0, NULL, OPEN_EXISTING, 0, NULL) ==
              INVALID_HANDLE_VALUE);
        CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
    }
    CHECK(CreateFile(tail, 0, 0, NULL, OPEN_EXISTING, 0, NULL) == INVALID_HANDLE_VALUE);
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
    CHECK(!CreateProcess((LPCTSTR)KERNEL_ADDRESS, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, &pi));
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
    CHECK(!CreateProcess("ktest", tail, NULL, NULL, 0, 0, NULL, NULL, NULL, &pi));
    CHECK(!CreateProcess("ktest", "exit_code 0", NULL, NULL, 0, 0, NULL, NULL, NULL,
                         (LPPROCESS_INFORMATION)KERNEL_ADDRESS));
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
    return 0;
}

/* A1: every hostile pointer case (NULL, kernel address, unmapped page, read-only page for
 * output, no-access page, wrap-around, end of user space) on a handful of calls gives the
 * documented error; A3: faults inside the kernel's copies become errors. */
static int test_hostile_pointers(int argc, char **argv)
{
    BYTE *ro = alloc_pages(PAGE, PAGE_READONLY), *na = alloc_pages(PAGE, PAGE_NOACCESS);
    BYTE *hole = VirtualAlloc(NULL, 2 * PAGE, MEM_RESERVE, PAGE_READWRITE);

    (void)argc, (void)argv;
    CHECK(ro && na && hole && VirtualAlloc(hole, PAGE, MEM_COMMIT, PAGE_READWRITE) == hole);
    make_bad_ranges(ro, na, hole);
    CHECK(hostile_debugwrite() == 0);
    CHECK(hostile_ioctl("SMP1:") == 0);
    CHECK(hostile_ioctl("SMP2:") == 0);
    CHECK(hostile_outputs() == 0);
    CHECK(hostile_strings(hole) == 0);
    CHECK(!CloseHandle((HANDLE)0x4321) && GetLastError() == ERROR_INVALID_HANDLE);
    CHECK(VirtualFree(ro, 0, MEM_RELEASE) && VirtualFree(na, 0, MEM_RELEASE) &&
          VirtualFree(hole, 0, MEM_RELEASE));
    return 0;
}

/* A user-mode driver that faults kills its host, not the system: the call fails, the
 * device is dead from then on, the kernel-mode instance of the same driver goes on. Run
 * alone (it leaves SMP2: dead): ktest run host_crash. */
static int test_host_crash(int argc, char **argv)
{
    HANDLE h = open_device("SMP2:");
    SMP_INFO inf;
    DWORD ret;

    (void)argc, (void)argv;
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(!DeviceIoControl(h, IOCTL_SMP_CRASH, NULL, 0, NULL, 0, NULL, NULL));
    CHECK(GetLastError() == ERROR_GEN_FAILURE);
    CHECK(!DeviceIoControl(h, IOCTL_SMP_INFO, NULL, 0, &inf, sizeof(inf), &ret, NULL));
    CHECK(GetLastError() == ERROR_GEN_FAILURE);
    CHECK(CloseHandle(h));
    CHECK(open_device("SMP2:") == INVALID_HANDLE_VALUE && GetLastError() == ERROR_GEN_FAILURE);
    CHECK(ioctl_device("SMP1:", TRUE) == 0);
    return 0;
}

/* A kernel-mode driver that faults is a kernel fault: PANIC, the run ends (cesim exit
 * status 3). Run alone: ktest run kernel_crash. Never returns. */
static int test_kernel_crash(int argc, char **argv)
{
    HANDLE h = open_device("SMP1:");

    (void)argc, (void)argv;
    CHECK(h != INVALID_HANDLE_VALUE);
    DeviceIoControl(h, IOCTL_SMP_CRASH, NULL, 0, NULL, 0, NULL, NULL);
    CHECK(!"the kernel survived a fault in kernel mode");
    return 1;
}

/* ---- the table ---- */

/* ---- marshaling from kernel mode (AA2, AA3, AF2, AF3, L1, K4) ---- */

#define MT_OFFSET 16u
#define MT_BYTES 100u
#define ARG_IO_PTR_DESC 0xCu          /* ARG_IO_PTR (guest/include/marshal.h) */
#define FORCE_ALIAS_DESC 0x80000000u /* MARSHAL_FORCE_ALIAS */

static BOOL marshal_debug(MARSHAL_DEBUG *d, DWORD op)
{
    d->cbSize = sizeof(*d);
    d->op = op;
    return KernelMarshalDebug(d);
}

/* The kernel's CeAllocAsynchronousBuffer as a kernel-mode driver serving this process
 * would call it, then Free: the attributes of both sides while it lives, and live[]
 * (the kernel's record, AF3/L1) empty after. */
static int marshal_round(BYTE *buf, DWORD desc, BOOL alias)
{
    MARSHAL_DEBUG d = {0};
    DWORD dest, want = alias ? MARSHAL_DEBUG_UNCACHED : MARSHAL_DEBUG_CACHED;

    d.src = (DWORD)(buf + MT_OFFSET);
    d.bytes = MT_BYTES;
    d.desc = desc;
    CHECK(marshal_debug(&d, MARSHAL_DEBUG_ALLOC) && d.hr == (DWORD)S_OK);
    dest = d.dest;
    CHECK(dest != 0 && dest != d.src);
    /* AA3: an alias keeps the page offset; AA2: a duplicate of its own */
    CHECK(!alias || (dest & (PAGE - 1)) == MT_OFFSET);
    CHECK(marshal_debug(&d, MARSHAL_DEBUG_QUERY) && d.live == 1);
    CHECK(d.srcAttr == want && d.destAttr == want); /* AA3: both sides uncached (K4) */
    d.dest = dest;
    CHECK(marshal_debug(&d, MARSHAL_DEBUG_FREE) && d.hr == (DWORD)S_OK);
    d.dest = dest;
    CHECK(marshal_debug(&d, MARSHAL_DEBUG_QUERY) && d.live == 0);
    CHECK(d.srcAttr == MARSHAL_DEBUG_CACHED);          /* AF2: attributes back */
    CHECK(d.destAttr == MARSHAL_DEBUG_UNMAPPED);       /* unmapped at Free */
    return 0;
}

/* The default scenario: docs policy, VIVT, kernel.alias_uncache on. */
static int test_marshal_kernel(int argc, char **argv)
{
    BYTE *buf = alloc_pages(PAGE, PAGE_READWRITE);

    (void)argc, (void)argv;
    CHECK(buf != NULL);
    memset(buf, 0x5A, PAGE);
    if (marshal_round(buf, ARG_IO_PTR_DESC, FALSE) || /* AA2 */
        marshal_round(buf, ARG_IO_PTR_DESC | FORCE_ALIAS_DESC, TRUE)) /* AA3 */
        return 1;
    CHECK(buf[MT_OFFSET] == 0x5A && buf[MT_OFFSET + MT_BYTES - 1] == 0x5A);
    return 0;
}

enum test_kind {
    SUITE,  /* run by the runner */
    HELPER, /* run by other tests */
    SOLO,   /* run by the runner only when named */
};

struct test {
    const char *name;
    int (*fn)(int argc, char **argv);
    enum test_kind kind;
};

static const struct test tests[] = {
    {"two_processes_same_va", test_two_processes_same_va, SUITE},
    {"preempt", test_preempt, SUITE},
    {"priority", test_priority, SUITE},
    {"event_wait_timeout", test_event_wait_timeout, SUITE},
    {"thread_exit_wait", test_thread_exit_wait, SUITE},
    {"process_exit_wait", test_process_exit_wait, SUITE},
    {"virtual_alloc", test_virtual_alloc, SUITE},
    {"local_heap", test_local_heap, SUITE},
    {"process_memory", test_process_memory, SUITE},
    {"cache_flush", test_cache_flush, SUITE},
    {"ist_timer", test_ist_timer, SUITE},
    {"ioctl_kernel", test_ioctl_kernel, SUITE},
    {"ioctl_user", test_ioctl_user, SUITE},
    {"hostile_pointers", test_hostile_pointers, SUITE},
    {"fault_kill", test_fault_kill, SUITE},
    {"marshal_kernel", test_marshal_kernel, SUITE},
    {"host_crash", test_host_crash, SOLO},
    {"kernel_crash", test_kernel_crash, SOLO},
    {"va_writer", helper_va_writer, HELPER},
    {"exit_code", helper_exit_code, HELPER},
    {"exit_threads", helper_exit_threads, HELPER},
    {"last_thread", helper_last_thread, HELPER},
    {"sleeper", helper_sleeper, HELPER},
    {"fault", helper_fault, HELPER},
    {"rpm_child", helper_rpm_child, HELPER},
};

#define NTESTS (sizeof(tests) / sizeof(tests[0]))

static const struct test *find_test(const char *name)
{
    for (unsigned i = 0; i < NTESTS; i++) {
        if (strcmp(tests[i].name, name) == 0)
            return &tests[i];
    }
    return NULL;
}

/* What the kernel holds for processes: pages in use (heap and kernel tables excepted:
 * they keep what they grew) and heap blocks. A test may leave less (host_crash frees a
 * whole driver host), never more. */
struct usage {
    long pages, blocks;
};

static void usage_now(struct usage *u)
{
    KERNEL_STATS st;

    st.cbSize = sizeof(st);
    GetKernelStats(&st);
    u->pages =
        (long)(st.totalPages - st.freePages - st.heapMappedBytes / PAGE - st.kernelTablePages);
    u->blocks = (long)st.heapUsedBlocks;
}

/* Run one test in a process of its own; 1 when it passed without leaking. */
static int run_one(const struct test *t)
{
    struct usage before, after;
    PROCESS_INFORMATION pi;
    DWORD code = 0xDEADu;

    usage_now(&before);
    if (!spawn(t->name, NULL, 0, &pi)) {
        printf("test %s: FAIL (CreateProcess: error %lu)\n", t->name, GetLastError());
        return 0;
    }
    if (WaitForSingleObject(pi.hProcess, TEST_TIMEOUT_MS) != WAIT_OBJECT_0) {
        TerminateProcess(pi.hProcess, 0xDEADu);
        WaitForSingleObject(pi.hProcess, INFINITE);
    }
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    usage_now(&after);
    if (code != 0) {
        printf("test %s: FAIL (exit code 0x%lx)\n", t->name, (unsigned long)code);
        return 0;
    }
    if (after.pages > before.pages || after.blocks > before.blocks) {
        printf("test %s: FAIL (leak: %ld pages, %ld heap blocks)\n", t->name,
               after.pages - before.pages, after.blocks - before.blocks);
        return 0;
    }
    printf("test %s: PASS\n", t->name);
    return 1;
}

static int run_tests(int argc, char **argv)
{
    unsigned run = 0, passed = 0;

    for (unsigned i = 0; i < NTESTS; i++) {
        int wanted = argc == 0 && tests[i].kind == SUITE;
        for (int k = 0; k < argc; k++)
            wanted |= strcmp(argv[k], tests[i].name) == 0;
        if (!wanted || tests[i].kind == HELPER)
            continue;
        run++;
        passed += (unsigned)run_one(&tests[i]);
    }
    printf("ktest: %u of %u tests passed\n", passed, run);
    return (int)(run - passed);
}

int main(int argc, char **argv)
{
    const struct test *t;

    if (argc < 2)
        return run_tests(0, NULL);
    if (strcmp(argv[1], "run") == 0)
        return run_tests(argc - 2, argv + 2);
    t = find_test(argv[1]);
    if (!t) {
        printf("ktest: no test %s\n", argv[1]);
        return 2;
    }
    test_name = t->name;
    return t->fn(argc - 1, argv + 1);
}
