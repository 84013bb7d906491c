/*
 * test_pl190.c: register-level tests of the PL190 VIC (sim/dev_pl190.c): enable masks,
 * FIQ routing, soft interrupts, vectored priority and nesting, the default vector, IDs
 * and guest errors. The CPU is two recording dev_irq callbacks; each test gets a fresh VIC.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "dev_pl190.h"

enum {
    IRQSTATUS = 0x000,
    FIQSTATUS = 0x004,
    RAWINTR = 0x008,
    INTSELECT = 0x00C,
    INTENABLE = 0x010,
    INTENCLEAR = 0x014,
    SOFTINT = 0x018,
    SOFTINTCLEAR = 0x01C,
    PROTECTION = 0x020,
    VECTADDR = 0x030,
    DEFVECTADDR = 0x034,
    VECTADDR0 = 0x100,
    VECTCNTL0 = 0x200,
    PERIPHID0 = 0xFE0,
};

#define CNTL_ENABLE 0x20u
#define CPU_IRQ 0u
#define CPU_FIQ 1u

/* One CPU input as the VIC drives it. */
struct irq_rec {
    int level;
    unsigned calls;
    unsigned rises; /* 0 -> 1 transitions */
};

struct fixture {
    struct dev_pl190 vic;
    struct irq_rec cpu[2]; /* [CPU_IRQ], [CPU_FIQ] */
};

static void rec_irq(void *opaque, unsigned line, int level)
{
    struct irq_rec *r = &((struct fixture *)opaque)->cpu[line];

    if (level && !r->level)
        r->rises++;
    r->level = level != 0;
    r->calls++;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    if (!f)
        return -1;
    dev_pl190_init(&f->vic, (struct dev_irq){rec_irq, f, CPU_IRQ},
                   (struct dev_irq){rec_irq, f, CPU_FIQ});
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
    return dev_pl190_ops.read(&f->vic, off, 4);
}

static void wr(struct fixture *f, uint32_t off, uint32_t val)
{
    dev_pl190_ops.write(&f->vic, off, val, 4);
}

static void line(struct fixture *f, unsigned n, int level)
{
    dev_pl190_set_line(&f->vic, n, level);
}

/* Put `source` in vector slot `slot` with handler address `addr`. */
static void vector(struct fixture *f, unsigned slot, unsigned source, uint32_t addr)
{
    wr(f, VECTADDR0 + 4 * slot, addr);
    wr(f, VECTCNTL0 + 4 * slot, CNTL_ENABLE | source);
}

static void test_reset_state(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
    assert_int_equal(f->cpu[CPU_FIQ].level, 0);
    assert_true(f->cpu[CPU_IRQ].calls > 0); /* reset drives the outputs */
    assert_int_equal(rd(f, IRQSTATUS), 0);
    assert_int_equal(rd(f, FIQSTATUS), 0);
    assert_int_equal(rd(f, RAWINTR), 0);
    assert_int_equal(rd(f, INTENABLE), 0);
    assert_int_equal(rd(f, INTSELECT), 0);
    assert_int_equal(rd(f, DEFVECTADDR), 0);
    assert_int_equal(dev_guest_error_count, 0);
}

static void test_id_registers(void **state)
{
    struct fixture *f = *state;
    static const uint32_t id[8] = {0x90, 0x11, 0x04, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(rd(f, PERIPHID0 + 4 * i), id[i]);
    assert_int_equal(dev_guest_error_count, 0);
}

static void test_enable_masks(void **state)
{
    struct fixture *f = *state;

    line(f, 4, 1);
    assert_int_equal(rd(f, RAWINTR), 1u << 4);
    assert_int_equal(rd(f, IRQSTATUS), 0);
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);

    wr(f, INTENABLE, 1u << 4);
    assert_int_equal(rd(f, IRQSTATUS), 1u << 4);
    assert_int_equal(f->cpu[CPU_IRQ].level, 1);
    assert_int_equal(f->cpu[CPU_FIQ].level, 0);

    wr(f, INTENCLEAR, 1u << 4);
    assert_int_equal(rd(f, INTENABLE), 0);
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);

    wr(f, INTENABLE, 1u << 4);
    line(f, 4, 0);
    assert_int_equal(rd(f, RAWINTR), 0);
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
    assert_int_equal(f->cpu[CPU_IRQ].rises, 2);
}

