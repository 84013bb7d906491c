/*
 * test_sp804.c: register-level tests of the SP804 dual timer (sim/dev_sp804.c) against a
 * simulated cycle counter. Expectations are computed by hand for a 200 MHz core and the
 * 1 MHz TIMCLK: one tick is 200 cycles. run_to() plays the board: it moves the counter to
 * each next_event() in turn and calls advance() there. Each test gets a fresh timer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "board.h"
#include "dev_sp804.h"

#define CPU_HZ 200000000u
#define TICK 200u /* cycles per TIMCLK tick at CPU_HZ */

enum {
    LOAD = 0x00,
    VALUE = 0x04,
    CONTROL = 0x08,
    INTCLR = 0x0C,
    RIS = 0x10,
    MIS = 0x14,
    BGLOAD = 0x18,
    T1 = 0x20, /* the second timer's block */
    ITCR = 0xF00,
    ITOP = 0xF04,
    PERIPHID0 = 0xFE0,
};

#define ONESHOT 0x01u
#define SIZE32 0x02u
#define DIV16 0x04u
#define DIV256 0x08u
#define INTEN 0x20u
#define PERIODIC 0x40u
#define ENABLE 0x80u

#define MAX_EVENTS 20000

struct fixture {
    uint64_t cycles;
    struct dev_sp804 dev;
    int level;
    unsigned rises;
    int ack;                    /* run_to(): clear both timers' interrupts at each rise */
    unsigned nevents;           /* rises recorded by run_to() */
    uint64_t event[MAX_EVENTS]; /* their cycles */
};

static void rec_irq(void *opaque, unsigned line, int level)
{
    struct fixture *f = opaque;

    assert_int_equal(line, BOARD_IRQ_TIMER01);
    if (level && !f->level)
        f->rises++;
    f->level = level != 0;
}

