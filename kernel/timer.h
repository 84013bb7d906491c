/*
 * timer.h: the kernel tick, SP804 timer 0 in periodic mode through the PL190.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

#define TIMER_TICK_HZ_DEFAULT 1000u /* when the ROM has no tick_hz setting */

/* Start the tick at `hz` (1 .. BOARD_TIMCLK_HZ; caller checked). */
void timer_init(uint32_t hz);
uint32_t timer_ticks(void);
uint32_t timer_hz(void);
/* Milliseconds since timer_init, from the tick count. */
uint32_t timer_ms(void);
/* Sleep in wait-for-interrupt until the tick count moves (IRQs must be enabled). */
void timer_wait_tick(void);

#endif
