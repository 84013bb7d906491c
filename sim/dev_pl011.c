/*
 * dev_pl011.c: the ARM PrimeCell PL011 UART, after ARM DDI 0183 "PrimeCell UART (PL011)
 * Technical Reference Manual" (and QEMU hw/char/pl011.c for what versatilepb does).
 *
 * Transmission takes no simulated time: a write to UARTDR hands the byte to the sink at
 * once, so the transmit FIFO is always empty (TXFE set, TXFF and BUSY clear) and the
 * transmit interrupt (TXRIS) is always raised, the FIFO being at or below any trigger
 * level. A guest enables it in UARTIMSC only while it has output queued.
 *
 * Reception goes through a FIFO of DEV_PL011_FIFO_DEPTH bytes (one byte when UARTLCR_H.FEN
 * is clear, as in hardware) fed by dev_pl011_receive(). The receive interrupt (RXRIS) is
 * raised while any byte is waiting rather than at the UARTIFLS trigger level: QEMU does
 * the same, and it makes the receive-timeout interrupt unnecessary, so it is not modelled.
 * A byte arriving at a full FIFO is lost and sets the overrun error (UARTRSR.OE, OERIS).
 *
 * TXRIS and RXRIS are conditions, not latches: UARTICR cannot clear them while the
 * condition holds. Line settings (baud rate, word format), modem lines, IrDA and DMA are
 * stored and read back but have no effect.
 */
#include "dev_pl011.h"

#include "devregs.h"

#include <stddef.h>

/* Writable bits of each register, from the TRM's register descriptions. */
#define ILPR_MASK 0xFFu
#define IBRD_MASK 0xFFFFu
#define FBRD_MASK 0x3Fu
#define LCR_H_MASK 0xFFu
#define CR_MASK 0xFF87u /* bits 6:3 are reserved */
#define IFLS_MASK 0x3Fu
#define DMACR_MASK 0x7u
#define INT_MASK 0x7FFu /* UARTIMSC: all eleven interrupts */

#define CR_RESET 0x0300u   /* TXE and RXE set, UART disabled */
#define IFLS_RESET 0x0012u /* both trigger levels at half full */

