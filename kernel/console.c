/*
 * console.c: the kernel console on the PL011 UART0 (through the device window), or on
 * the semihosting console. Transmission is polled: wait while the transmit FIFO is full,
 * then write the data register. Nothing here takes a lock: the kernel runs on one CPU
 * and an interrupt handler that prints may interleave its line with another.
 */
#include "console.h"

#include <stdio.h>

#include "hw.h"
#include "semihost.h"

#define CONSOLE_CHUNK 64 /* bytes per semihosting SYS_WRITE0, and per kprintf flush */

static int use_semihost;

/* Disable while changing the line settings (PL011 TRM), then 8N1 with FIFOs, TX and RX. */
void console_init(void)
{
    mmio_write32(BOARD_UART0_PA, PL011_CR, 0);
    mmio_write32(BOARD_UART0_PA, PL011_IMSC, 0);
    mmio_write32(BOARD_UART0_PA, PL011_LCR_H, PL011_LCR_H_WLEN_8 | PL011_LCR_H_FEN);
    mmio_write32(BOARD_UART0_PA, PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

void console_use_semihosting(int on)
{
    use_semihost = on;
}

static void uart_putc(char c)
{
    while (mmio_read32(BOARD_UART0_PA, PL011_FR) & PL011_FR_TXFF)
        ;
    mmio_write32(BOARD_UART0_PA, PL011_DR, (unsigned char)c);
}

/* SYS_WRITE0 wants a NUL-terminated string: copy in chunks. */
static void semihost_write(const char *s, size_t n)
{
    char chunk[CONSOLE_CHUNK + 1];

    while (n > 0) {
        size_t k = n < CONSOLE_CHUNK ? n : CONSOLE_CHUNK;
        for (size_t i = 0; i < k; i++)
            chunk[i] = s[i];
        chunk[k] = '\0';
        semihost_write0(chunk);
        s += k;
        n -= k;
    }
}

void console_write(const char *s, size_t n)
{
    if (use_semihost) {
        semihost_write(s, n);
        return;
    }
    while (n--)
        uart_putc(*s++);
}

void console_flush(void)
{
    if (use_semihost)
        return;
    while (mmio_read32(BOARD_UART0_PA, PL011_FR) & PL011_FR_BUSY)
        ;
}

struct console_sink {
    char buf[CONSOLE_CHUNK];
    size_t used;
};

static void sink_out(void *ctx, char c)
{
    struct console_sink *k = ctx;

    k->buf[k->used++] = c;
    if (k->used == sizeof(k->buf)) {
        console_write(k->buf, k->used);
        k->used = 0;
    }
}

int vkprintf(const char *fmt, va_list ap)
{
    struct console_sink k;
    int n;

    k.used = 0;
    n = ce_vformat(sink_out, &k, fmt, ap);
    console_write(k.buf, k.used);
    return n;
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vkprintf(fmt, ap);
    va_end(ap);
    return n;
}
