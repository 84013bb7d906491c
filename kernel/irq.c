/*
 * irq.c: the PL190 vectored interrupt controller, used non-vectored: the IRQ vector
 * reads IRQSTATUS (enabled, asserted lines) and calls each line's handler, lowest line
 * first, until no line is left asserted. Every line is an IRQ (none is routed to FIQ).
 */
#include "irq.h"

#include <stddef.h>

#include "console.h"
#include "hw.h"

struct irq_slot {
    irq_handler_fn fn;
    void *opaque;
};

static struct irq_slot slots[BOARD_IRQ_LINES];

void irq_init(void)
{
    mmio_write32(BOARD_VIC_PA, PL190_INTENCLEAR, PL190_ALL_LINES);
    mmio_write32(BOARD_VIC_PA, PL190_INTSELECT, 0);
    mmio_write32(BOARD_VIC_PA, PL190_SOFTINTCLEAR, PL190_ALL_LINES);
}

void irq_register(unsigned line, irq_handler_fn fn, void *opaque)
{
    if (line >= BOARD_IRQ_LINES)
        kpanic("irq_register: no line %u", line);
    slots[line].fn = fn;
    slots[line].opaque = opaque;
    mmio_write32(BOARD_VIC_PA, PL190_INTENABLE, 1u << line);
}

void irq_unregister(unsigned line)
{
    irq_mask(line);
    slots[line].fn = NULL;
    slots[line].opaque = NULL;
}

void irq_mask(unsigned line)
{
    mmio_write32(BOARD_VIC_PA, PL190_INTENCLEAR, 1u << line);
}

void irq_unmask(unsigned line)
{
    mmio_write32(BOARD_VIC_PA, PL190_INTENABLE, 1u << line);
}

/* A line without a handler would fire forever: switch it off and say so. */
static void irq_spurious(unsigned line)
{
    mmio_write32(BOARD_VIC_PA, PL190_INTENCLEAR, 1u << line);
    kprintf("kernel: IRQ %u has no handler: line disabled\n", line);
}

void irq_dispatch(void)
{
    uint32_t status;

    while ((status = mmio_read32(BOARD_VIC_PA, PL190_IRQSTATUS)) != 0) {
        unsigned line = (unsigned)__builtin_ctz(status);
        if (slots[line].fn)
            slots[line].fn(slots[line].opaque);
        else
            irq_spurious(line);
    }
}