static const uint8_t uart_id[8] = {0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

static const char uart_name[] = "pl011";

static unsigned uart_rx_depth(const struct dev_pl011 *s)
{
    return (s->lcr_h & PL011_LCR_H_FEN) ? DEV_PL011_FIFO_DEPTH : 1;
}

static uint32_t uart_ris(const struct dev_pl011 *s)
{
    uint32_t ris = s->ris_latched | PL011_INT_TX; /* the transmit FIFO is always empty */

    if (s->rx_count)
        ris |= PL011_INT_RX;
    return ris;
}

/* UARTFR. The modem bits (CTS, DSR, DCD, RI) read 0: no modem is attached. */
static uint32_t uart_fr(const struct dev_pl011 *s)
{
    uint32_t fr = PL011_FR_TXFE;

    if (s->rx_count == 0)
        fr |= PL011_FR_RXFE;
    if (s->rx_count >= uart_rx_depth(s))
        fr |= PL011_FR_RXFF;
    return fr;
}

/* Recompute UARTINTR; called after every change of state. */
static void uart_update(struct dev_pl011 *s)
{
    dev_irq_set(&s->irq, (uart_ris(s) & s->imsc) != 0);
}

static int uart_rx_push(struct dev_pl011 *s, uint8_t byte)
{
    if (s->rx_count >= uart_rx_depth(s)) {
        s->rsr |= PL011_RSR_OE;
        s->ris_latched |= PL011_INT_OE;
        uart_update(s);
        return -1;
    }
    s->rx_fifo[(s->rx_head + s->rx_count) % DEV_PL011_FIFO_DEPTH] = byte;
    s->rx_count++;
    uart_update(s);
    return 0;
}

/* Read of UARTDR. An empty FIFO reads 0 (polling code may read it blindly: no guest error). */
static uint32_t uart_rx_pop(struct dev_pl011 *s)
{
    uint8_t byte;

    if (s->rx_count == 0)
        return 0;
    byte = s->rx_fifo[s->rx_head];
    s->rx_head = (s->rx_head + 1) % DEV_PL011_FIFO_DEPTH;
    s->rx_count--;
    uart_update(s);
    return byte;
}

/* Write of UARTDR. */
static void uart_tx(struct dev_pl011 *s, uint8_t byte)
{
    /* The byte goes out even while UARTCR.UARTEN or TXE is clear, as in QEMU: early boot
     * code often prints before it programs the UART, and losing that output helps no one. */
    if (s->tx)
        s->tx(s->tx_opaque, byte);
    /* Loopback feeds the receiver too; the byte still reaches the sink, as in QEMU. */
    if (s->cr & PL011_CR_LBE)
        uart_rx_push(s, byte);
}

/* Registers are word-spaced; byte and halfword accesses (strb to UARTDR) see the low bits. */
static int uart_access_ok(uint32_t offset, unsigned size, const char *op)
{
    if ((size == 1 || size == 2 || size == 4) && (offset & 3) == 0)
        return 1;
    dev_guest_error(uart_name, "%u-byte %s at offset 0x%03x", size, op, (unsigned)offset);
    return 0;
}

static uint32_t uart_size_mask(unsigned size)
{
    return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

static uint32_t uart_read_reg(struct dev_pl011 *s, uint32_t offset)
{
    switch (offset) {
    case PL011_DR:
        return uart_rx_pop(s);
    case PL011_RSR:
        return s->rsr;
    case PL011_FR:
        return uart_fr(s);
    case PL011_ILPR:
        return s->ilpr;
    case PL011_IBRD:
        return s->ibrd;
    case PL011_FBRD:
        return s->fbrd;
    case PL011_LCR_H:
        return s->lcr_h;
    case PL011_CR:
        return s->cr;
    case PL011_IFLS:
        return s->ifls;
    case PL011_IMSC:
        return s->imsc;
    case PL011_RIS:
        return uart_ris(s);
    case PL011_MIS:
        return uart_ris(s) & s->imsc;
    case PL011_DMACR:
        return s->dmacr;
    default:
        if (offset >= PL011_ID0 && offset < PL011_ID0 + 4 * sizeof(uart_id))
            return uart_id[(offset - PL011_ID0) / 4];
        dev_guest_error(uart_name, "read of bad or write-only offset 0x%03x", (unsigned)offset);
        return 0;
    }
}

static uint32_t uart_read(void *dev, uint32_t offset, unsigned size)
{
    if (!uart_access_ok(offset, size, "read"))
        return 0;
    return uart_read_reg(dev, offset) & uart_size_mask(size);
}

static void uart_write_reg(struct dev_pl011 *s, uint32_t offset, uint32_t value)
{
    switch (offset) {
    case PL011_DR:
        uart_tx(s, (uint8_t)value);
        break;
    case PL011_RSR:
        s->rsr = 0; /* UARTECR: any write clears the errors */
        break;
    case PL011_ILPR:
        s->ilpr = value & ILPR_MASK;
        break;
    case PL011_IBRD:
        s->ibrd = value & IBRD_MASK;
        break;
    case PL011_FBRD:
        s->fbrd = value & FBRD_MASK;
        break;
    case PL011_LCR_H:
        /* FEN changes the FIFO depth; bytes already waiting are kept. */
        s->lcr_h = value & LCR_H_MASK;
        break;
    case PL011_CR:
        s->cr = value & CR_MASK;
        break;
    case PL011_IFLS:
        s->ifls = value & IFLS_MASK;
        break;
    case PL011_IMSC:
        s->imsc = value & INT_MASK;
        break;
    case PL011_ICR:
        s->ris_latched &= ~value;
        break;
    case PL011_DMACR:
        s->dmacr = value & DMACR_MASK;
        break;
    default:
        dev_guest_error(uart_name, "write to bad or read-only offset 0x%03x", (unsigned)offset);
        break;
    }
}

static void uart_write(void *dev, uint32_t offset, uint32_t value, unsigned size)
{
    struct dev_pl011 *s = dev;

    if (!uart_access_ok(offset, size, "write"))
        return;
    uart_write_reg(s, offset, value & uart_size_mask(size));
    uart_update(s);
}

static void uart_reset(void *dev)
{
    struct dev_pl011 *s = dev;

    s->rx_head = 0;
    s->rx_count = 0;
    s->rsr = 0;
    s->ris_latched = 0;
    s->ilpr = 0;
    s->ibrd = 0;
    s->fbrd = 0;
    s->lcr_h = 0;
    s->cr = CR_RESET;
    s->ifls = IFLS_RESET;
    s->imsc = 0;
    s->dmacr = 0;
    uart_update(s);
}

int dev_pl011_receive(struct dev_pl011 *s, uint8_t byte)
{
    return uart_rx_push(s, byte);
}

unsigned dev_pl011_rx_room(const struct dev_pl011 *s)
{
    unsigned depth = uart_rx_depth(s);

    return s->rx_count < depth ? depth - s->rx_count : 0;
}

void dev_pl011_init(struct dev_pl011 *s, dev_pl011_tx_fn tx, void *tx_opaque, struct dev_irq irq)
{
    s->tx = tx;
    s->tx_opaque = tx_opaque;
    s->irq = irq;
    uart_reset(s);
}

const struct dev_ops dev_pl011_ops = {
    .name = uart_name,
    .read = uart_read,
    .write = uart_write,
    .reset = uart_reset,
    .next_event = NULL,
    .advance = NULL,
};