static void init(struct fixture *f, uint64_t cpu_hz)
{
    dev_sp804_init(&f->dev, (struct dev_clock){.cycles = &f->cycles, .cpu_hz = cpu_hz},
                   (struct dev_irq){rec_irq, f, BOARD_IRQ_TIMER01});
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    if (!f)
        return -1;
    init(f, CPU_HZ);
    dev_guest_error_count = 0;
    dev_guest_error_quiet = 1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

static uint32_t rd(struct fixture *f, uint32_t off)
{
    return dev_sp804_ops.read(&f->dev, off, 4);
}

static void wr(struct fixture *f, uint32_t off, uint32_t val)
{
    dev_sp804_ops.write(&f->dev, off, val, 4);
}

static uint64_t next_event(struct fixture *f)
{
    return dev_sp804_ops.next_event(&f->dev);
}

/* The board's loop: run every event due up to `target`, then leave the clock there. */
static void run_to(struct fixture *f, uint64_t target)
{
    uint64_t next;
    unsigned guard = 0;

    while ((next = next_event(f)) <= target) {
        assert_true(next >= f->cycles); /* time never runs backwards */
        assert_true(++guard < 10 * MAX_EVENTS);
        f->cycles = next;
        unsigned before = f->rises;
        dev_sp804_ops.advance(&f->dev);
        if (f->rises != before && f->nevents < MAX_EVENTS)
            f->event[f->nevents++] = f->cycles;
        if (f->ack && f->level) {
            wr(f, INTCLR, 1);
            wr(f, T1 + INTCLR, 1);
        }
    }
    f->cycles = target;
}

static void test_reset_state(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(rd(f, LOAD), 0);
    assert_int_equal(rd(f, VALUE), 0xFFFFFFFF);
    assert_int_equal(rd(f, CONTROL), 0x20);
    assert_int_equal(rd(f, RIS), 0);
    assert_int_equal(rd(f, MIS), 0);
    assert_int_equal(rd(f, BGLOAD), 0);
    assert_int_equal(rd(f, T1 + CONTROL), 0x20);
    assert_int_equal(rd(f, T1 + VALUE), 0xFFFFFFFF);
    assert_true(next_event(f) == DEV_NO_EVENT);
    assert_int_equal(f->level, 0);
    assert_int_equal(dev_guest_error_count, 0);
}

static void test_id_registers(void **state)
{
    struct fixture *f = *state;
    static const uint32_t id[8] = {0x04, 0x18, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(rd(f, PERIPHID0 + 4 * i), id[i]);
    assert_int_equal(dev_guest_error_count, 0);
}

/* Load = 1000 periodic: zero, interrupt and reload exactly 1000 ticks = 200000 cycles later. */
static void test_periodic_exact(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    assert_int_equal(next_event(f), 200000);

    run_to(f, 100000);
    assert_int_equal(rd(f, VALUE), 500);
    run_to(f, 199999);
    assert_int_equal(rd(f, VALUE), 1);
    assert_int_equal(rd(f, RIS), 0);
    assert_int_equal(f->level, 0);

    run_to(f, 200000);
    assert_int_equal(f->nevents, 1);
    assert_int_equal(f->event[0], 200000);
    assert_int_equal(f->level, 1);
    assert_int_equal(rd(f, RIS), 1);
    assert_int_equal(rd(f, MIS), 1);
    assert_int_equal(rd(f, VALUE), 1000); /* reloaded in the same tick */
    assert_int_equal(next_event(f), 400000);
    run_to(f, 200000 + 3 * TICK);
    assert_int_equal(rd(f, VALUE), 997);
}

static void test_periodic_no_drift(void **state)
{
    struct fixture *f = *state;

    f->ack = 1;
    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    run_to(f, 1000ull * 200000);
    assert_int_equal(f->nevents, 1000);
    for (unsigned k = 0; k < f->nevents; k++)
        assert_int_equal(f->event[k], (k + 1) * 200000ull);
}

/* A core clock that is no multiple of TIMCLK: every event is still the exact first cycle
 * of its tick, 3k ticks after the start, however many periods went before. */
static void test_no_drift_odd_core_clock(void **state)
{
    struct fixture *f = *state;
    const uint64_t hz = 333333333u;

    init(f, hz);
    f->ack = 1;
    wr(f, LOAD, 3);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    run_to(f, 10000000);
    assert_int_equal(f->nevents, 10000);
    for (unsigned k = 0; k < f->nevents; k++) {
        uint64_t ticks = 3ull * (k + 1);
        uint64_t want = (ticks * hz + BOARD_TIMCLK_HZ - 1) / BOARD_TIMCLK_HZ;
        assert_int_equal(f->event[k], want);
    }
    assert_int_equal(f->event[9999], 10000000); /* ceil(30000 * 333.333333) */
}

static void test_intclr_lowers_line(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    run_to(f, 200000);
    assert_int_equal(f->level, 1);
    wr(f, INTCLR, 0xDEAD); /* any value */
    assert_int_equal(f->level, 0);
    assert_int_equal(rd(f, RIS), 0);
    assert_int_equal(rd(f, MIS), 0);
    run_to(f, 399999);
    assert_int_equal(f->level, 0);
    run_to(f, 400000);
    assert_int_equal(f->level, 1);
    assert_int_equal(f->rises, 2);
}

/* IntEnable gates MIS and the line, not RIS; toggling it does not disturb the count. */
static void test_inten_masks(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | PERIODIC | SIZE32);
    run_to(f, 200000);
    assert_int_equal(rd(f, RIS), 1);
    assert_int_equal(rd(f, MIS), 0);
    assert_int_equal(f->level, 0);

    f->cycles = 250030; /* mid-tick */
    wr(f, CONTROL, ENABLE | PERIODIC | SIZE32 | INTEN);
    assert_int_equal(f->level, 1);
    assert_int_equal(rd(f, MIS), 1);
    assert_int_equal(next_event(f), 400000);
    assert_int_equal(rd(f, VALUE), 750); /* tick 1250: 250 counts after the reload */
}

static void test_prescale_16(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 100);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32 | DIV16);
    assert_int_equal(next_event(f), 100 * 16 * TICK); /* 320000 */
    f->cycles = 160000; /* tick 800: 50 counts */
    assert_int_equal(rd(f, VALUE), 50);
    f->cycles = 163199; /* tick 815 */
    assert_int_equal(rd(f, VALUE), 50);
    f->cycles = 163200; /* tick 816: 51 counts */
    assert_int_equal(rd(f, VALUE), 49);
    run_to(f, 320000);
    assert_int_equal(f->event[0], 320000);
    assert_int_equal(next_event(f), 640000);
}

