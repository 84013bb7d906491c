/*
 * timer.c: the kernel tick. SP804 timer 0 counts the 1 MHz reference clock
 * (BOARD_TIMCLK_HZ) down from LOAD in periodic mode and raises BOARD_IRQ_TIMER01 each
 * time it reaches zero; the handler acknowledges it and counts. Simulated time on cesim
 * and QEMU's virtual clock both drive it, so tick counts never appear in console output
 * (they differ between the two).
 */
#include "timer.h"

#include <stddef.h>

#include "cp15.h"
#include "hw.h"
#include "irq.h"
#include "sched.h"

#define MS_PER_S 1000u
#define TIMER0_PA BOARD_TIMER01_PA /* timer 0 is the first of the pair */

static volatile uint32_t ticks;
static uint32_t tick_hz;

static void timer_tick(void *opaque)
{
    (void)opaque;
    if (mmio_read32(TIMER0_PA, SP804_MIS)) {
        mmio_write32(TIMER0_PA, SP804_INTCLR, 1);
        ticks++;
        sched_tick();
    }
}

void timer_init(uint32_t hz)
{
    tick_hz = hz;
    mmio_write32(TIMER0_PA, SP804_CONTROL, 0);
    mmio_write32(TIMER0_PA, SP804_LOAD, BOARD_TIMCLK_HZ / hz);
    mmio_write32(TIMER0_PA, SP804_INTCLR, 1);
    irq_register(BOARD_IRQ_TIMER01, timer_tick, NULL);
    mmio_write32(TIMER0_PA, SP804_CONTROL,
                 SP804_CTRL_ENABLE | SP804_CTRL_PERIODIC | SP804_CTRL_INTEN | SP804_CTRL_32BIT |
                     SP804_CTRL_PRESCALE_1);
}

uint32_t timer_hz(void)
{
    return tick_hz;
}

uint32_t timer_ticks(void)
{
    return ticks;
}

uint32_t timer_ms(void)
{
    return (uint32_t)((uint64_t)ticks * MS_PER_S / tick_hz);
}

/* A tick between the test and the wait costs one extra tick of sleep, nothing more. */
void timer_wait_tick(void)
{
    uint32_t start = ticks;

    while (ticks == start)
        cp15_wait_for_interrupt();
}
