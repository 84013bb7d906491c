/*
 * test_sysregs.c: register-level tests of the Versatile PB system registers
 * (sim/dev_sysregs.c) with a simulated clock, plus the guest-error report of
 * sim/dev_common.c. Each test gets a fresh device and a fresh cycle counter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "board.h"
#include "dev_sysregs.h"
#include "devregs.h"

#define CPU_HZ 200000000u /* BOARD_CPU_HZ_DEFAULT */

enum {
    SYS_SW = 0x04,
    SYS_LED = 0x08,
    SYS_OSC0 = 0x0C,
    SYS_LOCK = 0x20,
    SYS_100HZ = 0x24,
    SYS_CFGDATA1 = 0x28,
    SYS_FLAGS = 0x30,
    SYS_FLAGSCLR = 0x34,
    SYS_NVFLAGS = 0x38,
    SYS_NVFLAGSCLR = 0x3C,
    SYS_RESETCTL = 0x40,
    SYS_CLCD = 0x50,
    SYS_PROCID0 = 0x84,
};

struct fixture {
    uint64_t cycles;
    struct dev_sysregs dev;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    if (!f)
        return -1;
    dev_sysregs_init(&f->dev, (struct dev_clock){.cycles = &f->cycles, .cpu_hz = CPU_HZ});
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
    return dev_sysregs_ops.read(&f->dev, off, 4);
}

static void wr(struct fixture *f, uint32_t off, uint32_t val)
{
    dev_sysregs_ops.write(&f->dev, off, val, 4);
}

static void test_id(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(rd(f, SYSREG_ID), SYSREG_ID_VALUE);
    assert_int_equal(rd(f, SYS_PROCID0), 0x02000000u);
    assert_int_equal(dev_guest_error_count, 0);
}

/* 24 MHz / 200 MHz = 0.12 ticks per cycle. */
static void test_24mhz_counter(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(rd(f, SYSREG_24MHZ), 0);
    f->cycles = 8; /* 0.96 ticks */
    assert_int_equal(rd(f, SYSREG_24MHZ), 0);
    f->cycles = 9; /* 1.08 ticks */
    assert_int_equal(rd(f, SYSREG_24MHZ), 1);
    f->cycles = CPU_HZ; /* one simulated second */
    assert_int_equal(rd(f, SYSREG_24MHZ), BOARD_SYS24MHZ_HZ);
    f->cycles = 3ull * CPU_HZ + 25; /* 72000003 ticks */
    assert_int_equal(rd(f, SYSREG_24MHZ), 72000003u);
}

static void test_24mhz_counter_wraps_at_32_bits(void **state)
{
    struct fixture *f = *state;
    const struct dev_clock clk = {.cycles = &f->cycles, .cpu_hz = CPU_HZ};

    f->cycles = dev_clock_cycles(&clk, (1ull << 32) + 5, BOARD_SYS24MHZ_HZ);
    assert_int_equal(rd(f, SYSREG_24MHZ), 5);
    f->cycles--;
    assert_int_equal(rd(f, SYSREG_24MHZ), 4);
}

static void test_24mhz_counter_other_core_clock(void **state)
{
    struct fixture *f = *state;

    /* 24 MHz / 100 MHz: 0.24 ticks per cycle. */
    dev_sysregs_init(&f->dev, (struct dev_clock){.cycles = &f->cycles, .cpu_hz = 100000000u});
    f->cycles = 1000;
    assert_int_equal(rd(f, SYSREG_24MHZ), 240);
}

static void test_100hz_counter(void **state)
{
    struct fixture *f = *state;

    f->cycles = CPU_HZ / 100 - 1;
    assert_int_equal(rd(f, SYS_100HZ), 0);
    f->cycles = CPU_HZ / 100;
    assert_int_equal(rd(f, SYS_100HZ), 1);
    f->cycles = 5ull * CPU_HZ;
    assert_int_equal(rd(f, SYS_100HZ), 500);
}

static void test_counters_are_read_only(void **state)
{
    struct fixture *f = *state;

    f->cycles = 900;
    wr(f, SYSREG_24MHZ, 0);
    wr(f, SYSREG_ID, 0);
    assert_int_equal(dev_guest_error_count, 2);
    assert_int_equal(rd(f, SYSREG_24MHZ), 108);
    assert_int_equal(rd(f, SYSREG_ID), SYSREG_ID_VALUE);
}

static void test_plain_registers_read_back(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(rd(f, SYS_LED), 0);
    wr(f, SYS_LED, 0xA5);
    wr(f, SYS_CFGDATA1, 0xDEADBEEF);
    assert_int_equal(rd(f, SYS_LED), 0xA5);
    assert_int_equal(rd(f, SYS_CFGDATA1), 0xDEADBEEF);
    assert_int_equal(rd(f, SYS_SW), 0); /* no switches on a simulated board */
    assert_int_equal(dev_guest_error_count, 0);
}

static void test_clcd_id_bits_read_only(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(rd(f, SYS_CLCD), 0x1F00);
    wr(f, SYS_CLCD, 0xFFFF0003);
    assert_int_equal(rd(f, SYS_CLCD), 0xFFFF1F03u); /* bits 13:8 kept at 0x1F */
}

