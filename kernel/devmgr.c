/*
 * devmgr.c: the device manager (see devmgr.h): driver loading, CreateFile,
 * DeviceIoControl, and XXX_Close when the last handle to an open device goes.
 *
 * Driver code of a kernel-mode driver runs with IRQs unmasked (it is preemptible, like
 * the rest of the thread's user-visible work); the kernel's own state is never touched
 * there, only through system calls.
 *
 * Errors (GetLastError):
 *   CreateFile:      ERROR_INVALID_PARAMETER (bad name pointer, name too long, creation
 *                    disposition other than OPEN_EXISTING), ERROR_FILE_NOT_FOUND (no such
 *                    device), ERROR_GEN_FAILURE (XXX_Open failed or its host died),
 *                    ERROR_NOT_ENOUGH_MEMORY
 *   DeviceIoControl: ERROR_INVALID_HANDLE, ERROR_NOT_SUPPORTED (lpOverlapped),
 *                    ERROR_INVALID_PARAMETER (a buffer or lpBytesReturned fails A1, or a
 *                    copy faults, A3), ERROR_GEN_FAILURE (the host died), or whatever the
 *                    driver set when its XXX_IOControl returned FALSE
 */
#include "devmgr.h"

#include <stdio.h>
#include <string.h>

#include "arm.h"
#include "cetypes.h"
#include "console.h"
#include "kernel.h"
#include "kheap.h"
#include "mmu.h"
#include "page.h"
#include "proc.h"
#include "reflect.h"
#include "sched.h"
#include "syscalls.h"
#include "toc.h"
#include "uaccess.h"

#define DEV_NAME_MAX 8u /* "SMP1:" and its NUL */
#define MAX_DEVICES ROM_MAX_MODULES
#define CREATE_FILE_ARGS 7u
#define CF_CREATION 4
#define IOCTL_ARGS 8u
#define IO_OUT 4
#define IO_OUT_LEN 5
#define IO_ACTUAL 6
#define IO_OVERLAPPED 7
#define INIT_CONTEXT_FMT "Drivers\\Active\\%s"
#define INIT_CONTEXT_MAX 32u

struct device {
    char name[DEV_NAME_MAX];
    const struct rom_module *mod;
    struct process *host; /* NULL: kernel mode (a reference is held) */
    uint32_t init_ctx;    /* XXX_Init's result */
};

struct file {
    struct kobj obj;
    struct device *dev;
    uint32_t open_ctx; /* XXX_Open's result */
};

static struct device devices[MAX_DEVICES];
static unsigned ndevices;

typedef uint32_t (*init_fn)(uint32_t ctx, uint32_t bus);
typedef uint32_t (*open_fn)(uint32_t dev, uint32_t access, uint32_t share);
typedef uint32_t (*close_fn)(uint32_t open_ctx);
typedef uint32_t (*ioctl_fn)(uint32_t open_ctx, uint32_t code, uint32_t in, uint32_t in_len,
                             uint32_t out, uint32_t out_len, uint32_t actual);

/* ---- calls into drivers ---- */

/* A kernel-mode entry point with up to three arguments, preemptible. */
static uint32_t call_kernel3(uint32_t fn, uint32_t a0, uint32_t a1, uint32_t a2)
{
    uint32_t r, saved = arm_irq_save();

    arm_irq_enable();
    r = ((open_fn)fn)(a0, a1, a2);
    arm_irq_restore(saved);
    return r;
}

/* Entry point `exp` of dev with up to three arguments: 0 and *r, or -1 (host died). */
static int call_driver(struct device *dev, enum rom_export exp, uint32_t a0, uint32_t a1,
                       uint32_t a2, uint32_t *r)
{
    struct upcall_args u = {.entry = dev->mod->exports[exp],
                            .n = 3,
                            .blob_arg = UPCALL_NO_ARG,
                            .out_arg = UPCALL_NO_ARG,
                            .a = {a0, a1, a2}};

    if (!dev->host) {
        *r = call_kernel3(u.entry, a0, a1, a2);
        return 0;
    }
    if (reflect_call(dev->host, &u) != 0)
        return -1;
    *r = u.result;
    return 0;
}

/* ---- loading ---- */

static int kernel_image_ok(const struct rom_module *m)
{
    uint32_t data_end = m->data_va + PAGE_ROUND_UP(m->data_size + m->bss_size);

    return m->text_va >= VM_KDRIVERS && m->data_va >= m->text_va + PAGE_ROUND_UP(m->text_size) &&
           data_end >= m->data_va && data_end <= VM_KDRIVERS_END;
}

