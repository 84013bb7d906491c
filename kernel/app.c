/*
 * app.c: the app launcher.
 *
 * FOR NOW APPS RUN IN KERNEL CONTEXT: in SVC mode, in the kernel's own page table, one
 * after the other, with privileged-only mappings. This is the foundation's stand-in;
 * the process work replaces it with user-mode processes in their own address spaces.
 *
 * For each ROM_MOD_APP, in TOC order: map its text pages where they are in the ROM
 * (execute in place), give it fresh pages for .data (copied from the ROM image) and
 * .bss (zeroed), and a zeroed stack just below VM_USER_END with its arguments on top;
 * then call its entry, entry(args, name), on that stack (kernel/app_call.S). The app's
 * runtime ends with the ExitProcess system call, whose handler jumps back here with the
 * exit code. Then every page is unmapped and the owned ones freed; a page count that
 * does not come back is reported.
 *
 * All copies into the app go through the app's own virtual addresses, never through the
 * kernel's RAM window: on a VIVT cache, two addresses of one page are two sets of lines.
 */
#include "app.h"

#include <string.h>

#include "arm.h"
#include "console.h"
#include "kernel.h"
#include "mmu.h"
#include "page.h"
#include "toc.h"

#define APP_STACK_SIZE (16u * VM_PAGE_SIZE)
#define APP_STACK_TOP VM_USER_END
#define APP_STACK_BASE (APP_STACK_TOP - APP_STACK_SIZE)
#define APP_IMAGE_END (APP_STACK_BASE - VM_PAGE_SIZE) /* an unmapped guard page between */
#define APP_STACK_ALIGN 8u                            /* AAPCS at a public interface */
#define WORD_ALIGN(x) (((x) + 3u) & ~3u)

/* Mappings of apps running in kernel context: privileged only (see above). */
#define APP_AP AP_PRIV_RW
#define APP_ATTR ATTR_WRITEBACK

/* The app being run, for ExitProcess. */
struct app_run {
    const struct rom_module *mod;
    uint32_t kernel_sp; /* where app_leave() finds the launcher's registers */
};

static struct app_run *current;

/* Ranges of one app, page aligned: [text, text_end) from the ROM, [data, data_end) owned. */
struct app_layout {
    uint32_t text, text_end;
    uint32_t data, data_end;
};

static void app_layout_of(const struct rom_module *m, struct app_layout *l)
{
    l->text = m->text_va;
    l->text_end = m->text_va + PAGE_ROUND_UP(m->text_size);
    l->data = m->data_va;
    l->data_end = m->data_va + PAGE_ROUND_UP(m->data_size + m->bss_size);
}

static int in_image_range(uint32_t start, uint32_t end)
{
    return start >= VM_USER_BASE && start <= end && end <= APP_IMAGE_END;
}

/* Where the app wants to run must be user space below the stack, and sane. */
static const char *app_check(const struct rom_module *m, const struct app_layout *l)
{
    if (m->text_size == 0 || !in_image_range(l->text, l->text_end))
        return "text outside the user image range";
    if (l->data != l->data_end && !in_image_range(l->data, l->data_end))
        return "data outside the user image range";
    if (l->data != l->data_end && l->data < l->text_end && l->text < l->data_end)
        return "text and data overlap";
    if (m->entry < l->text || m->entry >= m->text_va + m->text_size)
        return "entry point outside text";
    return NULL;
}

static void unmap_range(uint32_t start, uint32_t end, int owned)
{
    for (uint32_t va = start; va < end; va += VM_PAGE_SIZE) {
        uint32_t pa = mmu_unmap_page(va);
        if (pa != MMU_NO_PAGE && owned)
            page_free(pa);
    }
}

static int map_rom_range(uint32_t va, uint32_t end, uint32_t pa)
{
    for (; va < end; va += VM_PAGE_SIZE, pa += VM_PAGE_SIZE) {
        if (mmu_map_page(va, pa, APP_AP, APP_ATTR) != 0)
            return -1;
    }
    return 0;
}

