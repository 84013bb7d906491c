/*
 * test_pl011.c: register-level tests of the PL011 UART (sim/dev_pl011.c): bytes reach the
 * sink in order, flag register, receive FIFO and overrun, interrupt masks, IDs and guest
 * errors. The sink is a buffer and the interrupt a recording callback; each test gets a
 * fresh UART.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "board.h"
#include "dev_pl011.h"

enum {
    DR = 0x000,
    RSR = 0x004,
    FR = 0x018,
    ILPR = 0x020,
    IBRD = 0x024,
    FBRD = 0x028,
    LCR_H = 0x02C,
    CR = 0x030,
    IFLS = 0x034,
    IMSC = 0x038,
    RIS = 0x03C,
    MIS = 0x040,
    ICR = 0x044,
    DMACR = 0x048,
    PERIPHID0 = 0xFE0,
};

#define FR_RXFE 0x10u
#define FR_TXFF 0x20u
#define FR_RXFF 0x40u
#define FR_TXFE 0x80u
#define INT_RX 0x10u
#define INT_TX 0x20u
#define INT_OE 0x400u
#define RSR_OE 0x8u
#define LCR_H_FEN 0x10u
#define CR_UARTEN 0x1u
#define CR_LBE 0x80u
#define CR_TXE 0x100u
#define CR_RXE 0x200u

struct fixture {
    struct dev_pl011 uart;
    uint8_t out[256];
    unsigned nout;
    int level;
    unsigned rises;
};

static void sink(void *opaque, uint8_t byte)
{
    struct fixture *f = opaque;

    if (f->nout < sizeof(f->out))
        f->out[f->nout++] = byte;
}

static void rec_irq(void *opaque, unsigned line, int level)
{
    struct fixture *f = opaque;

    assert_int_equal(line, BOARD_IRQ_UART0);
    if (level && !f->level)
        f->rises++;
    f->level = level != 0;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    if (!f)
        return -1;
    dev_pl011_init(&f->uart, sink, f, (struct dev_irq){rec_irq, f, BOARD_IRQ_UART0});
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
    return dev_pl011_ops.read(&f->uart, off, 4);
}

static void wr(struct fixture *f, uint32_t off, uint32_t val)
{
    dev_pl011_ops.write(&f->uart, off, val, 4);
}

/* The usual console set-up: FIFOs on, UART and both directions enabled. */
static void enable(struct fixture *f)
{
    wr(f, LCR_H, LCR_H_FEN | 0x60); /* 8 bits, FIFOs */
    wr(f, CR, CR_UARTEN | CR_TXE | CR_RXE);
}

static void test_reset_state(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(rd(f, FR), FR_TXFE | FR_RXFE);
    assert_int_equal(rd(f, CR), 0x300);
    assert_int_equal(rd(f, IFLS), 0x12);
    assert_int_equal(rd(f, IMSC), 0);
    assert_int_equal(rd(f, LCR_H), 0);
    assert_int_equal(rd(f, RSR), 0);
    assert_int_equal(rd(f, RIS), INT_TX); /* the transmit FIFO is empty */
    assert_int_equal(rd(f, MIS), 0);
    assert_int_equal(f->level, 0);
    assert_int_equal(dev_guest_error_count, 0);
}

