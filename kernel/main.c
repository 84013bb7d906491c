/*
 * main.c: kmain, where boot.S lands with the MMU on: finish the boot mappings, bring up
 * the console, read the ROM's table of contents, then the page allocator, the kernel
 * heap, interrupts and the tick; run the apps; leave through semihosting with the first
 * non-zero app exit code (0 when all succeeded).
 *
 * Console lines printed here are the same under QEMU and cesim: nothing time-dependent.
 */
#include <string.h>

#include "app.h"
#include "arm.h"
#include "console.h"
#include "kernel.h"
#include "kheap.h"
#include "irq.h"
#include "mmu.h"
#include "page.h"
#include "timer.h"
#include "toc.h"

#define MB (1u << MB_SHIFT)
#define KB 1024u

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

/* Whatever the apps took must be back: pages (the heap's own pages excepted: the heap
 * keeps what it grew) and heap blocks. */
static void check_leaks(uint32_t pages_at_start)
{
    struct kheap_stats hs;
    long pages;

    kheap_get_stats(&hs);
    pages = (long)pages_at_start - (long)page_free_count() - (long)(hs.mapped_bytes >> PAGE_SHIFT);
    if (pages != 0 || hs.used_blocks != 0)
        kprintf("kernel: leak at exit: %ld pages, %lu heap blocks\n", pages,
                (unsigned long)hs.used_blocks);
}

void kmain(void)
{
    uint32_t tick_hz, pages_at_start;
    int code;

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
    timer_init(tick_hz);
    arm_irq_enable();
    timer_wait_tick(); /* the tick and the IRQ path work before anything relies on them */
    print_banner(tick_hz);

    pages_at_start = page_free_count();
    code = apps_run_all();
    check_leaks(pages_at_start);
    kprintf("kernel: exit code %d\n", code);
    kernel_exit(code);
}
