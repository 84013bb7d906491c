/*
 * vpb.c: the board (see vpb.h). MMIO callbacks dispatch to each device's dev_ops;
 * after every device access the board recomputes its next event, since a register
 * write may have (re)armed a timer.
 */
#include "vpb.h"

#include <stdio.h>

#include "board.h"

enum { SLOT_SYSREGS, SLOT_VIC, SLOT_TIMER01, SLOT_TIMER23, SLOT_UART0, SLOT_COUNT };
_Static_assert(SLOT_COUNT == VPB_DEVICES, "one slot per device");

static const uint32_t slot_pa[SLOT_COUNT] = {
    [SLOT_SYSREGS] = BOARD_SYSREGS_PA, [SLOT_VIC] = BOARD_VIC_PA,
    [SLOT_TIMER01] = BOARD_TIMER01_PA, [SLOT_TIMER23] = BOARD_TIMER23_PA,
    [SLOT_UART0] = BOARD_UART0_PA,
};

unsigned vpb_device_count(void)
{
    return SLOT_COUNT;
}

uint32_t vpb_device_pa(unsigned i)
{
    return slot_pa[i];
}

static void cpu_irq(void *opaque, unsigned line, int level)
{
    struct vpb *b = opaque;
    if (line == 0)
        b->irq_level = level;
    else
        b->fiq_level = level;
}

static void uart_tx(void *opaque, uint8_t byte)
{
    struct vpb *b = opaque;
    char c = (char)byte;
    if (b->console)
        b->console(b->console_opaque, &c, 1);
}

static void recompute_next_event(struct vpb *b)
{
    void *timed[] = {&b->timer01, &b->timer23};
    uint64_t next = DEV_NO_EVENT;
    for (unsigned i = 0; i < 2; i++) {
        uint64_t t = dev_sp804_ops.next_event(timed[i]);
        if (t < next)
            next = t;
    }
    b->next_event = next;
}

void vpb_advance(struct vpb *b)
{
    dev_sp804_ops.advance(&b->timer01);
    dev_sp804_ops.advance(&b->timer23);
    recompute_next_event(b);
}

void vpb_init(struct vpb *b, const uint64_t *cycles, uint64_t cpu_hz, vpb_console_fn console,
              void *console_opaque)
{
    struct dev_irq irq = {cpu_irq, b, 0}, fiq = {cpu_irq, b, 1};
    b->clock.cycles = cycles;
    b->clock.cpu_hz = cpu_hz;
    b->console = console;
    b->console_opaque = console_opaque;
    b->irq_level = b->fiq_level = 0;
    b->mmio_reads = b->mmio_writes = 0;
    dev_sysregs_init(&b->sysregs, b->clock);
    dev_pl190_init(&b->vic, irq, fiq);
    dev_sp804_init(&b->timer01, b->clock, dev_pl190_input(&b->vic, BOARD_IRQ_TIMER01));
    dev_sp804_init(&b->timer23, b->clock, dev_pl190_input(&b->vic, BOARD_IRQ_TIMER23));
    dev_pl011_init(&b->uart0, uart_tx, b, dev_pl190_input(&b->vic, BOARD_IRQ_UART0));
    recompute_next_event(b);
}

static uint64_t mmio_read(uc_engine *uc, uint64_t offset, unsigned size, void *opaque)
{
    struct vpb_slot *s = opaque;
    uint32_t v;
    (void)uc;
    s->board->mmio_reads++;
    /* Timed devices bring themselves to the current cycle on every access. */
    v = s->ops->read(s->dev, (uint32_t)offset, size);
    recompute_next_event(s->board);
    return v;
}

static void mmio_write(uc_engine *uc, uint64_t offset, unsigned size, uint64_t value, void *opaque)
{
    struct vpb_slot *s = opaque;
    (void)uc;
    s->board->mmio_writes++;
    s->ops->write(s->dev, (uint32_t)offset, (uint32_t)value, size);
    recompute_next_event(s->board);
}

int vpb_map(struct vpb *b, uc_engine *uc, char *err, size_t errlen)
{
    struct vpb_slot *slots = b->slots;
    void *devs[SLOT_COUNT] = {&b->sysregs, &b->vic, &b->timer01, &b->timer23, &b->uart0};
    const struct dev_ops *ops[SLOT_COUNT] = {&dev_sysregs_ops, &dev_pl190_ops, &dev_sp804_ops,
                                             &dev_sp804_ops, &dev_pl011_ops};
    for (unsigned i = 0; i < SLOT_COUNT; i++) {
        uc_err e;
        slots[i] = (struct vpb_slot){b, devs[i], ops[i]};
        e = uc_mmio_map(uc, slot_pa[i], BOARD_DEV_REGION_SIZE, mmio_read, &slots[i], mmio_write,
                        &slots[i]);
        if (e) {
            snprintf(err, errlen, "cannot map %s at 0x%08x: %s", ops[i]->name, slot_pa[i],
                     uc_strerror(e));
            return -1;
        }
    }
    return 0;
}
