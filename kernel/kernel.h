/*
 * kernel.h: what every kernel file shares: the address conversions between the kernel's
 * fixed windows (kernel/abi/vm.h) and physical memory, the linker-script symbols, exit
 * codes, and the few functions that end a run. Safe to include from assembly.
 */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include "board.h"
#include "vm.h"

/* RAM is mapped twice at fixed offsets (cached, uncached); devices once. */
#define KERNEL_PA(va) ((va)-VM_KRAM_CACHED) /* inverse of KERNEL_VA() in vm.h */
#define UNCACHED_VA(pa) ((pa) + VM_KRAM_UNCACHED)
#define DEV_VA(pa) ((pa)-BOARD_DEV_PA_BASE + VM_DEV_BASE)

#define MB_SHIFT 20u
#define PAGE_SHIFT 12u
#define PAGE_MASK (VM_PAGE_SIZE - 1u)
#define SECTION_MASK (VM_SECTION_SIZE - 1u)
#define PAGE_ROUND_UP(x) (((x) + PAGE_MASK) & ~PAGE_MASK)
#define PAGE_ROUND_DOWN(x) ((x) & ~PAGE_MASK)
#define SECTION_ROUND_UP(x) (((x) + SECTION_MASK) & ~SECTION_MASK)

/*
 * Where the CP15 section (kernel/cp15.S) lives physically: a page below the ROM's TOC
 * window, whose virtual address is inside the NULL guard that no process ever maps. The
 * simulator hooks the section at its virtual address and at its physical address (for
 * boot.S, which calls it with the MMU off), and, as of this writing, keeps the physical
 * hook when the MMU is on: user code running at a virtual address equal to the section's
 * physical one would be taken for CP15 operations. Here no user code can run there.
 */
#define KERNEL_CP15_PA 0x00007000u

/* Semihosting exit statuses of the kernel itself (apps choose their own). */
#define KERNEL_EXIT_OK 0
#define KERNEL_EXIT_BAD_ROM 1 /* no or malformed ROM table of contents or module */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Linker-script symbols (kernel/kernel.ld): use their addresses only. */
extern char __kernel_start_pa[]; /* physical, = KERNEL_LOAD_PA */
extern char __kernel_end[];      /* virtual end of bss */
extern char __vectors_start[];
extern char __cp15_start[], __cp15_end[];

static inline uint32_t kernel_end_pa(void)
{
    return KERNEL_PA((uint32_t)__kernel_end);
}

/* Stop for good: print nothing, leave through semihosting with `code` (kernel/semihost.c). */
void kernel_exit(int code) __attribute__((noreturn));
/* A fatal kernel error that is no CPU exception: one PANIC: line, then runtime-error exit. */
void kpanic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Spin in wait-for-interrupt forever (when even semihosting is gone). */
void kernel_halt(void) __attribute__((noreturn));
#endif

#endif