static void test_lock(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(rd(f, SYS_LOCK), 0x10000); /* locked after reset */
    wr(f, SYS_OSC0, 0x1234);
    assert_int_equal(rd(f, SYS_OSC0), 0); /* ignored while locked */

    wr(f, SYS_LOCK, 0xA05F);
    assert_int_equal(rd(f, SYS_LOCK), 0xA05F);
    wr(f, SYS_OSC0, 0x1234);
    wr(f, SYS_RESETCTL, 0x3);
    assert_int_equal(rd(f, SYS_OSC0), 0x1234);
    assert_int_equal(rd(f, SYS_RESETCTL), 0x3);

    wr(f, SYS_LOCK, 0x1);
    assert_int_equal(rd(f, SYS_LOCK), 0x10001);
    wr(f, SYS_OSC0, 0x5678);
    assert_int_equal(rd(f, SYS_OSC0), 0x1234);
    assert_int_equal(dev_guest_error_count, 0); /* locked writes are not guest bugs */
}

static void test_flags_set_clear(void **state)
{
    struct fixture *f = *state;

    wr(f, SYS_FLAGS, 0x0F);
    wr(f, SYS_FLAGS, 0x30);
    assert_int_equal(rd(f, SYS_FLAGS), 0x3F);
    wr(f, SYS_FLAGSCLR, 0x11);
    assert_int_equal(rd(f, SYS_FLAGS), 0x2E);
    wr(f, SYS_NVFLAGS, 0x5);
    wr(f, SYS_NVFLAGSCLR, 0x4);
    assert_int_equal(rd(f, SYS_NVFLAGS), 0x1);
    assert_int_equal(dev_guest_error_count, 0);
    rd(f, SYS_FLAGSCLR); /* write-only */
    assert_int_equal(dev_guest_error_count, 1);
}

static void test_reset(void **state)
{
    struct fixture *f = *state;

    wr(f, SYS_LED, 0xFF);
    wr(f, SYS_FLAGS, 0x1);
    wr(f, SYS_NVFLAGS, 0x2);
    wr(f, SYS_LOCK, 0xA05F);
    dev_sysregs_ops.reset(&f->dev);
    assert_int_equal(rd(f, SYS_LED), 0);
    assert_int_equal(rd(f, SYS_FLAGS), 0);
    assert_int_equal(rd(f, SYS_NVFLAGS), 0x2); /* non-volatile: survives a reset */
    assert_int_equal(rd(f, SYS_LOCK), 0x10000);
}

static void test_bad_accesses(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(rd(f, 0x7C), 0);
    assert_int_equal(rd(f, 0xA0), 0);
    assert_int_equal(rd(f, 0xFFC), 0);
    wr(f, 0x100, 1);
    wr(f, SYS_SW, 1); /* read-only */
    assert_int_equal(dev_guest_error_count, 5);
    assert_int_equal(dev_sysregs_ops.read(&f->dev, SYSREG_ID, 1), 0);
    assert_int_equal(dev_sysregs_ops.read(&f->dev, SYSREG_ID + 2, 4), 0);
    dev_sysregs_ops.write(&f->dev, SYS_LED, 0x12, 2);
    assert_int_equal(dev_guest_error_count, 8);
    assert_int_equal(rd(f, SYS_LED), 0);
}

static void test_ops_table(void **state)
{
    (void)state;
    assert_string_equal(dev_sysregs_ops.name, "sysregs");
    assert_null(dev_sysregs_ops.next_event);
    assert_null(dev_sysregs_ops.advance);
}

/* Run fn with stderr redirected to a temporary file; return what it printed. */
static char *capture_stderr(void (*fn)(void))
{
    static char out[8192];
    FILE *tmp = tmpfile();
    int saved = dup(fileno(stderr));
    size_t n;

    if (!tmp || saved < 0)
        return NULL;
    fflush(stderr);
    dup2(fileno(tmp), fileno(stderr));
    fn();
    fflush(stderr);
    dup2(saved, fileno(stderr));
    close(saved);
    rewind(tmp);
    n = fread(out, 1, sizeof(out) - 1, tmp);
    out[n] = '\0';
    fclose(tmp);
    return out;
}

static void raise_25_errors(void)
{
    for (int i = 0; i < 25; i++)
        dev_guest_error("xdev", "message %d", i);
}

static void test_guest_error_print_and_rate_limit(void **state)
{
    char *out;
    int lines = 0;

    (void)state;
    dev_guest_error_quiet = 0;
    out = capture_stderr(raise_25_errors);
    assert_non_null(out);
    assert_int_equal(dev_guest_error_count, 25);
    assert_true(strncmp(out, "cesim: guest error: xdev: message 0\n", 36) == 0);
    assert_non_null(strstr(out, "cesim: guest error: xdev: message 19\n"));
    assert_null(strstr(out, "message 20"));
    for (char *p = out; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 21); /* 20 messages, then one note that the rest are hidden */
}

static void test_guest_error_quiet(void **state)
{
    char *out;

    (void)state;
    out = capture_stderr(raise_25_errors);
    assert_non_null(out);
    assert_string_equal(out, "");
    assert_int_equal(dev_guest_error_count, 25);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_24mhz_counter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_24mhz_counter_wraps_at_32_bits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_24mhz_counter_other_core_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_100hz_counter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counters_are_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plain_registers_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clcd_id_bits_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flags_set_clear, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_accesses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ops_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guest_error_print_and_rate_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guest_error_quiet, setup, teardown),
    };

    return cmocka_run_group_tests_name("dev_sysregs", tests, NULL, NULL);
}
