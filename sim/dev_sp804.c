/*
 * dev_sp804.c: the ARM SP804 dual-input timer module, after ARM DDI 0271 "ARM Dual-Timer
 * Module (SP804) Technical Reference Manual" (and QEMU hw/timer/arm_timer.c for what
 * versatilepb does). Two identical down-counters, the second at offset 0x20, clocked by
 * TIMCLK = BOARD_TIMCLK_HZ through a prescaler of 1, 16 or 256. Their masked interrupts
 * are ORed onto one output (TIMINTC), which is what the Versatile PB wires to the VIC.
 *
 * Time. TIMCLK ticks are counted from cycle 0 of the board's simulated clock: tick k
 * begins at the first core cycle c with dev_clock_ticks(c) >= k. Nothing looks at host
 * time. The model is lazy: a counting timer remembers only the tick (`epoch`) at which
 * its counter held a value; Value is computed when read, and next_event() reports the
 * first cycle of the tick at which the counter reaches zero. All arithmetic is on whole
 * tick counts, so no rounding accumulates over any number of periods.
 *
 * Counting, precisely (a "tick" below is a prescaled tick, `prescale` TIMCLK ticks):
 *  - A write to Load, or enabling the timer, starts the count from the tick in progress:
 *    the counter decrements at each following tick edge. A timer loaded with L at the
 *    start of a tick therefore reaches zero exactly L ticks later.
 *  - The interrupt (RIS) is raised at the tick where the counter reaches zero, as QEMU's
 *    ptimer does. In the same tick a periodic counter reloads from Load, a free-running
 *    one wraps to 0xFFFFFFFF (0xFFFF in 16-bit mode), and a one-shot one stops at zero.
 *    So a periodic timer interrupts every L ticks and Value never reads 0; the hardware,
 *    which shows 0 for one tick before reloading, would take L + 1 (QEMU also takes L).
 *  - A counter that holds 0 (Load = 0) reaches zero again one tick later: Load = 0 in
 *    periodic mode interrupts every tick.
 *  - A halted one-shot timer restarts on a Load write, or when the one-shot bit is
 *    cleared (then from its reload value, with no second interrupt for the same zero).
 *  - A Control write that keeps the prescaler keeps the phase of the ticks; one that
 *    changes it restarts the tick in progress. In 16-bit mode the counter keeps the low
 *    16 bits of the value loaded.
 *  - BGLoad sets the reload value without touching the count.
 */
#include "dev_sp804.h"

#include "board.h"
#include "devregs.h"

#include <stddef.h>

/* TimerXControl writable bits and reset state; a counter's reset value. */
#define CTRL_MASK 0xEFu /* bit 4 is reserved */
#define CTRL_RESET SP804_CTRL_INTEN

#define TIMER_RESET_VALUE 0xFFFFFFFFu