/* INTENABLE and INTENCLEAR only act on the bits written as 1. */
static void test_enable_set_clear_are_bitwise(void **state)
{
    struct fixture *f = *state;

    wr(f, INTENABLE, 1u << 4);
    wr(f, INTENABLE, 1u << 12);
    assert_int_equal(rd(f, INTENABLE), (1u << 4) | (1u << 12));
    wr(f, INTENCLEAR, 1u << 12);
    assert_int_equal(rd(f, INTENABLE), 1u << 4);
    wr(f, INTENABLE, 0);
    assert_int_equal(rd(f, INTENABLE), 1u << 4);
}

static void test_intselect_routes_to_fiq(void **state)
{
    struct fixture *f = *state;

    wr(f, INTSELECT, 1u << 5);
    wr(f, INTENABLE, (1u << 5) | (1u << 4));
    line(f, 5, 1);
    assert_int_equal(f->cpu[CPU_FIQ].level, 1);
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
    assert_int_equal(rd(f, FIQSTATUS), 1u << 5);
    assert_int_equal(rd(f, IRQSTATUS), 0);

    line(f, 4, 1); /* an IRQ source meanwhile */
    assert_int_equal(f->cpu[CPU_IRQ].level, 1);
    assert_int_equal(rd(f, IRQSTATUS), 1u << 4);

    wr(f, INTSELECT, 0); /* back to IRQ */
    assert_int_equal(f->cpu[CPU_FIQ].level, 0);
    assert_int_equal(rd(f, IRQSTATUS), (1u << 5) | (1u << 4));
}

static void test_fiq_needs_enable(void **state)
{
    struct fixture *f = *state;

    wr(f, INTSELECT, 1u << 5);
    line(f, 5, 1);
    assert_int_equal(f->cpu[CPU_FIQ].level, 0);
    assert_int_equal(rd(f, FIQSTATUS), 0);
    wr(f, INTENABLE, 1u << 5);
    assert_int_equal(f->cpu[CPU_FIQ].level, 1);
}

static void test_soft_interrupts(void **state)
{
    struct fixture *f = *state;

    wr(f, SOFTINT, 1u << 7);
    assert_int_equal(rd(f, SOFTINT), 1u << 7);
    assert_int_equal(rd(f, RAWINTR), 1u << 7);
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
    wr(f, INTENABLE, 1u << 7);
    assert_int_equal(f->cpu[CPU_IRQ].level, 1);

    wr(f, SOFTINT, 1u << 9); /* SOFTINT sets; it does not overwrite */
    assert_int_equal(rd(f, SOFTINT), (1u << 7) | (1u << 9));
    wr(f, SOFTINTCLEAR, 1u << 7);
    assert_int_equal(rd(f, SOFTINT), 1u << 9);
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
}

/* A soft interrupt and the hardware line of the same source are ORed. */
static void test_soft_and_hardware_or(void **state)
{
    struct fixture *f = *state;

    wr(f, INTENABLE, 1u << 3);
    line(f, 3, 1);
    wr(f, SOFTINT, 1u << 3);
    line(f, 3, 0);
    assert_int_equal(f->cpu[CPU_IRQ].level, 1);
    wr(f, SOFTINTCLEAR, 1u << 3);
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
}

/* Slot 0 (source 12) outranks slot 1 (source 4) whatever the line numbers. */
static void test_vectored_priority_order(void **state)
{
    struct fixture *f = *state;

    vector(f, 0, 12, 0x1200);
    vector(f, 1, 4, 0x0400);
    wr(f, DEFVECTADDR, 0xDEF0);
    wr(f, INTENABLE, (1u << 12) | (1u << 4));
    line(f, 4, 1);
    line(f, 12, 1);

    assert_int_equal(rd(f, VECTADDR), 0x1200);
    /* Level 0 in service: nothing outranks it, so nIRQ drops although 4 is pending. */
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
    assert_int_equal(rd(f, IRQSTATUS), (1u << 12) | (1u << 4)); /* status is not masked */
    line(f, 12, 0);
    wr(f, VECTADDR, 0);
    assert_int_equal(f->cpu[CPU_IRQ].level, 1); /* 4 is visible again */

    assert_int_equal(rd(f, VECTADDR), 0x0400);
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
    line(f, 4, 0);
    wr(f, VECTADDR, 0);
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
}

/* A source still asserted after its ISR acknowledges comes back first again. */
static void test_vectaddr_rereads_highest(void **state)
{
    struct fixture *f = *state;

    vector(f, 0, 12, 0x1200);
    vector(f, 1, 4, 0x0400);
    wr(f, INTENABLE, (1u << 12) | (1u << 4));
    line(f, 4, 1);
    line(f, 12, 1);
    assert_int_equal(rd(f, VECTADDR), 0x1200);
    assert_int_equal(rd(f, VECTADDR), 0x1200); /* re-read inside the ISR: same level */
    wr(f, VECTADDR, 0);
    assert_int_equal(rd(f, VECTADDR), 0x1200);
}