static int map_owned_range(uint32_t va, uint32_t end)
{
    for (; va < end; va += VM_PAGE_SIZE) {
        uint32_t pa = page_alloc();
        if (pa == PAGE_NONE)
            return -1;
        if (mmu_map_page(va, pa, APP_AP, APP_ATTR) != 0) {
            page_free(pa);
            return -1;
        }
    }
    return 0;
}

static void app_unload(const struct app_layout *l)
{
    unmap_range(l->text, l->text_end, 0);
    unmap_range(l->data, l->data_end, 1);
    unmap_range(APP_STACK_BASE, APP_STACK_TOP, 1);
}

/* Map everything; .data from the ROM image (read through the RAM window: it is never
 * written, so no dirty alias can arise), .bss and the stack zeroed. */
static int app_load(const struct rom_module *m, const struct app_layout *l)
{
    if (map_rom_range(l->text, l->text_end, m->text_pa) != 0 ||
        map_owned_range(l->data, l->data_end) != 0 ||
        map_owned_range(APP_STACK_BASE, APP_STACK_TOP) != 0)
        return -1;
    memcpy((void *)l->data, (const void *)KERNEL_VA(m->data_pa), m->data_size);
    memset((void *)(l->data + m->data_size), 0, l->data_end - l->data - m->data_size);
    memset((void *)APP_STACK_BASE, 0, APP_STACK_SIZE);
    return 0;
}

/* Copy a string onto the stack below *sp; returns its address. */
static uint32_t push_string(uint32_t *sp, const char *s)
{
    uint32_t len = strlen(s) + 1;

    *sp -= WORD_ALIGN(len);
    memcpy((void *)*sp, s, len);
    return *sp;
}

static int app_start(const struct rom_module *m)
{
    struct app_run run = {m, 0};
    uint32_t sp = APP_STACK_TOP;
    uint32_t args = push_string(&sp, m->args);
    uint32_t name = push_string(&sp, m->name);
    int code;

    sp &= ~(APP_STACK_ALIGN - 1u);
    current = &run;
    code = app_enter(m->entry, args, name, sp, &run.kernel_sp);
    current = NULL;
    return code;
}

static int app_run(const struct rom_module *m)
{
    struct app_layout l;
    const char *why;
    uint32_t free_before = page_free_count();
    int code;

    app_layout_of(m, &l);
    why = app_check(m, &l);
    if (why) {
        kprintf("kernel: app %s: %s: not started\n", m->name, why);
        return KERNEL_EXIT_BAD_ROM;
    }
    if (app_load(m, &l) != 0) {
        kprintf("kernel: app %s: out of memory: not started\n", m->name);
        code = KERNEL_EXIT_BAD_ROM;
    } else {
        kprintf("kernel: starting %s\n", m->name);
        code = app_start(m);
        kprintf("kernel: %s exited with code %d\n", m->name, code);
    }
    app_unload(&l);
    if (page_free_count() != free_before)
        kprintf("kernel: app %s leaked %ld pages\n", m->name,
                (long)free_before - (long)page_free_count());
    return code;
}

int apps_run_all(void)
{
    int first_failure = 0;

    for (unsigned i = 0; i < rom_module_count(); i++) {
        const struct rom_module *m = rom_module_at(i);
        int code;
        if (m->kind == ROM_MOD_DRIVER)
            kprintf("kernel: driver %s not loaded: no device manager yet\n", m->name);
        if (m->kind != ROM_MOD_APP)
            continue;
        code = app_run(m);
        if (code != 0 && first_failure == 0)
            first_failure = code;
    }
    return first_failure;
}

void app_exit_current(int code)
{
    if (current)
        app_leave(current->kernel_sp, code);
}

void app_returned(int code)
{
    app_exit_current(code);
    kpanic("app returned with no launcher");
}
