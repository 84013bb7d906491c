/*
 * hw.h: register layouts of the Versatile PB devices the kernel drives (ARM PrimeCell
 * manuals: PL011 UART DDI 0183, PL190 VIC DDI 0181, SP804 dual timer DDI 0271), and
 * the MMIO accessors. Device bases come from kernel/abi/board.h; the kernel reaches them
 * through its uncached device window (DEV_VA). Offsets and bits are hardware facts; the
 * simulator's device models implement the same manuals.
 */
#ifndef KERNEL_HW_H
#define KERNEL_HW_H

#include <stdint.h>

#include "kernel.h"

/* PL011 UART. */
#define PL011_DR 0x000u
#define PL011_FR 0x018u
#define PL011_FR_BUSY (1u << 3)
#define PL011_FR_TXFF (1u << 5) /* transmit FIFO full */
#define PL011_LCR_H 0x02Cu
#define PL011_LCR_H_FEN (1u << 4)
#define PL011_LCR_H_WLEN_8 (3u << 5)
#define PL011_CR 0x030u
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_TXE (1u << 8)
#define PL011_CR_RXE (1u << 9)
#define PL011_IMSC 0x038u

/* PL190 vectored interrupt controller, used non-vectored: read IRQSTATUS, dispatch. */
#define PL190_IRQSTATUS 0x000u
#define PL190_INTSELECT 0x00Cu  /* 1 = FIQ */
#define PL190_INTENABLE 0x010u  /* write 1s to enable */
#define PL190_INTENCLEAR 0x014u /* write 1s to disable */
#define PL190_SOFTINTCLEAR 0x01Cu
#define PL190_ALL_LINES 0xFFFFFFFFu

/* SP804 dual timer: two timers, SP804_TIMER_STRIDE apart. */
#define SP804_TIMER_STRIDE 0x20u
#define SP804_LOAD 0x00u
#define SP804_VALUE 0x04u
#define SP804_CONTROL 0x08u
#define SP804_INTCLR 0x0Cu
#define SP804_RIS 0x10u
#define SP804_MIS 0x14u
#define SP804_BGLOAD 0x18u
#define SP804_CTRL_ONESHOT (1u << 0)
#define SP804_CTRL_32BIT (1u << 1)
#define SP804_CTRL_PRESCALE_1 (0x0u << 2)
#define SP804_CTRL_INTEN (1u << 5)
#define SP804_CTRL_PERIODIC (1u << 6)
#define SP804_CTRL_ENABLE (1u << 7)

/* Device registers through the device window (uncached, unbuffered: in order). */
static inline uint32_t mmio_read32(uint32_t dev_pa, uint32_t offset)
{
    return *(volatile const uint32_t *)(DEV_VA(dev_pa) + offset);
}

static inline void mmio_write32(uint32_t dev_pa, uint32_t offset, uint32_t value)
{
    *(volatile uint32_t *)(DEV_VA(dev_pa) + offset) = value;
}

#endif