static void test_nesting(void **state)
{
    struct fixture *f = *state;

    vector(f, 0, 12, 0x1200);
    vector(f, 1, 4, 0x0400);
    vector(f, 2, 6, 0x0600);
    wr(f, INTENABLE, (1u << 12) | (1u << 6) | (1u << 4));

    line(f, 4, 1);
    assert_int_equal(rd(f, VECTADDR), 0x0400); /* level 1 in service */
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);

    line(f, 6, 1); /* lower priority: held off */
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);

    line(f, 12, 1); /* higher priority: preempts */
    assert_int_equal(f->cpu[CPU_IRQ].level, 1);
    assert_int_equal(rd(f, VECTADDR), 0x1200); /* level 0 in service, nested */
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);

    line(f, 12, 0);
    wr(f, VECTADDR, 0); /* back to level 1: 6 still held off */
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
    assert_int_equal(rd(f, VECTADDR), 0x0400); /* the ISR interrupted at level 1 */

    line(f, 4, 0);
    wr(f, VECTADDR, 0); /* idle: 6 shows */
    assert_int_equal(f->cpu[CPU_IRQ].level, 1);
    assert_int_equal(rd(f, VECTADDR), 0x0600);
    line(f, 6, 0);
    wr(f, VECTADDR, 0);
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
    wr(f, VECTADDR, 0); /* one write too many at idle: harmless */
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
    assert_int_equal(dev_guest_error_count, 0);
}

static void test_default_vector(void **state)
{
    struct fixture *f = *state;

    vector(f, 0, 12, 0x1200);
    wr(f, DEFVECTADDR, 0xDEF0);
    wr(f, INTENABLE, (1u << 20) | (1u << 21) | (1u << 12));
    line(f, 20, 1); /* in no vector slot: non-vectored */
    assert_int_equal(f->cpu[CPU_IRQ].level, 1);
    assert_int_equal(rd(f, VECTADDR), 0xDEF0);
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);

    line(f, 21, 1); /* another non-vectored source does not preempt */
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
    line(f, 12, 1); /* a vectored one does */
    assert_int_equal(f->cpu[CPU_IRQ].level, 1);
    assert_int_equal(rd(f, VECTADDR), 0x1200);
    line(f, 12, 0);
    wr(f, VECTADDR, 0);
    assert_int_equal(rd(f, VECTADDR), 0xDEF0); /* still in the default level */
    line(f, 20, 0);
    line(f, 21, 0);
    wr(f, VECTADDR, 0);
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
}

static void test_vectaddr_with_nothing_pending(void **state)
{
    struct fixture *f = *state;

    vector(f, 0, 12, 0x1200);
    wr(f, DEFVECTADDR, 0xDEF0);
    wr(f, INTENABLE, 1u << 12);
    assert_int_equal(rd(f, VECTADDR), 0xDEF0);
    /* No level was entered: a source arriving now is not masked. */
    line(f, 12, 1);
    assert_int_equal(f->cpu[CPU_IRQ].level, 1);
    assert_int_equal(rd(f, VECTADDR), 0x1200);
}

/* A slot without its enable bit does not vector; nor do disabled or FIQ sources count. */
static void test_disabled_slot_and_masked_sources(void **state)
{
    struct fixture *f = *state;

    wr(f, VECTADDR0, 0x1200);
    wr(f, VECTCNTL0, 12); /* enable bit clear */
    wr(f, DEFVECTADDR, 0xDEF0);
    wr(f, INTENABLE, 1u << 12);
    line(f, 12, 1);
    assert_int_equal(rd(f, VECTADDR), 0xDEF0);
    line(f, 12, 0);
    wr(f, VECTADDR, 0);

    vector(f, 1, 5, 0x0500);
    line(f, 5, 1); /* raw but not enabled */
    assert_int_equal(rd(f, VECTADDR), 0xDEF0);
    wr(f, VECTADDR, 0);
    wr(f, INTENABLE, 1u << 5);
    wr(f, INTSELECT, 1u << 5); /* FIQ: outside the vectored logic */
    assert_int_equal(rd(f, VECTADDR), 0xDEF0);
    wr(f, VECTADDR, 0);
    wr(f, INTSELECT, 0);
    assert_int_equal(rd(f, VECTADDR), 0x0500);
}