/* Text in place from the ROM, data and bss on fresh pages, all in the kernel half. */
static int load_kernel_image(const struct rom_module *m)
{
    uint32_t data_end = m->data_va + PAGE_ROUND_UP(m->data_size + m->bss_size);

    if (!kernel_image_ok(m))
        return -1;
    for (uint32_t off = 0; off < PAGE_ROUND_UP(m->text_size); off += VM_PAGE_SIZE) {
        if (mmu_map_page(m->text_va + off, m->text_pa + off, AP_PRIV_RW, ATTR_WRITEBACK) != 0)
            return -1;
    }
    for (uint32_t va = m->data_va; va < data_end; va += VM_PAGE_SIZE) {
        uint32_t pa = page_alloc_zeroed();
        if (pa == PAGE_NONE || mmu_map_page(va, pa, AP_PRIV_RW, ATTR_WRITEBACK) != 0)
            return -1;
    }
    memcpy((void *)m->data_va, (const void *)KERNEL_VA(m->data_pa), m->data_size);
    return 0;
}

static uint32_t init_driver(struct device *dev)
{
    char ctx[INIT_CONTEXT_MAX];
    struct upcall_args u = {
        .entry = dev->mod->exports[ROM_EXP_INIT], .n = 2, .blob_arg = 0, .out_arg = UPCALL_NO_ARG};

    snprintf(ctx, sizeof(ctx), INIT_CONTEXT_FMT, dev->mod->name);
    if (!dev->host)
        return call_kernel3(u.entry, (uint32_t)ctx, 0, 0);
    u.blob = ctx;
    u.blob_len = strlen(ctx) + 1;
    return reflect_call(dev->host, &u) == 0 ? u.result : 0;
}

static const char *load_driver(const struct rom_module *m, struct device *dev)
{
    dev->mod = m;
    snprintf(dev->name, sizeof(dev->name), "%s:", m->name);
    if (m->flags & ROM_MODF_KERNEL_MODE) {
        if (load_kernel_image(m) != 0)
            return "cannot load its image";
    } else {
        dev->host = process_create_host(m);
        if (!dev->host || reflect_prepare_host(dev->host) != 0)
            return "cannot create its host process";
        kobj_get(&dev->host->obj); /* the device outlives a host that dies */
    }
    dev->init_ctx = init_driver(dev);
    if (dev->init_ctx == 0)
        return "its Init failed";
    return NULL;
}

void devmgr_init(void)
{
    for (unsigned i = 0; i < rom_module_count(); i++) {
        const struct rom_module *m = rom_module_at(i);
        struct device *dev = &devices[ndevices];
        const char *why;
        if (m->kind != ROM_MOD_DRIVER)
            continue;
        why = load_driver(m, dev);
        if (why) {
            kprintf("kernel: driver %s not loaded: %s\n", m->name, why);
            continue;
        }
        kprintf("kernel: driver %s loaded (%s mode%s%s)\n", dev->name,
                dev->host ? "user" : "kernel", dev->host ? ", host " : "",
                dev->host ? dev->host->name : "");
        ndevices++;
    }
}

/* ---- CreateFile and CloseHandle ---- */

static char to_upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* Device names compare without regard to case, as in CE ("smp1:" is "SMP1:"). */
static struct device *find_device(const char *name)
{
    for (unsigned i = 0; i < ndevices; i++) {
        const char *a = devices[i].name, *b = name;
        while (*a && *a == to_upper(*b))
            a++, b++;
        if (!*a && !*b)
            return &devices[i];
    }
    return NULL;
}

void devmgr_file_destroy(struct kobj *o)
{
    struct file *f = (struct file *)o;
    uint32_t r;

    if (f->dev->mod->exports[ROM_EXP_CLOSE])
        call_driver(f->dev, ROM_EXP_CLOSE, f->open_ctx, 0, 0, &r);
    kfree(f);
}

/* HANDLE CreateFile(LPCTSTR name, DWORD access, DWORD share, lpsa, DWORD creation,
 * DWORD flags, HANDLE template): INVALID_HANDLE_VALUE on failure. */
