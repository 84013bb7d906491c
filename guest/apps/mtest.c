/*
 * mtest: the marshaling semantics suite, one test per rule id of spec/marshal.md. One
 * image is the runner, every test and the helpers (as ktest):
 *
 *   mtest [docs|ce7] [vivt|pipt] [run NAME...]   runner: the configuration the scenario
 *                     booted (kernel.marshal_policy, cache.tags: the test drivers cannot
 *                     see it, so the scenario passes it here too), then every test or
 *                     the named ones
 *   mtest NAME CFG [ARGS]                         one test (or helper) in this process
 *   mtest [docs|ce7] [vivt|pipt] l1_leak          helper: leave one buffer live (L1's
 *                                                 host test expects it in the leaks)
 *
 * The runner starts each test in its own process and prints `test NAME: PASS`, `test
 * NAME: SKIP (why)` (the rule does not apply in this driver mode or configuration) or
 * `test NAME: FAIL (...)`; its exit code is the number of failures. A test names its
 * rule first (AA3_force_alias checks AA3). Most tests send IOCTL_MT_RUN to the C test
 * driver (MTD1:, guest/drivers/mtestdrv.c), which runs the rule's scenario in driver
 * context and reports; the test then checks what the caller sees afterwards. M1-M6 go
 * to the C++ driver (MTP1:, guest/drivers/mtestpp.cpp); K5 runs the asynchronous sample
 * driver ASY1: (guest/drivers/asyncdrv.c). What only the simulator sees (modes, uncached pages,
 * leaks, coherence findings) is checked from the JSON report by tests/e2e/marshal-e2e.
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "async_ioctl.h"
#include "cesim.h"
#include "mtest_ioctl.h"

#define PAGE 4096u
#define CHILD_TIMEOUT_MS 30000u
#define CMDLINE_MAX 96
#define EXIT_SKIP 77
#define DATA_LEN 4096u /* top-level data: above the ce7 threshold, one page */
#define BUF_LEN 512u   /* embedded buffer */
#define VA_FIXED 0x40000000u
#define FREE_AFTER_MS 5u   /* A3/D2: the app's thread frees the buffer after this */
#define DRIVER_HOLD_MS 30u /* ... while the driver holds its copy this long */
#define WORKER_MS 20u      /* AF1/K1: the driver's worker frees after this */

static DWORD config;
static const char *test_name = "?";
static MT_RES last;