static void test_id_registers(void **state)
{
    struct fixture *f = *state;
    static const uint32_t id[8] = {0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(rd(f, PERIPHID0 + 4 * i), id[i]);
    assert_int_equal(dev_guest_error_count, 0);
}

static void test_tx_in_order(void **state)
{
    struct fixture *f = *state;
    const char *msg = "Hello, cesim\n";

    enable(f);
    for (const char *p = msg; *p; p++) {
        wr(f, DR, (uint8_t)*p);
        /* Transmission is instantaneous: never full, never busy. */
        assert_int_equal(rd(f, FR) & (FR_TXFF | FR_TXFE | 0x8u), FR_TXFE);
    }
    assert_int_equal(f->nout, strlen(msg));
    assert_memory_equal(f->out, msg, strlen(msg));
}

static void test_tx_byte_access_and_upper_bits(void **state)
{
    struct fixture *f = *state;

    enable(f);
    dev_pl011_ops.write(&f->uart, DR, 'A', 1); /* strb */
    dev_pl011_ops.write(&f->uart, DR, 'B', 2); /* strh */
    wr(f, DR, 0xFFFFFF00u | 'C');              /* only bits 7:0 are data */
    assert_int_equal(f->nout, 3);
    assert_memory_equal(f->out, "ABC", 3);
    assert_int_equal(dev_guest_error_count, 0);
}

/* Bytes written before the UART is enabled still come out (as in QEMU). */
static void test_tx_while_disabled(void **state)
{
    struct fixture *f = *state;

    wr(f, CR, 0);
    wr(f, DR, 'x');
    assert_int_equal(f->nout, 1);
    assert_int_equal(f->out[0], 'x');
}

static void test_tx_null_sink(void **state)
{
    struct fixture *f = *state;

    dev_pl011_init(&f->uart, NULL, NULL, (struct dev_irq){rec_irq, f, BOARD_IRQ_UART0});
    wr(f, DR, 'x'); /* dropped, no crash */
    assert_int_equal(f->nout, 0);
}

static void test_rx_fifo(void **state)
{
    struct fixture *f = *state;

    enable(f);
    assert_int_equal(dev_pl011_rx_room(&f->uart), 16);
    assert_int_equal(dev_pl011_receive(&f->uart, 'a'), 0);
    assert_int_equal(dev_pl011_receive(&f->uart, 'b'), 0);
    assert_int_equal(dev_pl011_receive(&f->uart, 'c'), 0);
    assert_int_equal(dev_pl011_rx_room(&f->uart), 13);
    assert_int_equal(rd(f, FR) & (FR_RXFE | FR_RXFF), 0);
    assert_int_equal(rd(f, DR), 'a');
    assert_int_equal(rd(f, DR), 'b');
    assert_int_equal(rd(f, DR), 'c');
    assert_int_equal(rd(f, FR) & FR_RXFE, FR_RXFE);
    assert_int_equal(rd(f, DR), 0); /* empty: reads 0, not a guest error */
    assert_int_equal(dev_guest_error_count, 0);
}

static void test_rx_fifo_wraps(void **state)
{
    struct fixture *f = *state;

    enable(f);
    for (unsigned round = 0; round < 5; round++) {
        for (unsigned i = 0; i < 10; i++)
            assert_int_equal(dev_pl011_receive(&f->uart, (uint8_t)(round * 10 + i)), 0);
        for (unsigned i = 0; i < 10; i++)
            assert_int_equal(rd(f, DR), round * 10 + i);
    }
}

static void test_rx_overrun(void **state)
{
    struct fixture *f = *state;

    enable(f);
    for (unsigned i = 0; i < 16; i++)
        assert_int_equal(dev_pl011_receive(&f->uart, (uint8_t)('A' + i)), 0);
    assert_int_equal(rd(f, FR) & FR_RXFF, FR_RXFF);
    assert_int_equal(dev_pl011_rx_room(&f->uart), 0);
    assert_int_equal(rd(f, RSR), 0);

    assert_int_equal(dev_pl011_receive(&f->uart, 'z'), -1); /* lost */
    assert_int_equal(rd(f, RSR), RSR_OE);
    assert_int_equal(rd(f, RIS) & INT_OE, INT_OE);
    wr(f, RSR, 0); /* UARTECR */
    assert_int_equal(rd(f, RSR), 0);
    assert_int_equal(rd(f, RIS) & INT_OE, INT_OE); /* the interrupt needs UARTICR */
    wr(f, ICR, INT_OE);
    assert_int_equal(rd(f, RIS) & INT_OE, 0);

    for (unsigned i = 0; i < 16; i++)
        assert_int_equal(rd(f, DR), 'A' + i); /* the first 16 bytes, intact */
    assert_int_equal(rd(f, FR) & FR_RXFE, FR_RXFE);
}

/* With UARTLCR_H.FEN clear the receive "FIFO" holds one byte. */
static void test_rx_without_fifo(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(dev_pl011_rx_room(&f->uart), 1);
    assert_int_equal(dev_pl011_receive(&f->uart, '1'), 0);
    assert_int_equal(rd(f, FR) & FR_RXFF, FR_RXFF);
    assert_int_equal(dev_pl011_receive(&f->uart, '2'), -1);
    assert_int_equal(rd(f, DR), '1');
    assert_int_equal(rd(f, FR) & (FR_RXFE | FR_RXFF), FR_RXFE);
}

static void test_rx_interrupt(void **state)
{
    struct fixture *f = *state;

    enable(f);
    wr(f, IMSC, INT_RX);
    assert_int_equal(f->level, 0);
    dev_pl011_receive(&f->uart, 'k');
    assert_int_equal(f->level, 1);
    assert_int_equal(rd(f, MIS), INT_RX);
    dev_pl011_receive(&f->uart, 'l');
    wr(f, ICR, INT_RX); /* the condition still holds: no effect */
    assert_int_equal(f->level, 1);
    rd(f, DR);
    assert_int_equal(f->level, 1); /* one byte still waiting */
    rd(f, DR);
    assert_int_equal(f->level, 0);
    assert_int_equal(rd(f, RIS) & INT_RX, 0);
    assert_int_equal(f->rises, 1);
}

static void test_tx_interrupt_mask(void **state)
{
    struct fixture *f = *state;

    enable(f);
    assert_int_equal(f->level, 0);
    wr(f, IMSC, INT_TX);
    assert_int_equal(f->level, 1); /* room to transmit, at once */
    assert_int_equal(rd(f, MIS), INT_TX);
    wr(f, ICR, INT_TX);
    assert_int_equal(f->level, 1); /* still room */
    wr(f, IMSC, 0);
    assert_int_equal(f->level, 0);
    assert_int_equal(rd(f, MIS), 0);
    assert_int_equal(rd(f, RIS), INT_TX);
}

static void test_loopback(void **state)
{
    struct fixture *f = *state;

    wr(f, LCR_H, LCR_H_FEN);
    wr(f, CR, CR_UARTEN | CR_TXE | CR_RXE | CR_LBE);
    wr(f, DR, 'q');
    assert_int_equal(f->nout, 1); /* still reaches the sink, as in QEMU */
    assert_int_equal(rd(f, DR), 'q');
}

static void test_register_readback(void **state)
{
    struct fixture *f = *state;

    wr(f, ILPR, 0x1FF);
    wr(f, IBRD, 0x12345);
    wr(f, FBRD, 0xFF);
    wr(f, LCR_H, 0x1FF);
    wr(f, CR, 0xFFFFFFFF);
    wr(f, IFLS, 0xFF);
    wr(f, IMSC, 0xFFFF);
    wr(f, DMACR, 0xFF);
    assert_int_equal(rd(f, ILPR), 0xFF);
    assert_int_equal(rd(f, IBRD), 0x2345);
    assert_int_equal(rd(f, FBRD), 0x3F);
    assert_int_equal(rd(f, LCR_H), 0xFF);
    assert_int_equal(rd(f, CR), 0xFF87);
    assert_int_equal(rd(f, IFLS), 0x3F);
    assert_int_equal(rd(f, IMSC), 0x7FF);
    assert_int_equal(rd(f, DMACR), 0x7);
    assert_int_equal(dev_guest_error_count, 0);
}

static void test_narrow_reads(void **state)
{
    struct fixture *f = *state;

    wr(f, IBRD, 0x1234);
    assert_int_equal(dev_pl011_ops.read(&f->uart, IBRD, 1), 0x34);
    assert_int_equal(dev_pl011_ops.read(&f->uart, IBRD, 2), 0x1234);
    dev_pl011_receive(&f->uart, 'r');
    assert_int_equal(dev_pl011_ops.read(&f->uart, DR, 1), 'r');
    assert_int_equal(dev_guest_error_count, 0);
}

static void test_reset(void **state)
{
    struct fixture *f = *state;

    enable(f);
    wr(f, IMSC, INT_RX);
    dev_pl011_receive(&f->uart, 'a');
    assert_int_equal(f->level, 1);
    dev_pl011_ops.reset(&f->uart);
    assert_int_equal(f->level, 0);
    assert_int_equal(rd(f, FR), FR_TXFE | FR_RXFE);
    assert_int_equal(rd(f, CR), 0x300);
    assert_int_equal(rd(f, IMSC), 0);
}

static void test_bad_accesses(void **state)
{
    struct fixture *f = *state;

    enable(f);
    assert_int_equal(rd(f, 0x008), 0);
    assert_int_equal(rd(f, 0x01C), 0);
    assert_int_equal(rd(f, 0x04C), 0);
    assert_int_equal(rd(f, 0xFDC), 0);
    assert_int_equal(rd(f, ICR), 0); /* write-only */
    assert_int_equal(dev_guest_error_count, 5);
    wr(f, FR, 0);        /* read-only */
    wr(f, RIS, 0xFFF);   /* read-only */
    wr(f, MIS, 0xFFF);   /* read-only */
    wr(f, PERIPHID0, 1); /* read-only */
    wr(f, 0x800, 1);
    assert_int_equal(dev_guest_error_count, 10);
    assert_int_equal(dev_pl011_ops.read(&f->uart, FR, 3), 0);
    assert_int_equal(dev_pl011_ops.read(&f->uart, FR + 1, 1), 0);
    dev_pl011_ops.write(&f->uart, DR + 2, 'x', 1);
    dev_pl011_ops.write(&f->uart, DR, 'x', 8);
    assert_int_equal(dev_guest_error_count, 14);
    assert_int_equal(f->nout, 0); /* nothing was sent */
    assert_int_equal(rd(f, CR), CR_UARTEN | CR_TXE | CR_RXE);
}

static void test_ops_table(void **state)
{
    (void)state;
    assert_string_equal(dev_pl011_ops.name, "pl011");
    assert_null(dev_pl011_ops.next_event);
    assert_null(dev_pl011_ops.advance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reset_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_id_registers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_byte_access_and_upper_bits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_while_disabled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_null_sink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_fifo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_fifo_wraps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_overrun, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_without_fifo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_interrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_interrupt_mask, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loopback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_readback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_narrow_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_accesses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ops_table, setup, teardown),
    };

    return cmocka_run_group_tests_name("dev_pl011", tests, NULL, NULL);
}