uint32_t sys_CreateFile(struct sc *c)
{
    char name[DEV_NAME_MAX];
    struct device *dev;
    struct file *f;
    uint32_t open_ctx, h;

    if (sc_stack_args(c, CREATE_FILE_ARGS) != 0 ||
        strncpy_from_caller(c->kernel, name, c->a[0], sizeof(name)) < 0 ||
        c->a[CF_CREATION] != OPEN_EXISTING)
        return sc_fail(ERROR_INVALID_PARAMETER, (uint32_t)INVALID_HANDLE_VALUE);
    dev = find_device(name);
    if (!dev)
        return sc_fail(ERROR_FILE_NOT_FOUND, (uint32_t)INVALID_HANDLE_VALUE);
    f = kmalloc(sizeof(*f));
    if (!f || handle_count(c->p) >= HANDLE_MAX) {
        kfree(f);
        return sc_fail(ERROR_NOT_ENOUGH_MEMORY, (uint32_t)INVALID_HANDLE_VALUE);
    }
    open_ctx = dev->init_ctx;
    if (dev->mod->exports[ROM_EXP_OPEN] &&
        (call_driver(dev, ROM_EXP_OPEN, dev->init_ctx, c->a[1], c->a[2], &open_ctx) != 0 ||
         open_ctx == 0)) {
        kfree(f);
        return sc_fail(ERROR_GEN_FAILURE, (uint32_t)INVALID_HANDLE_VALUE);
    }
    kobj_init(&f->obj, KOBJ_FILE, 0);
    f->dev = dev;
    f->open_ctx = open_ctx;
    h = handle_insert(c->p, &f->obj);
    kobj_put(&f->obj); /* the handle holds it */
    return h;
}

/* ---- DeviceIoControl ---- */

/* Kernel mode: the caller's pointers, unchanged (direct access, K2: no switch). */
static uint32_t ioctl_kernel(struct file *f, struct sc *c)
{
    ioctl_fn fn = (ioctl_fn)f->dev->mod->exports[ROM_EXP_IOCONTROL];
    uint32_t r, saved = arm_irq_save();

    arm_irq_enable();
    r = fn(f->open_ctx, c->a[1], c->a[2], c->a[3], c->a[IO_OUT], c->a[IO_OUT_LEN], c->a[IO_ACTUAL]);
    arm_irq_restore(saved);
    return r;
}

static uint32_t ioctl_user(struct file *f, struct sc *c)
{
    uint32_t ret = FALSE, actual = 0, err;

    err = reflect_ioctl(f->dev->host, f->dev->mod->exports[ROM_EXP_IOCONTROL], f->open_ctx, c->a[1],
                        c->a[2], c->a[3], c->a[IO_OUT], c->a[IO_OUT_LEN], c->kernel, &ret, &actual);
    if (err)
        return sc_fail(err, FALSE);
    if (c->a[IO_ACTUAL] && copy_to_caller(c->kernel, c->a[IO_ACTUAL], &actual, 4) != 0)
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    return ret;
}

/* BOOL DeviceIoControl(HANDLE, DWORD code, LPVOID in, DWORD inLen, LPVOID out,
 * DWORD outLen, LPDWORD lpBytesReturned, LPOVERLAPPED): every pointer checked (A1)
 * before the driver runs. */
uint32_t sys_DeviceIoControl(struct sc *c)
{
    struct file *f;
    uint32_t r;
    uint8_t serve_kernel;

    if (sc_stack_args(c, IOCTL_ARGS) != 0)
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    f = (struct file *)handle_lookup(c->p, c->a[0], KOBJ_FILE);
    if (!f)
        return sc_fail(ERROR_INVALID_HANDLE, FALSE);
    if (c->a[IO_OVERLAPPED])
        return sc_fail(ERROR_NOT_SUPPORTED, FALSE);
    if ((c->a[3] && (!c->a[2] || !sc_ptr_ok(c, c->a[2], c->a[3], 0))) ||
        (c->a[IO_OUT_LEN] && (!c->a[IO_OUT] || !sc_ptr_ok(c, c->a[IO_OUT], c->a[IO_OUT_LEN], 1))) ||
        (c->a[IO_ACTUAL] && !sc_ptr_ok(c, c->a[IO_ACTUAL], sizeof(DWORD), 1)))
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    kobj_get(&f->obj); /* the driver may block: the handle may be closed meanwhile */
    current->last_error = ERROR_SUCCESS;
    serve_kernel = current->serve_kernel;
    current->serve_kernel = (uint8_t)c->kernel; /* A2 for the driver's marshaling calls */
    r = f->dev->host ? ioctl_user(f, c) : ioctl_kernel(f, c);
    current->serve_kernel = serve_kernel;
    kobj_put(&f->obj);
    return r;
}
