/*
 * board.h: the board cesim models, a subset of the ARM Versatile PB (ARM926EJ-S),
 * so that one ROM image boots both on cesim and on
 * `qemu-system-arm -M versatilepb -cpu arm926`.
 *
 * This header is the contract between host (sim/) and guest (kernel/, guest/):
 * both toolchains include it, so it holds only fixed-width constants.
 *
 * Physical memory map:
 *
 *   0x00000000 +------------------------+
 *              | RAM (128 MB default)   |  board.ram
 *              |   0x00008000 ROM TOC   |  rom.h
 *              |   0x00010000 kernel    |  then modules, then free pages
 *   0x08000000 +------------------------+
 *   0x10000000 | system registers       |  SYS_ID, SYS_24MHZ
 *   0x10140000 | PL190 VIC              |
 *   0x101E2000 | SP804 timers 0, 1      |  IRQ 4
 *   0x101E3000 | SP804 timers 2, 3      |  IRQ 5
 *   0x101F1000 | PL011 UART0            |  IRQ 12, the console
 *   0x10200000 +------------------------+
 *
 * The devices' register offsets and bit fields are in devregs.h.
 */
#ifndef CESIM_BOARD_H
#define CESIM_BOARD_H

#define BOARD_RAM_PA 0x00000000u
#define BOARD_RAM_SIZE_DEFAULT 0x08000000u /* 128 MB, QEMU's versatilepb default */
#define BOARD_RAM_SIZE_MAX 0x10000000u     /* 256 MB, what versatilepb allows */

/* All devices live in one 2 MB physical window, mapped by the kernel as one unit. */
#define BOARD_DEV_PA_BASE 0x10000000u
#define BOARD_DEV_PA_SIZE 0x00200000u
#define BOARD_DEV_REGION_SIZE 0x1000u /* each device decodes 4 KB */

#define BOARD_SYSREGS_PA 0x10000000u
#define BOARD_VIC_PA 0x10140000u
#define BOARD_TIMER01_PA 0x101E2000u
#define BOARD_TIMER23_PA 0x101E3000u
#define BOARD_UART0_PA 0x101F1000u

/* PL190 input lines (Versatile PB primary interrupt controller). */
#define BOARD_IRQ_TIMER01 4u
#define BOARD_IRQ_TIMER23 5u
#define BOARD_IRQ_UART0 12u
#define BOARD_IRQ_LINES 32u

/* Clocks. The core clock converts modelled cycles into simulated time. */
#define BOARD_CPU_HZ_DEFAULT 200000000u /* spec/arm926.md: 200 MHz core */
#define BOARD_TIMCLK_HZ 1000000u        /* SP804 reference clock */
#define BOARD_SYS24MHZ_HZ 24000000u

/* ARM semihosting (SVC 0x123456 in ARM state), the guest's exit path. */
#define SEMIHOST_SVC_IMM 0x123456u
#define SEMIHOST_SYS_WRITEC 0x03u
#define SEMIHOST_SYS_WRITE0 0x04u
#define SEMIHOST_SYS_EXIT 0x18u
#define SEMIHOST_SYS_EXIT_EXTENDED 0x20u
#define SEMIHOST_ADP_APPLICATION_EXIT 0x20026u
#define SEMIHOST_ADP_RUNTIME_ERROR 0x20023u /* the kernel's panic: cesim exit 3 */

/*
 * Boot registers: cesim starts the kernel with r0 = BOARD_BOOT_MAGIC, r1 = ROM TOC
 * physical address. QEMU leaves r0 = 0. The kernel may use this to tell the two apart,
 * but nothing it does may depend on it for correctness.
 */
#define BOARD_BOOT_MAGIC 0x4D534543u /* "CESM" */

#endif
