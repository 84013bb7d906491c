/*
 * hw.h: the MMIO accessors for the Versatile PB devices the kernel drives. Device bases
 * come from kernel/abi/board.h, register offsets and bits from kernel/abi/devregs.h (the
 * copy the simulator's device models use too); the kernel reaches the devices through its
 * uncached device window (DEV_VA).
 */
#ifndef KERNEL_HW_H
#define KERNEL_HW_H

#include <stdint.h>

#include "devregs.h"
#include "kernel.h"

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