static const uint8_t sp804_id[8] = {0x04, 0x18, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

static const char sp804_name[] = "sp804";

/* Current TIMCLK tick, counted from cycle 0. */
static uint64_t sp804_now(const struct dev_sp804 *s)
{
    return dev_clock_ticks(&s->clk, dev_clock_now(&s->clk), BOARD_TIMCLK_HZ);
}

static int timer_counting(const struct dev_sp804_timer *t)
{
    return (t->control & SP804_CTRL_ENABLE) && !t->halted;
}

static uint32_t timer_max(const struct dev_sp804_timer *t)
{
    return (t->control & SP804_CTRL_32BIT) ? 0xFFFFFFFFu : 0xFFFFu;
}

/* TIMCLK ticks per count. Setting 3 is "undefined, do not use"; like QEMU we divide by 1. */
static uint64_t timer_prescale(const struct dev_sp804_timer *t)
{
    switch ((t->control & SP804_CTRL_PRESCALE_MASK) >> SP804_CTRL_PRESCALE_SHIFT) {
    case 1:
        return 16;
    case 2:
        return 256;
    default:
        return 1;
    }
}

/* What the counter takes when it reaches zero in a wrapping mode. */
static uint32_t timer_reload(const struct dev_sp804_timer *t)
{
    return (t->control & SP804_CTRL_PERIODIC) ? (t->load & timer_max(t)) : timer_max(t);
}

/* Counts from `value` until the counter reaches zero; a counter at 0 reaches it again next tick. */
static uint64_t timer_counts_to_zero(uint32_t value)
{
    return value ? value : 1;
}

/* Whole counts since the epoch, at TIMCLK tick `now`. */
static uint64_t timer_elapsed(const struct dev_sp804_timer *t, uint64_t now)
{
    return (now - t->epoch) / timer_prescale(t);
}

/*
 * Bring a timer up to tick `now`: raise RIS if the counter reached zero since the epoch,
 * and move the epoch to the last zero (whole counts only), where the counter held its
 * reload value. Afterwards fewer than timer_counts_to_zero(value) counts have elapsed.
 */
static void timer_sync(struct dev_sp804_timer *t, uint64_t now)
{
    uint64_t n, first, period;
    uint32_t reload;

    if (!timer_counting(t))
        return;
    n = timer_elapsed(t, now);
    first = timer_counts_to_zero(t->value);
    if (n < first)
        return;
    t->ris = 1;
    if (t->control & SP804_CTRL_ONESHOT) {
        t->halted = 1;
        t->value = 0;
        return;
    }
    reload = timer_reload(t);
    period = timer_counts_to_zero(reload);
    t->epoch += (first + (n - first) / period * period) * timer_prescale(t);
    t->value = reload;
}

/* TimerXValue at tick `now`; the timer has been synced to `now`. */
static uint32_t timer_value(const struct dev_sp804_timer *t, uint64_t now)
{
    if (!timer_counting(t) || t->value == 0)
        return t->value;
    return t->value - (uint32_t)timer_elapsed(t, now);
}

/* First cycle of the tick at which a counting timer next reaches zero. */
static uint64_t timer_next_event(const struct dev_sp804 *s, const struct dev_sp804_timer *t)
{
    uint64_t tick;

    if (!timer_counting(t))
        return DEV_NO_EVENT;
    tick = t->epoch + timer_counts_to_zero(t->value) * timer_prescale(t);
    return dev_clock_cycles(&s->clk, tick, BOARD_TIMCLK_HZ);
}

static void timer_write_load(struct dev_sp804_timer *t, uint32_t value, uint64_t now)
{
    t->load = value;
    t->halted = 0; /* a Load write restarts a stopped one-shot count */
    t->value = value & timer_max(t);
    t->epoch = now;
}

static void timer_write_control(struct dev_sp804_timer *t, uint32_t value, uint64_t now)
{
    uint64_t epoch = now;

    value &= CTRL_MASK;
    if (timer_counting(t)) {
        /* Hold the count at the last whole count; keep the phase if the prescaler stays. */
        if (((t->control ^ value) & SP804_CTRL_PRESCALE_MASK) == 0)
            epoch = t->epoch + timer_elapsed(t, now) * timer_prescale(t);
        t->value = timer_value(t, now);
    }
    t->control = value;
    t->epoch = epoch;
    if (t->halted && !(value & SP804_CTRL_ONESHOT)) {
        /* Leaving one-shot mode restarts the count as if it had just wrapped at zero. */
        t->halted = 0;
        t->value = timer_reload(t);
    }
    t->value &= timer_max(t);
}

/* Recompute TIMINTC; called after every change of state. */
static void sp804_update(struct dev_sp804 *s)
{
    int level = 0;

    for (unsigned i = 0; i < 2; i++)
        if (s->timer[i].ris && (s->timer[i].control & SP804_CTRL_INTEN))
            level = 1;
    dev_irq_set(&s->irq, level);
}

/* Bring both timers up to the current cycle; every access starts with this. */
static uint64_t sp804_sync(struct dev_sp804 *s)
{
    uint64_t now = sp804_now(s);

    timer_sync(&s->timer[0], now);
    timer_sync(&s->timer[1], now);
    sp804_update(s);
    return now;
}

static int sp804_access_ok(uint32_t offset, unsigned size, const char *op)
{
    if (size == 4 && (offset & 3) == 0)
        return 1;
    dev_guest_error(sp804_name, "%u-byte %s at offset 0x%03x (word registers only)", size, op,
                    (unsigned)offset);
    return 0;
}

static uint32_t timer_read(struct dev_sp804_timer *t, uint32_t reg, uint64_t now)
{
    switch (reg) {
    case SP804_LOAD:
    case SP804_BGLOAD:
        return t->load;
    case SP804_VALUE:
        return timer_value(t, now);
    case SP804_CONTROL:
        return t->control;
    case SP804_RIS:
        return t->ris;
    case SP804_MIS:
        return (t->control & SP804_CTRL_INTEN) ? t->ris : 0;
    case SP804_INTCLR:
        dev_guest_error(sp804_name, "read of write-only TimerIntClr");
        return 0;
    default:
        dev_guest_error(sp804_name, "read of bad timer offset 0x%02x", (unsigned)reg);
        return 0;
    }
}

static uint32_t sp804_read(void *dev, uint32_t offset, unsigned size)
{
    struct dev_sp804 *s = dev;
    uint64_t now;

    if (!sp804_access_ok(offset, size, "read"))
        return 0;
    if (offset < 2 * SP804_TIMER_STRIDE) {
        now = sp804_sync(s);
        return timer_read(&s->timer[offset / SP804_TIMER_STRIDE], offset % SP804_TIMER_STRIDE, now);
    }
    if (offset == SP804_ITCR)
        return s->itcr;
    if (offset >= SP804_ID0 && offset < SP804_ID0 + 4 * sizeof(sp804_id))
        return sp804_id[(offset - SP804_ID0) / 4];
    dev_guest_error(sp804_name, "read of bad or write-only offset 0x%03x", (unsigned)offset);
    return 0;
}

static void timer_write(struct dev_sp804_timer *t, uint32_t reg, uint32_t value, uint64_t now)
{
    switch (reg) {
    case SP804_LOAD:
        timer_write_load(t, value, now);
        break;
    case SP804_BGLOAD:
        t->load = value; /* used at the next reload; the count goes on */
        break;
    case SP804_CONTROL:
        timer_write_control(t, value, now);
        break;
    case SP804_INTCLR:
        t->ris = 0; /* any value */
        break;
    case SP804_VALUE:
    case SP804_RIS:
    case SP804_MIS:
        dev_guest_error(sp804_name, "write to read-only timer offset 0x%02x", (unsigned)reg);
        break;
    default:
        dev_guest_error(sp804_name, "write to bad timer offset 0x%02x", (unsigned)reg);
        break;
    }
}

static void sp804_write(void *dev, uint32_t offset, uint32_t value, unsigned size)
{
    struct dev_sp804 *s = dev;
    uint64_t now;

    if (!sp804_access_ok(offset, size, "write"))
        return;
    if (offset < 2 * SP804_TIMER_STRIDE) {
        now = sp804_sync(s);
        timer_write(&s->timer[offset / SP804_TIMER_STRIDE], offset % SP804_TIMER_STRIDE, value,
                    now);
        sp804_update(s);
    } else if (offset == SP804_ITCR) {
        s->itcr = value & 1u;
    } else if (offset == SP804_ITOP) {
        /* Drives the outputs only in test mode, which is not modelled. */
    } else {
        dev_guest_error(sp804_name, "write to bad or read-only offset 0x%03x", (unsigned)offset);
    }
}

static void sp804_reset(void *dev)
{
    struct dev_sp804 *s = dev;

    for (unsigned i = 0; i < 2; i++) {
        struct dev_sp804_timer *t = &s->timer[i];

        t->load = 0;
        t->control = CTRL_RESET;
        t->ris = 0;
        t->halted = 0;
        t->value = TIMER_RESET_VALUE;
        t->epoch = 0;
    }
    s->itcr = 0;
    sp804_update(s);
}

static uint64_t sp804_next_event(void *dev)
{
    const struct dev_sp804 *s = dev;
    uint64_t a = timer_next_event(s, &s->timer[0]);
    uint64_t b = timer_next_event(s, &s->timer[1]);

    return a < b ? a : b;
}

static void sp804_advance(void *dev)
{
    sp804_sync(dev);
}

void dev_sp804_init(struct dev_sp804 *s, struct dev_clock clk, struct dev_irq irq)
{
    s->clk = clk;
    s->irq = irq;
    sp804_reset(s);
}

const struct dev_ops dev_sp804_ops = {
    .name = sp804_name,
    .read = sp804_read,
    .write = sp804_write,
    .reset = sp804_reset,
    .next_event = sp804_next_event,
    .advance = sp804_advance,
};