static void test_prescale_256(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 10);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32 | DIV256);
    assert_int_equal(next_event(f), 10 * 256 * TICK); /* 512000 */
    run_to(f, 511999);
    assert_int_equal(rd(f, VALUE), 1);
    run_to(f, 512000);
    assert_int_equal(f->nevents, 1);
}

static void test_oneshot_stops(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | ONESHOT | INTEN | SIZE32);
    run_to(f, 1000000000);
    assert_int_equal(f->nevents, 1);
    assert_int_equal(f->event[0], 200000);
    assert_int_equal(rd(f, VALUE), 0);
    assert_int_equal(rd(f, RIS), 1);
    assert_int_equal(rd(f, CONTROL), ENABLE | ONESHOT | INTEN | SIZE32); /* enable stays set */
    assert_true(next_event(f) == DEV_NO_EVENT);

    /* A Load write starts a new count. */
    wr(f, INTCLR, 1);
    f->cycles = 1000000000 + 300; /* in tick 5000001 */
    wr(f, LOAD, 10);
    assert_int_equal(rd(f, VALUE), 10);
    assert_int_equal(next_event(f), (5000001ull + 10) * TICK);
    run_to(f, 2000000000);
    assert_int_equal(f->nevents, 2);
    assert_int_equal(rd(f, VALUE), 0);
}

/* Clearing the one-shot bit of a stopped timer restarts it from the reload value. */
static void test_leaving_oneshot(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 100);
    wr(f, CONTROL, ENABLE | ONESHOT | INTEN | SIZE32);
    run_to(f, 30000);
    assert_int_equal(f->nevents, 1);
    assert_int_equal(f->event[0], 20000);
    wr(f, INTCLR, 1);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    assert_int_equal(rd(f, VALUE), 100);
    assert_int_equal(f->level, 0); /* no second interrupt for the same zero */
    assert_int_equal(next_event(f), 30000 + 100 * TICK);
}

static void test_free_running_wraps_32(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | INTEN | SIZE32); /* free-running: TimerMode clear */
    run_to(f, 200000);
    assert_int_equal(f->nevents, 1);
    assert_int_equal(rd(f, VALUE), 0xFFFFFFFF);
    run_to(f, 200000 + 5 * TICK);
    assert_int_equal(rd(f, VALUE), 0xFFFFFFFA);
    assert_int_equal(next_event(f), 200000 + 0xFFFFFFFFull * TICK);
}

static void test_16bit_free_running(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 0x12345);
    wr(f, CONTROL, ENABLE | INTEN); /* 16-bit, free-running */
    assert_int_equal(rd(f, LOAD), 0x12345);
    assert_int_equal(rd(f, VALUE), 0x2345);
    assert_int_equal(next_event(f), 0x2345ull * TICK);
    run_to(f, 0x2345ull * TICK);
    assert_int_equal(f->nevents, 1);
    assert_int_equal(rd(f, VALUE), 0xFFFF);
    assert_int_equal(next_event(f), (0x2345ull + 0xFFFF) * TICK);
}

static void test_16bit_periodic(void **state)
{
    struct fixture *f = *state;

    f->ack = 1;
    wr(f, LOAD, 0x10010);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN);
    assert_int_equal(rd(f, VALUE), 0x10);
    run_to(f, 0x10 * 3 * TICK);
    assert_int_equal(f->nevents, 3);
    assert_int_equal(f->event[2], 0x30 * TICK);
    assert_int_equal(rd(f, VALUE), 0x10);
}