static void fail_at(int line, const char *what)
{
    printf("mtest %s: line %d: %s (driver line %lu, obs", test_name, line, what,
           (unsigned long)last.line);
    for (DWORD i = 0; i < last.nobs && i < MT_OBS; i++)
        printf(" %08lx", (unsigned long)last.obs[i]);
    printf(")\n");
}

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fail_at(__LINE__, #cond);                                                              \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

/* ---- helpers ---- */

static BOOL spawn(const char *image, const char *cmd, PROCESS_INFORMATION *pi)
{
    return CreateProcess(image, cmd, NULL, NULL, FALSE, 0, NULL, NULL, NULL, pi);
}

static DWORD wait_code(PROCESS_INFORMATION *pi)
{
    DWORD code = 0xDEADu;

    if (WaitForSingleObject(pi->hProcess, CHILD_TIMEOUT_MS) == WAIT_OBJECT_0)
        GetExitCodeProcess(pi->hProcess, &code);
    CloseHandle(pi->hThread);
    CloseHandle(pi->hProcess);
    return code;
}

static DWORD run_child(const char *image, const char *cmd)
{
    PROCESS_INFORMATION pi;

    return spawn(image, cmd, &pi) ? wait_code(&pi) : 0xBADu;
}

static void fill(BYTE *p, DWORD n, DWORD seed)
{
    for (DWORD i = 0; i < n; i++)
        p[i] = mt_pattern(seed, i);
}

static int holds(const BYTE *p, DWORD n, DWORD seed)
{
    for (DWORD i = 0; i < n; i++)
        if (p[i] != mt_pattern(seed, i))
            return 0;
    return 1;
}

static BYTE *alloc_pages(LPVOID at, DWORD bytes)
{
    return VirtualAlloc(at, bytes, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
}

/* The output buffer of IOCTL_MT_RUN: MT_RES, then the data (app pattern in it). */
struct call {
    BYTE *out;
    BYTE *data;
    BYTE *buf; /* embedded */
    MT_REQ rq;
};

static int call_init(struct call *c, const char *rule, BYTE *out_at, BYTE *buf_at)
{
    memset(c, 0, sizeof(*c));
    c->out = out_at ? out_at : alloc_pages(NULL, MT_DATA_OFFSET + DATA_LEN);
    c->buf = buf_at ? buf_at : alloc_pages(NULL, BUF_LEN);
    if (!c->out || !c->buf)
        return 0;
    c->data = c->out + MT_DATA_OFFSET;
    fill(c->data, DATA_LEN, MT_SEED_APP);
    fill(c->buf, BUF_LEN, MT_SEED_APP);
    mt_rule_id(rule, &c->rq.rule, &c->rq.rule2);
    c->rq.config = config;
    c->rq.len = DATA_LEN;
    c->rq.buf = c->buf;
    c->rq.bufLen = BUF_LEN;
    return 1;
}

/* Send the request to dev; the driver's report in `last` (and at c->out). */
static int send(const char *dev, struct call *c)
{
    HANDLE h = CreateFile(dev, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    DWORD ret = 0;
    BOOL ok;

    if (h == INVALID_HANDLE_VALUE)
        return 0;
    ok = DeviceIoControl(h, IOCTL_MT_RUN, &c->rq, sizeof(c->rq), c->out, MT_DATA_OFFSET + c->rq.len,
                         &ret, NULL);
    CloseHandle(h);
    memcpy(&last, c->out, sizeof(last));
    return ok && ret == sizeof(MT_RES) && last.ran;
}

/* Run the rule in the driver: 0 pass, EXIT_SKIP, 1 fail. */
static int drive(const char *dev, struct call *c)
{
    CHECK(send(dev, c));
    if (last.skip)
        return EXIT_SKIP;
    CHECK(last.ok);
    return 0;
}

#define DRIVE(dev, c)                                                                              \
    do {                                                                                           \
        int rc_ = drive(dev, c);                                                                   \
        if (rc_)                                                                                   \
            return rc_;                                                                            \
    } while (0)

/* ---- the tests ---- */

/* The driver's checks are the whole test (V1, V4, AA1-AA4, AA6, AF2, AF3, FL1, D1, O1). */
static int t_plain(void)
{
    struct call c;

    CHECK(call_init(&c, test_name, NULL, NULL));
    DRIVE("MTD1:", &c);
    return 0;
}

/* ... and then the caller's top-level data holds the driver's bytes (AA5, FL2, D2, K3). */
static int t_data_written(void)
{
    struct call c;

    CHECK(call_init(&c, test_name, NULL, NULL));
    DRIVE("MTD1:", &c);
    CHECK(last.after != MT_AFTER_DRIVER || holds(c.data, DATA_LEN, MT_SEED_DRIVER));
    return 0;
}

/* K4: the app's bytes are written just before the call: dirty lines in a VIVT cache. */
static int t_K4(void)
{
    return t_data_written();
}

/* ... or its embedded buffer does (C1), or the first half of it (O2: out-only copied in). */
static int t_buf_written(void)
{
    struct call c;

    CHECK(call_init(&c, test_name, NULL, NULL));
    DRIVE("MTD1:", &c);
    if (strncmp(test_name, "O2", 2) == 0) {
        CHECK(holds(c.buf, BUF_LEN / 2, MT_SEED_DRIVER));
        for (DWORD i = BUF_LEN / 2; i < BUF_LEN; i++)
            CHECK(c.buf[i] == mt_pattern(MT_SEED_APP, i));
    } else {
        CHECK(holds(c.buf, BUF_LEN, MT_SEED_DRIVER));
    }
    return 0;
}

static int t_V2(void)
{
    static const BYTE wide[] = {'h', 0, 'i', 0, 0, 0};
    struct call c;

    CHECK(call_init(&c, test_name, NULL, NULL));
    memcpy(c.buf, "marshal", 8);
    memcpy(c.buf + 16, wide, sizeof(wide));
    DRIVE("MTD1:", &c);
    return 0;
}

static int heap_blocks(DWORD *blocks, DWORD *bytes)
{
    KERNEL_STATS st;

    st.cbSize = sizeof(st);
    if (!GetKernelStats(&st))
        return 0;
    *blocks = st.heapUsedBlocks, *bytes = st.heapUsedBytes;
    return 1;
}

/* Live marshaling buffers of every process, the kernel's own record (AF3, L1): a
 * user-mode driver's duplicates live in its host, not in the kernel heap. */
static int live_buffers(DWORD *live)
{
    MARSHAL_DEBUG q;

    memset(&q, 0, sizeof(q));
    q.cbSize = sizeof(q);
    q.op = MARSHAL_DEBUG_QUERY;
    if (!KernelMarshalDebug(&q))
        return 0;
    *live = q.live;
    return 1;
}

/* V3 and L1: the kernel's heap and its record of live buffers are as they were after
 * the calls (nothing stays allocated, in either driver mode). */
static int t_no_growth(void)
{
    DWORD b0, y0, l0, b1, y1, l1;
    struct call c;

    CHECK(call_init(&c, test_name, NULL, NULL));
    CHECK(heap_blocks(&b0, &y0) && live_buffers(&l0));
    DRIVE("MTD1:", &c);
    CHECK(heap_blocks(&b1, &y1) && live_buffers(&l1));
    CHECK(b1 == b0 && y1 == y0);
    CHECK(l1 == l0);
    return 0;
}

/* A1: a read-only page and a reserved, uncommitted address of this process. */
static int t_A1(void)
{
    BYTE *ro = alloc_pages(NULL, PAGE);
    BYTE *hole = VirtualAlloc(NULL, PAGE, MEM_RESERVE, PAGE_READWRITE);
    DWORD old;
    struct call c;

    CHECK(ro && hole && call_init(&c, test_name, NULL, ro));
    CHECK(VirtualProtect(ro, PAGE, PAGE_READONLY, &old));
    c.rq.bufLen = 16;
    c.rq.arg = (DWORD)hole;
    DRIVE("MTD1:", &c);
    return 0;
}

static DWORD free_later(LPVOID p)
{
    Sleep(FREE_AFTER_MS);
    return VirtualFree(p, 0, MEM_RELEASE);
}

/* A3 and D2_fail: the embedded buffer is released while the driver holds a copy. */
static int t_freed_under(void)
{
    struct call c;
    HANDLE h;
    int rc;

    CHECK(call_init(&c, test_name, NULL, NULL));
    c.rq.arg = DRIVER_HOLD_MS;
    h = CreateThread(NULL, 0, free_later, c.buf, 0, NULL);
    CHECK(h != NULL);
    rc = drive("MTD1:", &c);
    WaitForSingleObject(h, CHILD_TIMEOUT_MS);
    CloseHandle(h);
    return rc;
}

/* O3: the app's buffer sits where the host maps other bytes (VA_FIXED in both). */
static int t_O3(void)
{
    struct call c;
    BYTE *at = alloc_pages((LPVOID)VA_FIXED, BUF_LEN);

    CHECK(at == (BYTE *)VA_FIXED && call_init(&c, test_name, NULL, at));
    DRIVE("MTD1:", &c);
    return 0;
}

/* AF1 step 0 on `slot` then (after `other` spins in another process) step 1; the data
 * must then hold the driver's bytes for that slot. at: fixed data address or NULL. */
static int af1_pair(DWORD slot, BYTE *at)
{
    struct call c;
    PROCESS_INFORMATION pi;

    CHECK(call_init(&c, "AF1", at, NULL));
    c.rq.slot = slot;
    c.rq.arg = WORKER_MS;
    CHECK(spawn("mtest", "spin 40", &pi)); /* another address space while the worker runs */
    DRIVE("MTD1:", &c);
    Sleep(1);
    CHECK(wait_code(&pi) == 0);
    c.rq.step = 1;
    DRIVE("MTD1:", &c);
    CHECK(holds(c.data, DATA_LEN, MT_SEED_DRIVER + slot));
    return 0;
}

static int t_AF1(void)
{
    return af1_pair(0, NULL);
}

/* AF1: the allocating process exits before the free: E_FAIL for a duplicate. */
static int t_AF1_gone(void)
{
    struct call c;
    char cmd[CMDLINE_MAX];

    snprintf(cmd, sizeof(cmd), "af1_step0 %lu", (unsigned long)config);
    CHECK(run_child("mtest", cmd) == 0);
    CHECK(call_init(&c, "AF1", NULL, NULL));
    c.rq.step = 1;
    c.rq.arg = 1;
    DRIVE("MTD1:", &c);
    return 0;
}

static int helper_af1_step0(void)
{
    struct call c;

    CHECK(call_init(&c, "AF1", NULL, NULL));
    c.rq.arg = 0; /* no worker: the parent frees after this process is gone */
    DRIVE("MTD1:", &c);
    return 0;
}

/* K1: two processes, the same virtual address, one asynchronous buffer each. */
static int t_K1(void)
{
    PROCESS_INFORMATION a, b;

    char cmd[CMDLINE_MAX];

    snprintf(cmd, sizeof(cmd), "k1_child %lu 0", (unsigned long)config);
    CHECK(spawn("mtest", cmd, &a));
    cmd[strlen(cmd) - 1] = '1';
    CHECK(spawn("mtest", cmd, &b));
    CHECK(wait_code(&a) == 0);
    CHECK(wait_code(&b) == 0);
    return 0;
}

static int helper_k1_child(DWORD slot)
{
    BYTE *at = alloc_pages((LPVOID)VA_FIXED, MT_DATA_OFFSET + DATA_LEN);

    CHECK(at == (BYTE *)VA_FIXED);
    return af1_pair(slot, at);
}

static DWORD switches(void)
{
    KERNEL_STATS st;

    st.cbSize = sizeof(st);
    return GetKernelStats(&st) ? st.addressSpaceSwitches : 0;
}

/* K2: a kernel-mode driver call switches no address space, a user-mode one two. */
static int t_K2(void)
{
    struct call c;
    DWORD before, n;

    CHECK(call_init(&c, test_name, NULL, NULL));
    before = switches();
    DRIVE("MTD1:", &c);
    n = switches() - before;
    CHECK(last.kernelMode ? n == 0 : n >= 2);
    return 0;
}

/* K5: the sample driver's IST fills a caller's buffer through its asynchronous buffer
 * while another process is mapped (the simulator reports any touch of the user address
 * itself: tests/e2e/marshal-e2e). */
static int t_K5(void)
{
    ASY_START st = {.interrupts = 3, .periodUs = 2000, .seed = 5};
    ASY_RESULT r;
    PROCESS_INFORMATION pi;
    HANDLE h = CreateFile("ASY1:", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    BYTE *buf = alloc_pages(NULL, PAGE);
    DWORD ret = 0;

    CHECK(h != INVALID_HANDLE_VALUE && buf);
    CHECK(spawn("mtest", "spin 20", &pi));
    CHECK(DeviceIoControl(h, IOCTL_ASY_START, &st, sizeof(st), buf, PAGE, &ret, NULL));
    while (!DeviceIoControl(h, IOCTL_ASY_WAIT, NULL, 0, &r, sizeof(r), &ret, NULL))
        CHECK(GetLastError() == ERROR_BUSY);
    CHECK(wait_code(&pi) == 0);
    CloseHandle(h);
    CHECK(r.allocResult == S_OK && r.freeResult == S_OK && r.interrupts == st.interrupts);
    for (DWORD i = 0; i < PAGE; i++)
        CHECK(buf[i] == asy_pattern(st.seed, st.interrupts, i));
    return 0;
}

/* M1-M6: the C++ wrappers, in the C++ driver. */
static int t_cxx(void)
{
    struct call c;

    CHECK(call_init(&c, test_name, NULL, NULL));
    DRIVE("MTP1:", &c);
    CHECK(last.after != MT_AFTER_DRIVER || holds(c.buf, BUF_LEN, MT_SEED_DRIVER));
    return 0;
}

/* For the host test of L1: one asynchronous duplicate left live on purpose; the
 * simulator must report it, with its call site, at the end of the run. */
static int helper_l1_leak(void)
{
    struct call c;

    CHECK(call_init(&c, "L1", NULL, NULL));
    c.rq.arg = 1;
    DRIVE("MTD1:", &c);
    return 0;
}

static int helper_spin(DWORD ms)
{
    DWORD end = GetTickCount() + ms;
    volatile DWORD guard = 0;

    while ((LONG)(end - GetTickCount()) > 0 && ++guard < 100000000u)
        ;
    return 0;
}

static const struct test {
    const char *name;
    int (*run)(void);
} tests[] = {
    {"V1_null_pointers", t_plain},
    {"V2_sizes_and_descriptors", t_V2},
    {"V3_failure_leaves_nothing", t_no_growth},
    {"V4_wrap", t_plain},
    {"A1_access_check", t_A1},
    {"A2_kernel_caller", t_plain},
    {"A3_protected_copy", t_freed_under},
    {"O1_direct", t_plain},
    {"O2_duplicate", t_buf_written},
    {"O3_user_duplicate_from_app", t_O3},
    {"C1_close_writeback", t_buf_written},
    {"AA1_kernel_source", t_plain},
    {"AA2_vivt_duplicate", t_plain},
    {"AA3_force_alias", t_plain},
    {"AA4_pipt_alias", t_plain},
    {"AA5_user_duplicate", t_data_written},
    {"AA6_no_caller", t_plain},
    {"AF1_writeback_elsewhere", t_AF1},
    {"AF1_caller_gone", t_AF1_gone},
    {"AF2_alias_free", t_plain},
    {"AF3_mismatch", t_plain},
    {"FL1_no_out_bit", t_plain},
    {"FL2_flush", t_data_written},
    {"D1_duplicate", t_plain},
    {"D2_free_writeback", t_data_written},
    {"D2_caller_gone", t_freed_under},
    {"M1_ctor_dtor", t_cxx},
    {"M2_allocate_twice", t_cxx},
    {"M3_free_unallocated", t_cxx},
    {"M4_failed_allocate", t_cxx},
    {"M5_const_no_out", t_cxx},
    {"M6_flush_unallocated", t_cxx},
    {"K1_two_processes_same_va", t_K1},
    {"K2_switches", t_K2},
    {"K3_alias_then_cached", t_data_written},
    {"K4_dirty_lines_cleaned", t_K4},
    {"K5_ist_async_buffer", t_K5},
    {"L1_no_leaks", t_no_growth},
};
#define NTESTS (sizeof(tests) / sizeof(tests[0]))

static const char *skip_reason(void)
{
    return "does not apply in this driver mode or configuration";
}

/* Runner: one process per test; `only` the named ones when given. */
static int runner(int argc, char **argv, int first)
{
    char cmd[CMDLINE_MAX];
    int failures = 0, passed = 0, skipped = 0;

    for (DWORD i = 0; i < NTESTS; i++) {
        int wanted = first >= argc;
        for (int a = first; a < argc; a++)
            wanted |= strcmp(argv[a], tests[i].name) == 0;
        if (!wanted)
            continue;
        snprintf(cmd, sizeof(cmd), "%s %lu", tests[i].name, (unsigned long)config);
        DWORD code = run_child("mtest", cmd);
        if (code == 0) {
            printf("test %s: PASS\n", tests[i].name);
            passed++;
        } else if (code == EXIT_SKIP) {
            printf("test %s: SKIP (%s)\n", tests[i].name, skip_reason());
            skipped++;
        } else {
            printf("test %s: FAIL (exit code 0x%lx)\n", tests[i].name, (unsigned long)code);
            failures++;
        }
    }
    printf("mtest: %d passed, %d skipped, %d failed (%s, %s)\n", passed, skipped, failures,
           config & MT_CFG_CE7 ? "ce7" : "docs", config & MT_CFG_PIPT ? "pipt" : "vivt");
    return failures;
}

static DWORD parse_u32(const char *s)
{
    DWORD v = 0;

    while (*s >= '0' && *s <= '9')
        v = v * 10 + (DWORD)(*s++ - '0');
    return v;
}

int main(int argc, char **argv)
{
    int a = 1;

    for (; a < argc; a++) {
        if (strcmp(argv[a], "ce7") == 0)
            config |= MT_CFG_CE7;
        else if (strcmp(argv[a], "pipt") == 0)
            config |= MT_CFG_PIPT;
        else if (strcmp(argv[a], "docs") && strcmp(argv[a], "vivt"))
            break;
    }
    if (a >= argc)
        return runner(argc, argv, argc);
    if (strcmp(argv[a], "run") == 0)
        return runner(argc, argv, a + 1);
    test_name = argv[a];
    if (a + 1 < argc)
        config = parse_u32(argv[a + 1]);
    if (strcmp(test_name, "spin") == 0)
        return helper_spin(a + 1 < argc ? parse_u32(argv[a + 1]) : 10);
    if (strcmp(test_name, "l1_leak") == 0)
        return helper_l1_leak();
    if (strcmp(test_name, "af1_step0") == 0)
        return helper_af1_step0();
    if (strcmp(test_name, "k1_child") == 0)
        return helper_k1_child(a + 2 < argc ? parse_u32(argv[a + 2]) : 0);
    for (DWORD i = 0; i < NTESTS; i++)
        if (strcmp(test_name, tests[i].name) == 0)
            return tests[i].run();
    printf("mtest: no test %s\n", test_name);
    return 2;
}
