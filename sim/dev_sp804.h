/*
 * dev_sp804.h: the ARM SP804 dual-input timer module. The Versatile PB has two, at
 * BOARD_TIMER01_PA and BOARD_TIMER23_PA, each with one combined interrupt line (TIMINTC).
 * Counting is lazy and exact in simulated time; see dev_sp804.c.
 */
#ifndef CESIM_DEV_SP804_H
#define CESIM_DEV_SP804_H

#include "dev.h"

struct dev_sp804_timer {
    uint32_t load;    /* TimerXLoad and TimerXBGLoad: one register, the reload value */
    uint32_t control; /* TimerXControl */
    uint32_t ris;     /* TimerXRIS bit 0 */
    int halted;       /* one-shot mode: the count reached zero and stopped there */
    uint32_t value;   /* while counting: the counter at `epoch`; otherwise the held value */
    uint64_t epoch;   /* TIMCLK tick (counted from cycle 0) at which the counter held `value` */
};

struct dev_sp804 {
    struct dev_clock clk;
    struct dev_irq irq; /* TIMINTC: either timer's masked interrupt */
    struct dev_sp804_timer timer[2];
    uint32_t itcr; /* TimerITCR bit 0 (stored; test mode not modelled) */
};

/* Wire the module to the board's clock and to its interrupt input, and reset it. */
void dev_sp804_init(struct dev_sp804 *s, struct dev_clock clk, struct dev_irq irq);

extern const struct dev_ops dev_sp804_ops;

#endif