/* The default after reset: 16-bit, so enabling without a Load counts from 0xFFFF. */
static void test_enable_from_reset(void **state)
{
    struct fixture *f = *state;

    wr(f, CONTROL, ENABLE | INTEN);
    assert_int_equal(rd(f, VALUE), 0xFFFF);
    assert_int_equal(next_event(f), 0xFFFFull * TICK);
}

static void test_bgload_does_not_restart(void **state)
{
    struct fixture *f = *state;

    f->ack = 1;
    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    run_to(f, 100000);
    wr(f, BGLOAD, 300);
    assert_int_equal(rd(f, VALUE), 500);
    assert_int_equal(rd(f, LOAD), 300);
    assert_int_equal(rd(f, BGLOAD), 300);
    assert_int_equal(next_event(f), 200000);
    run_to(f, 200000);
    assert_int_equal(rd(f, VALUE), 300);
    run_to(f, 260000);
    assert_int_equal(f->nevents, 2);
    assert_int_equal(f->event[1], 260000);
}

static void test_load_restarts(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    run_to(f, 100000);
    wr(f, LOAD, 300);
    assert_int_equal(rd(f, VALUE), 300);
    assert_int_equal(next_event(f), 160000);
}

/* TIMCLK edges are absolute: a count started mid-tick decrements at the next edge. */
static void test_start_mid_tick(void **state)
{
    struct fixture *f = *state;

    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    f->cycles = 50;
    wr(f, LOAD, 10);
    assert_int_equal(rd(f, VALUE), 10);
    f->cycles = 199;
    assert_int_equal(rd(f, VALUE), 10);
    f->cycles = 200;
    assert_int_equal(rd(f, VALUE), 9);
    assert_int_equal(next_event(f), 10 * TICK);
}

static void test_disable_holds_value(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    run_to(f, 100000);
    wr(f, CONTROL, PERIODIC | INTEN | SIZE32);
    assert_int_equal(rd(f, VALUE), 500);
    assert_true(next_event(f) == DEV_NO_EVENT);
    run_to(f, 300000);
    assert_int_equal(rd(f, VALUE), 500);
    assert_int_equal(rd(f, RIS), 0);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    assert_int_equal(next_event(f), 400000);
}

/* Control writes that keep the prescaler keep the ticks' phase. */
static void test_control_write_keeps_phase(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    f->cycles = 100150; /* 500.75 ticks */
    wr(f, CONTROL, ENABLE | INTEN | SIZE32); /* to free-running, mid-count */
    assert_int_equal(rd(f, VALUE), 500);
    assert_int_equal(next_event(f), 200000);
    run_to(f, 200000);
    assert_int_equal(rd(f, VALUE), 0xFFFFFFFF); /* wrapped, not reloaded */
}

/* A new prescaler counts from the current tick. */
static void test_prescale_change(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    f->cycles = 100100; /* tick 500 */
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32 | DIV16);
    assert_int_equal(rd(f, VALUE), 500);
    assert_int_equal(next_event(f), (500 + 500 * 16) * TICK);
}

