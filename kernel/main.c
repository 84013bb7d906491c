/*
 * main.c: kmain, where boot.S lands with the MMU on: finish the boot mappings, bring up
 * the console, read the ROM's table of contents, then the page allocator, the kernel
 * heap, processes and the scheduler, interrupts and the tick; load the drivers; start
 * every boot app (each ROM_MOD_APP a process, in TOC order); wait for them in TOC order;
 * leave through semihosting with the first non-zero exit code in TOC order (0 when all
 * succeeded).
 *
 * kmain runs on the boot thread, a kernel thread of the kernel process. Console lines
 * printed here are the same under QEMU and cesim: nothing time-dependent.
 */
#include <string.h>

#include "arm.h"
#include "console.h"
#include "devmgr.h"
#include "kernel.h"
#include "kheap.h"
#include "kmarshal.h"
#include "irq.h"
#include "mmu.h"
#include "page.h"
#include "proc.h"
#include "sched.h"
#include "timer.h"
#include "toc.h"
#include "vmem.h"

#define MB (1u << MB_SHIFT)
#define KB 1024u
#define EXIT_CODE_NEGATIVE 0x80000000u /* print such codes (NT statuses) in hex */

void kmain(void) __attribute__((noreturn));

static void console_setup(void)
{
    const char *console = kernel_setting("console");

    if (console && strcmp(console, "semihost") == 0)
        console_use_semihosting(1);
}

static uint32_t tick_hz_setting(void)
{
    uint32_t hz = kernel_setting_u32("tick_hz", TIMER_TICK_HZ_DEFAULT);

    if (hz == 0 || hz > BOARD_TIMCLK_HZ) {
        kprintf("kernel: tick_hz=%lu outside 1..%lu\n", (unsigned long)hz,
                (unsigned long)BOARD_TIMCLK_HZ);
        kernel_exit(KERNEL_EXIT_BAD_ROM);
    }
    return hz;
}

static void print_banner(uint32_t tick_hz)
{
    uint32_t ram = rom_ram_size();

    if (ram % MB == 0)
        kprintf("kernel: %lu MB RAM", (unsigned long)(ram / MB));
    else
        kprintf("kernel: %lu KB RAM", (unsigned long)(ram / KB));
    kprintf(", tick %lu Hz, %u module%s\n", (unsigned long)tick_hz, rom_module_count(),
            rom_module_count() == 1 ? "" : "s");
}

/* What the kernel holds, in pages and heap blocks: what the apps took must come back
 * (the heap and the kernel's page tables keep what they grew: counted as in use). */
struct usage {
    uint32_t pages;
    uint32_t blocks;
};

static void usage_now(struct usage *u)
{
    struct kheap_stats hs;

    kheap_get_stats(&hs);
    u->pages = page_total_count() - page_free_count() - (hs.mapped_bytes >> PAGE_SHIFT) -
               mmu_kernel_table_pages();
    u->blocks = hs.used_blocks;
}

static void check_leaks(const struct usage *before)
{
    struct usage now;

    usage_now(&now);
    if (now.pages > before->pages || now.blocks > before->blocks) /* less: a host died */
        kprintf("kernel: leak at exit: %ld pages, %ld heap blocks\n",
                (long)now.pages - (long)before->pages, (long)now.blocks - (long)before->blocks);
}

static void print_exit(const char *name, uint32_t code)
{
    if (code >= EXIT_CODE_NEGATIVE)
        kprintf("kernel: %s exited with code 0x%08lx\n", name, (unsigned long)code);
    else
        kprintf("kernel: %s exited with code %lu\n", name, (unsigned long)code);
}

/* Start every boot app; the processes are kept (a reference each) in procs[]. */
static unsigned start_apps(struct process **procs)
{
    unsigned n = 0;

    for (unsigned i = 0; i < rom_module_count(); i++) {
        const struct rom_module *m = rom_module_at(i);
        struct thread *t;
        uint32_t err;
        if (m->kind != ROM_MOD_APP)
            continue;
        err = process_create(m, m->args, 0, &procs[n], &t);
        if (err) {
            kprintf("kernel: app %s not started (error %lu)\n", m->name, (unsigned long)err);
            procs[n] = NULL;
        } else {
            kprintf("kernel: starting %s\n", m->name);
            kobj_get(&procs[n]->obj);
        }
        n++;
    }
    return n;
}

/* In TOC order: the first non-zero exit code (a failed start counts as BAD_ROM). */
static uint32_t wait_apps(struct process **procs, unsigned n)
{
    uint32_t first_failure = 0;

    for (unsigned i = 0; i < n; i++) {
        struct process *p = procs[i];
        uint32_t code = KERNEL_EXIT_BAD_ROM;
        if (p) {
            while (!p->obj.signaled)
                sched_wait(&p->obj, TIMEOUT_INFINITE, 0);
            code = p->exit_code;
            print_exit(p->name, code);
            kobj_put(&p->obj);
        }
        if (code != 0 && first_failure == 0)
            first_failure = code;
    }
    return first_failure;
}

void kmain(void)
{
    struct process *procs[ROM_MAX_MODULES];
    struct usage at_start;
    uint32_t tick_hz, code;
    unsigned napps;

    mmu_boot_finish();
    console_init();
    kprintf("cesim kernel: ARM926EJ-S, Versatile PB\n");
    rom_init();
    console_setup();
    tick_hz = tick_hz_setting();
    mmu_map_ram(rom_ram_size());
    page_init(rom_free_pa(), rom_ram_size());
    kheap_init();
    kheap_self_test();
    irq_init();
    proc_init();
    vm_init();
    marshal_init();
    timer_init(tick_hz);
    sched_init();
    arm_irq_enable();
    timer_wait_tick(); /* the tick and the IRQ path work before anything relies on them */
    arm_irq_save();    /* kernel code runs with IRQs masked from here on */
    print_banner(tick_hz);

    devmgr_init();
    usage_now(&at_start);
    napps = start_apps(procs);
    code = wait_apps(procs, napps);
    marshal_report_leaks(); /* L1 */
    check_leaks(&at_start);
    if (code >= EXIT_CODE_NEGATIVE)
        kprintf("kernel: exit code 0x%08lx\n", (unsigned long)code);
    else
        kprintf("kernel: exit code %lu\n", (unsigned long)code);
    kernel_exit((int)code);
}
