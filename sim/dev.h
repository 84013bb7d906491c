/*
 * dev.h: what every device model shares. Each device (dev_sysregs.c, dev_pl190.c,
 * dev_sp804.c, dev_pl011.c) has one shape, after QEMU's hw/ models: a state struct,
 * a register table at the top of its file, read and write handlers that switch on
 * named offsets, one update() that recomputes its interrupt line after every change,
 * and reset().
 *
 * Devices know nothing about Unicorn: the board (board.c) maps them and calls the
 * handlers, so each device can be unit-tested at register level with a simulated clock.
 *
 * Time: the board owns one counter of modelled CPU cycles. A timed device reads it
 * through struct dev_clock and converts it to its own clock with dev_clock_ticks(); it
 * never looks at host time. A device with pending timed work reports the cycle of its
 * next event; the board calls its advance hook once the counter reaches that cycle.
 */
#ifndef CESIM_DEV_H
#define CESIM_DEV_H

#include <stdint.h>

#define DEV_NO_EVENT UINT64_MAX

/* An interrupt output: the receiver (the VIC, or the CPU for the VIC) gets (line, level). */
typedef void (*dev_irq_fn)(void *opaque, unsigned line, int level);

struct dev_irq {
    dev_irq_fn fn;
    void *opaque;
    unsigned line;
};

static inline void dev_irq_set(const struct dev_irq *irq, int level)
{
    if (irq->fn)
        irq->fn(irq->opaque, irq->line, level);
}

/* Simulated time: a pointer to the board's cycle counter and the core clock rate. */
struct dev_clock {
    const uint64_t *cycles;
    uint64_t cpu_hz;
};

static inline uint64_t dev_clock_now(const struct dev_clock *c)
{
    return *c->cycles;
}

/* Whole ticks of a clock of `hz` elapsed after `cycles` core cycles (rounded down). */
static inline uint64_t dev_clock_ticks(const struct dev_clock *c, uint64_t cycles, uint64_t hz)
{
    return (uint64_t)(((unsigned __int128)cycles * hz) / c->cpu_hz);
}

/* First core cycle at which `ticks` ticks of a clock of `hz` have elapsed. */
static inline uint64_t dev_clock_cycles(const struct dev_clock *c, uint64_t ticks, uint64_t hz)
{
    return (uint64_t)(((unsigned __int128)ticks * c->cpu_hz + hz - 1) / hz);
}

/* The interface the board's MMIO dispatcher uses; one static table per device type. */
struct dev_ops {
    const char *name;
    uint32_t (*read)(void *dev, uint32_t offset, unsigned size);
    void (*write)(void *dev, uint32_t offset, uint32_t value, unsigned size);
    void (*reset)(void *dev);
    /* Cycle at which the device next needs advance(); DEV_NO_EVENT if none. May be NULL. */
    uint64_t (*next_event)(void *dev);
    /* Bring timed state up to the clock's current cycle (raise what is due). May be NULL. */
    void (*advance)(void *dev);
};

/*
 * A bad offset or unsupported access: logged as a guest error and ignored (never fatal).
 * Prints "cesim: guest error: <dev>: <msg>" to stderr for the first 20 errors only.
 */
void dev_guest_error(const char *dev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Guest errors so far, printed or not (tests read and reset it). */
extern unsigned long dev_guest_error_count;
/* Non-zero: count guest errors but print nothing (tests that provoke them on purpose). */
extern int dev_guest_error_quiet;

#endif
