/*
 * test_cpu.c: CPU-level tests of the exception machinery, a fresh machine per test
 * (Unicorn tests/unit/test_arm.c style). Each test loads one small program from
 * tests/cpu/NAME.S (built into raw binaries at physical 0), runs it under a budget, and
 * checks what it wrote into its mailbox against hand-worked values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "armv5.h"
#include "machine.h"

#define MAILBOX 0x8000u
#define BUDGET 200000u

#ifndef CPU_TEST_BIN_DIR
#error "CPU_TEST_BIN_DIR must name the folder of the built test programs"
#endif

struct fixture {
    struct machine m;
    uint32_t size; /* bytes of the program loaded */
};

static void load_program(struct fixture *f, const char *name)
{
    char path[512], err[256];
    static uint8_t buf[64 * 1024];
    struct machine_config cfg = {.ram_size = 16u << 20, .cpu_hz = 200000000u, .max_insns = BUDGET};
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s.bin", CPU_TEST_BIN_DIR, name);
    fp = fopen(path, "rb");
    assert_non_null(fp);
    f->size = (uint32_t)fread(buf, 1, sizeof(buf), fp);
    fclose(fp);
    if (machine_create(&f->m, &cfg, err, sizeof(err)))
        fail_msg("machine_create: %s", err);
    assert_int_equal(machine_load(&f->m, 0, buf, f->size), 0);
}

static uint32_t mailbox(struct fixture *f, unsigned slot)
{
    uint32_t v;
    memcpy(&v, f->m.ram + MAILBOX + 4 * slot, 4);
    return v;
}

/* Address of a label, read from the mailbox slot the program stored it in. */
static uint32_t site(struct fixture *f, unsigned slot)
{
    return mailbox(f, slot);
}

static int setup(void **state)
{
    *state = calloc(1, sizeof(struct fixture));
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    machine_destroy(&f->m);
    free(f);
    return 0;
}

static void run_to_exit(struct fixture *f, int expected_code)
{
    enum machine_stop stop = machine_run(&f->m, 0, 0, 0);
    if (stop != STOP_EXIT)
        fail_msg("stopped with %d (%s), expected a semihosting exit", stop, f->m.fatal_msg);
    assert_int_equal(f->m.exit_code, expected_code);
}

/* SWI from USR: SPSR holds the user CPSR, LR_svc the address after the SWI, and the
 * user's banked SP and LR are intact on return. */
static void test_swi_round_trip_from_usr(void **state)
{
    struct fixture *f = *state;
    load_program(f, "swi_usr");
    run_to_exit(f, 0);
    assert_int_equal(mailbox(f, 0), 0x5000);          /* SP_usr */
    assert_int_equal(mailbox(f, 1), 0x1234);          /* LR_usr */
    assert_int_equal(mailbox(f, 2), 43);              /* r0 bumped by the handler */
    assert_int_equal(mailbox(f, 3), site(f, 5) + 4);  /* LR_svc */
    assert_int_equal(mailbox(f, 4) & PSR_MODE_MASK, PSR_MODE_USR);
    assert_int_equal(mailbox(f, 4) & PSR_I, 0);
    assert_int_equal(f->m.stats.exceptions[EXC_SWI], 2);
}

/* Section translation fault: FAR is the effective address (base + 4), DFSR 0x5. */
static void test_data_abort_translation_fault(void **state)
{
    struct fixture *f = *state;
    load_program(f, "abort");
    run_to_exit(f, 0);
    assert_int_equal(mailbox(f, 0), 0x00200004);
    assert_int_equal(mailbox(f, 1), FSR_TRANSLATION_SECTION);
    assert_int_equal(mailbox(f, 2), site(f, 12) + 8);
}

/* Permission fault: a USR store to a user read-only small page of domain 2. */
static void test_data_abort_permission_fault(void **state)
{
    struct fixture *f = *state;
    load_program(f, "abort");
    run_to_exit(f, 0);
    assert_int_equal(mailbox(f, 3), 0x00100010);
    assert_int_equal(mailbox(f, 4), FSR_PERMISSION_PAGE | (2u << FSR_DOMAIN_SHIFT));
    assert_int_equal(mailbox(f, 5), site(f, 13) + 8);
}

/* LDM of four words from 0x00100FF8: the third word is the first in the unmapped
 * page, so FAR = 0x00101000 with a page translation fault in domain 2. */
