/*
 * dev_sysregs.h: the Versatile PB system registers at BOARD_SYSREGS_PA (SYS_ID, SYS_LED,
 * SYS_LOCK, the SYS_24MHZ counter...). Offsets in kernel/abi/devregs.h; dev_sysregs.c says
 * what each register does.
 */
#ifndef CESIM_DEV_SYSREGS_H
#define CESIM_DEV_SYSREGS_H

#include "dev.h"

/* Word registers 0x00..0xD0 (SYS_ID..SYS_TEST_OSC4); higher offsets are not decoded. */
#define DEV_SYSREGS_NREGS (0xD4u / 4)

struct dev_sysregs {
    struct dev_clock clk; /* SYS_24MHZ and SYS_100HZ count simulated time */
    uint32_t reg[DEV_SYSREGS_NREGS]; /* plain read/write registers, indexed by offset / 4 */
    uint32_t lockval; /* SYS_LOCK bits 15:0, the last value written */
    uint32_t flags;   /* SYS_FLAGS, set through SYS_FLAGSSET, cleared through SYS_FLAGSCLR */
    uint32_t nvflags; /* SYS_NVFLAGS, likewise */
};

/* Wire the block to the board's clock and reset it. */
void dev_sysregs_init(struct dev_sysregs *s, struct dev_clock clk);

extern const struct dev_ops dev_sysregs_ops;

#endif