static void test_two_timers_combined(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    wr(f, T1 + LOAD, 500);
    wr(f, T1 + CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    assert_int_equal(next_event(f), 100000);

    run_to(f, 100000);
    assert_int_equal(f->level, 1);
    assert_int_equal(rd(f, T1 + MIS), 1);
    assert_int_equal(rd(f, MIS), 0);
    wr(f, T1 + INTCLR, 1);
    assert_int_equal(f->level, 0);

    run_to(f, 200000); /* both reach zero */
    assert_int_equal(rd(f, MIS), 1);
    assert_int_equal(rd(f, T1 + MIS), 1);
    wr(f, INTCLR, 1);
    assert_int_equal(f->level, 1); /* timer 1 still asserts TIMINTC */
    wr(f, T1 + INTCLR, 1);
    assert_int_equal(f->level, 0);
    assert_int_equal(rd(f, VALUE), 1000);
    assert_int_equal(rd(f, T1 + VALUE), 500);
}

/* Without advance(), a register read still sees every zero reached by now. */
static void test_lazy_read_without_advance(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    f->cycles = 250000;
    assert_int_equal(f->level, 0);
    assert_int_equal(rd(f, RIS), 1);
    assert_int_equal(f->level, 1);
    assert_int_equal(rd(f, VALUE), 750);
    assert_int_equal(next_event(f), 400000);
}

/* Load = 0 in periodic mode: the counter reaches zero at every tick. */
static void test_load_zero_periodic(void **state)
{
    struct fixture *f = *state;

    f->ack = 1;
    wr(f, LOAD, 0);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    assert_int_equal(rd(f, VALUE), 0);
    run_to(f, 3 * TICK);
    assert_int_equal(f->nevents, 3);
    assert_int_equal(f->event[0], TICK);
    assert_int_equal(f->event[2], 3 * TICK);
    assert_int_equal(rd(f, VALUE), 0);
}

static void test_reset(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    run_to(f, 200000);
    assert_int_equal(f->level, 1);
    dev_sp804_ops.reset(&f->dev);
    assert_int_equal(f->level, 0);
    assert_int_equal(rd(f, CONTROL), 0x20);
    assert_int_equal(rd(f, VALUE), 0xFFFFFFFF);
    assert_true(next_event(f) == DEV_NO_EVENT);
}

static void test_bad_accesses(void **state)
{
    struct fixture *f = *state;

    wr(f, LOAD, 1000);
    wr(f, CONTROL, ENABLE | PERIODIC | INTEN | SIZE32);
    assert_int_equal(rd(f, 0x1C), 0);
    assert_int_equal(rd(f, T1 + 0x1C), 0);
    assert_int_equal(rd(f, 0x40), 0);
    assert_int_equal(rd(f, 0xF08), 0);
    assert_int_equal(rd(f, 0xFDC), 0);
    assert_int_equal(rd(f, INTCLR), 0); /* write-only */
    assert_int_equal(rd(f, ITOP), 0);   /* write-only */
    assert_int_equal(dev_guest_error_count, 7);
    wr(f, VALUE, 5);    /* read-only */
    wr(f, RIS, 1);      /* read-only */
    wr(f, T1 + MIS, 1); /* read-only */
    wr(f, 0x1C, 1);
    wr(f, 0x80, 1);
    wr(f, PERIPHID0, 1);
    assert_int_equal(dev_guest_error_count, 13);
    assert_int_equal(dev_sp804_ops.read(&f->dev, VALUE, 2), 0);
    assert_int_equal(dev_sp804_ops.read(&f->dev, VALUE + 1, 4), 0);
    dev_sp804_ops.write(&f->dev, LOAD, 5, 1);
    assert_int_equal(dev_guest_error_count, 16);

    /* Integration test registers: ITCR reads back, ITOP writes are ignored quietly. */
    wr(f, ITCR, 3);
    wr(f, ITOP, 1);
    assert_int_equal(rd(f, ITCR), 1);
    assert_int_equal(dev_guest_error_count, 16);

    assert_int_equal(rd(f, LOAD), 1000); /* nothing changed */
    assert_int_equal(next_event(f), 200000);
}

static void test_ops_table(void **state)
{
    (void)state;
    assert_string_equal(dev_sp804_ops.name, "sp804");
    assert_non_null(dev_sp804_ops.next_event);
    assert_non_null(dev_sp804_ops.advance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reset_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_id_registers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_periodic_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_periodic_no_drift, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_drift_odd_core_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_intclr_lowers_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inten_masks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prescale_16, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prescale_256, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oneshot_stops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leaving_oneshot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_free_running_wraps_32, setup, teardown),
        cmocka_unit_test_setup_teardown(test_16bit_free_running, setup, teardown),
        cmocka_unit_test_setup_teardown(test_16bit_periodic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enable_from_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bgload_does_not_restart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_restarts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_start_mid_tick, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disable_holds_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_control_write_keeps_phase, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prescale_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_timers_combined, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lazy_read_without_advance, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_zero_periodic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_accesses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ops_table, setup, teardown),
    };

    return cmocka_run_group_tests_name("dev_sp804", tests, NULL, NULL);
}