static void test_data_abort_ldm_crossing_pages(void **state)
{
    struct fixture *f = *state;
    load_program(f, "abort");
    run_to_exit(f, 0);
    assert_int_equal(mailbox(f, 6), 0x00101000);
    assert_int_equal(mailbox(f, 7), FSR_TRANSLATION_PAGE | (2u << FSR_DOMAIN_SHIFT));
    assert_int_equal(mailbox(f, 8), site(f, 14) + 8);
}

/* Prefetch abort: branch to an unmapped section; LR_abt = target + 4, IFSR 0x5. */
static void test_prefetch_abort(void **state)
{
    struct fixture *f = *state;
    load_program(f, "abort");
    run_to_exit(f, 0);
    assert_int_equal(mailbox(f, 9), 0x00200004);
    assert_int_equal(mailbox(f, 10), FSR_TRANSLATION_SECTION);
    assert_int_equal(mailbox(f, 11) & PSR_MODE_MASK, PSR_MODE_SVC);
    assert_int_equal(mailbox(f, 15), 4); /* four aborts in all */
    assert_int_equal(f->m.stats.exceptions[EXC_DABT], 3);
    assert_int_equal(f->m.stats.exceptions[EXC_PABT], 1);
}

/* IRQ from the SP804 through the PL190: taken with I clear, returns with the
 * interrupted loop's registers intact. */
static void test_irq_delivery_and_return(void **state)
{
    struct fixture *f = *state;
    load_program(f, "irq");
    run_to_exit(f, 0);
    assert_int_equal(mailbox(f, 0), 3);
    assert_int_equal(mailbox(f, 1), 0xCAFEF00D);
    assert_int_equal(mailbox(f, 2) & (PSR_MODE_MASK | PSR_I), PSR_MODE_SVC);
    assert_true(mailbox(f, 3) >= 0x20 && mailbox(f, 3) < f->size + 4);
    assert_true(mailbox(f, 4) > 0);
    assert_int_equal(f->m.stats.exceptions[EXC_IRQ], 3);
    /* 50 us at 1 MHz is 10000 cycles at 200 MHz: three periods take at least 30000. */
    assert_true(f->m.cycles >= 30000);
}

/* Undefined instruction: UND mode, LR_und = UDF + 4, SPSR = the SVC CPSR, MOVS PC, LR
 * resumes with the next instruction in SVC mode. */
static void test_undefined_instruction(void **state)
{
    struct fixture *f = *state;
    load_program(f, "undef");
    run_to_exit(f, 0);
    assert_int_equal(mailbox(f, 0), site(f, 3) + 4);
    assert_int_equal(mailbox(f, 1) & PSR_MODE_MASK, PSR_MODE_SVC);
    assert_int_equal(mailbox(f, 2) & PSR_MODE_MASK, PSR_MODE_UND);
    assert_int_equal(mailbox(f, 2) & PSR_I, PSR_I);
    assert_int_equal(mailbox(f, 4), 7);
    assert_int_equal(mailbox(f, 5) & PSR_MODE_MASK, PSR_MODE_SVC);
    assert_int_equal(f->m.stats.exceptions[EXC_UNDEF], 1);
}

/* A guest that spins forever stops at the budget, with exactly that many instructions
 * or fewer (budgets are checked per block). */
static void test_budget_stops_a_spinning_guest(void **state)
{
    struct fixture *f = *state;
    load_program(f, "spin");
    assert_int_equal(machine_run(&f->m, 0, 0, 0), STOP_BUDGET);
    assert_true(f->m.insns <= BUDGET && f->m.insns > BUDGET - 16);
}

/* Wait for interrupt with nothing armed: a fatal stop, never a host hang. */
static void test_wfi_without_source_is_fatal(void **state)
{
    struct fixture *f = *state;
    char err[128];
    load_program(f, "wfi");
    assert_int_equal(machine_hook_cp15(&f->m, 0, f->size & ~3u, 0, err, sizeof(err)), 0);
    assert_int_equal(machine_run(&f->m, 0, 0, 0), STOP_FATAL);
    assert_non_null(strstr(f->m.fatal_msg, "wait for interrupt"));
    assert_int_equal(mailbox(f, 0), 0);
    assert_int_equal(f->m.cp15.counts[CP15_WAIT_FOR_INTERRUPT], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_swi_round_trip_from_usr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_abort_translation_fault, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_abort_permission_fault, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_abort_ldm_crossing_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prefetch_abort, setup, teardown),
        cmocka_unit_test_setup_teardown(test_irq_delivery_and_return, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undefined_instruction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_budget_stops_a_spinning_guest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wfi_without_source_is_fatal, setup, teardown),
    };
    return cmocka_run_group_tests_name("cpu", tests, NULL, NULL);
}