static void test_register_readback(void **state)
{
    struct fixture *f = *state;

    wr(f, VECTADDR0 + 4 * 15, 0xCAFEF00D);
    wr(f, VECTCNTL0 + 4 * 15, 0xFFFFFFFF);
    wr(f, PROTECTION, 0xFF);
    wr(f, DEFVECTADDR, 0x12345678);
    wr(f, INTSELECT, 0x80000001);
    assert_int_equal(rd(f, VECTADDR0 + 4 * 15), 0xCAFEF00D);
    assert_int_equal(rd(f, VECTCNTL0 + 4 * 15), 0x3F);
    assert_int_equal(rd(f, PROTECTION), 1);
    assert_int_equal(rd(f, DEFVECTADDR), 0x12345678);
    assert_int_equal(rd(f, INTSELECT), 0x80000001);
    assert_int_equal(dev_guest_error_count, 0);
}

static void test_input_helper_and_line_31(void **state)
{
    struct fixture *f = *state;
    struct dev_irq in = dev_pl190_input(&f->vic, 31);

    wr(f, INTENABLE, 1u << 31);
    dev_irq_set(&in, 1);
    assert_int_equal(rd(f, RAWINTR), 1u << 31);
    assert_int_equal(f->cpu[CPU_IRQ].level, 1);
    dev_pl190_irq_in(&f->vic, 31, 0);
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
}

static void test_reset_keeps_lines(void **state)
{
    struct fixture *f = *state;

    vector(f, 0, 4, 0x400);
    wr(f, INTENABLE, 1u << 4);
    wr(f, SOFTINT, 1u << 9);
    line(f, 4, 1);
    assert_int_equal(rd(f, VECTADDR), 0x400);
    dev_pl190_ops.reset(&f->vic);
    assert_int_equal(f->cpu[CPU_IRQ].level, 0);
    assert_int_equal(rd(f, INTENABLE), 0);
    assert_int_equal(rd(f, SOFTINT), 0);
    assert_int_equal(rd(f, VECTCNTL0), 0);
    assert_int_equal(rd(f, RAWINTR), 1u << 4); /* the device still drives its line */
    wr(f, INTENABLE, 1u << 4);
    assert_int_equal(f->cpu[CPU_IRQ].level, 1); /* and the priority level is idle again */
}

static void test_bad_accesses(void **state)
{
    struct fixture *f = *state;

    wr(f, INTENABLE, 1u << 4);
    line(f, 4, 1);
    assert_int_equal(rd(f, 0x024), 0);
    assert_int_equal(rd(f, 0x140), 0);
    assert_int_equal(rd(f, 0x240), 0);
    assert_int_equal(rd(f, 0xFDC), 0);
    assert_int_equal(rd(f, INTENCLEAR), 0); /* write-only */
    wr(f, 0x800, 1);
    wr(f, IRQSTATUS, 0); /* read-only */
    wr(f, RAWINTR, 0);   /* read-only */
    wr(f, PERIPHID0, 0); /* read-only */
    assert_int_equal(dev_guest_error_count, 9);

    assert_int_equal(dev_pl190_ops.read(&f->vic, IRQSTATUS, 1), 0);
    assert_int_equal(dev_pl190_ops.read(&f->vic, IRQSTATUS + 1, 4), 0);
    dev_pl190_ops.write(&f->vic, INTENCLEAR, 0xFF, 2);
    assert_int_equal(dev_guest_error_count, 12);

    assert_int_equal(rd(f, INTENABLE), 1u << 4); /* nothing changed */
    assert_int_equal(f->cpu[CPU_IRQ].level, 1);
}

static void test_ops_table(void **state)
{
    (void)state;
    assert_string_equal(dev_pl190_ops.name, "pl190");
    assert_null(dev_pl190_ops.next_event);
    assert_null(dev_pl190_ops.advance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reset_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_id_registers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enable_masks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enable_set_clear_are_bitwise, setup, teardown),
        cmocka_unit_test_setup_teardown(test_intselect_routes_to_fiq, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fiq_needs_enable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_soft_interrupts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_soft_and_hardware_or, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vectored_priority_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vectaddr_rereads_highest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nesting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_default_vector, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vectaddr_with_nothing_pending, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disabled_slot_and_masked_sources, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_readback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_input_helper_and_line_31, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_keeps_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_accesses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ops_table, setup, teardown),
    };

    return cmocka_run_group_tests_name("dev_pl190", tests, NULL, NULL);
}
