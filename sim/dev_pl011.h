/*
 * dev_pl011.h: the ARM PL011 UART at BOARD_UART0_PA, the console. Transmission is
 * instantaneous (each byte goes straight to a sink); reception goes through a 16-byte
 * FIFO fed by dev_pl011_receive(). See dev_pl011.c.
 */
#ifndef CESIM_DEV_PL011_H
#define CESIM_DEV_PL011_H

#include "dev.h"

#define DEV_PL011_FIFO_DEPTH 16u

/* Where transmitted bytes go (the console, a test's buffer). */
typedef void (*dev_pl011_tx_fn)(void *opaque, uint8_t byte);

struct dev_pl011 {
    dev_pl011_tx_fn tx; /* may be NULL: bytes are dropped */
    void *tx_opaque;
    struct dev_irq irq; /* UARTINTR, the combined interrupt */

    uint8_t rx_fifo[DEV_PL011_FIFO_DEPTH];
    unsigned rx_head;  /* index of the oldest byte */
    unsigned rx_count; /* bytes waiting */

    uint32_t rsr;         /* UARTRSR: only the overrun error is modelled */
    uint32_t ris_latched; /* UARTRIS bits that stay set until UARTICR (overrun) */
    uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, dmacr;
};

/* Wire the sink and the interrupt output, and reset. */
void dev_pl011_init(struct dev_pl011 *s, dev_pl011_tx_fn tx, void *tx_opaque, struct dev_irq irq);

/*
 * A byte arrives on the receive line (host input, tests). Returns 0 if it was queued,
 * -1 if the FIFO was full: the byte is lost and the overrun error set, as in hardware.
 */
int dev_pl011_receive(struct dev_pl011 *s, uint8_t byte);

/* Bytes the receive FIFO can take now without overrun (a host feeder waits for > 0). */
unsigned dev_pl011_rx_room(const struct dev_pl011 *s);

extern const struct dev_ops dev_pl011_ops;

#endif
