/*
 * dev_pl190.c: the ARM PrimeCell PL190 vectored interrupt controller, after ARM DDI 0181
 * "PrimeCell Vectored Interrupt Controller (PL190) Technical Reference Manual" (and QEMU
 * hw/intc/pl190.c for what versatilepb does).
 *
 * A source is active when its input line or its VICSOFTINT bit is set (VICRAWINTR) and it
 * is enabled; VICINTSELECT sends it to FIQ or IRQ. FIQ sources are not prioritised.
 *
 * IRQ sources are prioritised by the 16 vector slots (slot 0 highest); a source in no
 * enabled slot is non-vectored and ranks below all slots. An ISR reads VICVECTADDR: that
 * returns the address of the highest-priority active source (VICDEFVECTADDR for a
 * non-vectored one) and raises the level in service to its priority, so that nIRQ only
 * asserts for sources of higher priority (nesting). Writing VICVECTADDR (any value) at the
 * end of the ISR returns to the level that was interrupted. The levels form a stack: each
 * nested level remembers the one below it.
 *
 * VICPROTECTION is stored but not enforced: MMIO accesses carry no privilege information.
 */
#include "dev_pl190.h"

#include "devregs.h"

#include <assert.h>
#include <stddef.h>

/* Writable bits of VICVECTCNTLn; the end of a bank of DEV_PL190_VECTORS registers. */
#define VIC_VECTCNTL_MASK 0x3Fu
#define VIC_BANK_END(base) ((base) + 4 * DEV_PL190_VECTORS)

static const uint8_t vic_id[8] = {0x90, 0x11, 0x04, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

static const char vic_name[] = "pl190";

static uint32_t vic_raw(const struct dev_pl190 *s)
{
    return s->lines | s->softint;
}

/* Active IRQ (not FIQ) sources, before priority masking: VICIRQSTATUS. */
static uint32_t vic_irq_status(const struct dev_pl190 *s)
{
    return vic_raw(s) & s->enable & ~s->select;
}

static uint32_t vic_fiq_status(const struct dev_pl190 *s)
{
    return vic_raw(s) & s->enable & s->select;
}

/* Recompute both outputs; called after every change of state. */
static void vic_update(struct dev_pl190 *s)
{
    dev_irq_set(&s->irq, (vic_irq_status(s) & s->mask_above[s->priority]) != 0);
    dev_irq_set(&s->fiq, vic_fiq_status(s) != 0);
}

/* Rebuild the priority masks after a VICVECTCNTL write. */
static void vic_update_vectors(struct dev_pl190 *s)
{
    uint32_t mask = 0;

    for (unsigned p = 0; p < DEV_PL190_VECTORS; p++) {
        s->mask_above[p] = mask;
        if (s->vect_cntl[p] & PL190_VECTCNTL_ENABLE)
            mask |= 1u << (s->vect_cntl[p] & PL190_VECTCNTL_SOURCE);
    }
    s->mask_above[DEV_PL190_PRIO_DEFAULT] = mask;
    s->mask_above[DEV_PL190_PRIO_IDLE] = UINT32_MAX;
}

/*
 * Highest priority level with an active IRQ source, if above the level in service;
 * otherwise the level in service itself. mask_above[p + 1] holds the sources of level p
 * and every level above it, so the first p that matches is the best.
 */
static unsigned vic_best_level(const struct dev_pl190 *s)
{
    uint32_t active = vic_irq_status(s);
    unsigned p;

    for (p = 0; p < s->priority; p++)
        if (active & s->mask_above[p + 1])
            break;
    return p;
}

/* Read of VICVECTADDR: acknowledge the best source and enter its level. */
static uint32_t vic_read_vectaddr(struct dev_pl190 *s)
{
    unsigned p = vic_best_level(s);

    /* Nothing active: the TRM leaves the value undefined; QEMU returns the default. */
    if (p == DEV_PL190_PRIO_IDLE)
        return s->vect_addr[DEV_PL190_PRIO_DEFAULT];
    if (p < s->priority) {
        s->prev_prio[p] = s->priority;
        s->priority = p;
        vic_update(s);
    }
    return s->vect_addr[s->priority];
}

/* Write of VICVECTADDR: the ISR is done; return to the level it interrupted. */
static void vic_write_vectaddr(struct dev_pl190 *s)
{
    if (s->priority != DEV_PL190_PRIO_IDLE)
        s->priority = s->prev_prio[s->priority];
}

static int vic_access_ok(uint32_t offset, unsigned size, const char *op)
{
    if (size == 4 && (offset & 3) == 0)
        return 1;
    dev_guest_error(vic_name, "%u-byte %s at offset 0x%03x (word registers only)", size, op,
                    (unsigned)offset);
    return 0;
}

static int vic_in_bank(uint32_t offset, uint32_t base)
{
    return offset >= base && offset < VIC_BANK_END(base);
}

/* The banked and ID registers; everything else is a guest error. */
static uint32_t vic_read_banked(struct dev_pl190 *s, uint32_t offset)
{
    if (vic_in_bank(offset, PL190_VECTADDR0))
        return s->vect_addr[(offset - PL190_VECTADDR0) / 4];
    if (vic_in_bank(offset, PL190_VECTCNTL0))
        return s->vect_cntl[(offset - PL190_VECTCNTL0) / 4];
    if (offset >= PL190_ID0 && offset < PL190_ID0 + 4 * sizeof(vic_id))
        return vic_id[(offset - PL190_ID0) / 4];
    dev_guest_error(vic_name, "read of bad offset 0x%03x", (unsigned)offset);
    return 0;
}

static uint32_t vic_read(void *dev, uint32_t offset, unsigned size)
{
    struct dev_pl190 *s = dev;

    if (!vic_access_ok(offset, size, "read"))
        return 0;
    switch (offset) {
    case PL190_IRQSTATUS:
        return vic_irq_status(s);
    case PL190_FIQSTATUS:
        return vic_fiq_status(s);
    case PL190_RAWINTR:
        return vic_raw(s);
    case PL190_INTSELECT:
        return s->select;
    case PL190_INTENABLE:
        return s->enable;
    case PL190_SOFTINT:
        return s->softint;
    case PL190_PROTECTION:
        return s->protection;
    case PL190_VECTADDR:
        return vic_read_vectaddr(s);
    case PL190_DEFVECTADDR:
        return s->vect_addr[DEV_PL190_PRIO_DEFAULT];
    case PL190_ITCR:
        return s->itcr;
    case PL190_INTENCLEAR:
    case PL190_SOFTINTCLEAR:
        dev_guest_error(vic_name, "read of write-only offset 0x%03x", (unsigned)offset);
        return 0;
    default:
        return vic_read_banked(s, offset);
    }
}

static void vic_write_banked(struct dev_pl190 *s, uint32_t offset, uint32_t value)
{
    if (vic_in_bank(offset, PL190_VECTADDR0)) {
        s->vect_addr[(offset - PL190_VECTADDR0) / 4] = value;
    } else if (vic_in_bank(offset, PL190_VECTCNTL0)) {
        s->vect_cntl[(offset - PL190_VECTCNTL0) / 4] = value & VIC_VECTCNTL_MASK;
        vic_update_vectors(s);
    } else {
        dev_guest_error(vic_name, "write to bad or read-only offset 0x%03x", (unsigned)offset);
    }
}

static void vic_write(void *dev, uint32_t offset, uint32_t value, unsigned size)
{
    struct dev_pl190 *s = dev;

    if (!vic_access_ok(offset, size, "write"))
        return;
    switch (offset) {
    case PL190_INTSELECT:
        s->select = value;
        break;
    case PL190_INTENABLE:
        s->enable |= value; /* writing 0 bits has no effect */
        break;
    case PL190_INTENCLEAR:
        s->enable &= ~value;
        break;
    case PL190_SOFTINT:
        s->softint |= value;
        break;
    case PL190_SOFTINTCLEAR:
        s->softint &= ~value;
        break;
    case PL190_PROTECTION:
        s->protection = value & 1u;
        break;
    case PL190_VECTADDR:
        vic_write_vectaddr(s);
        break;
    case PL190_DEFVECTADDR:
        s->vect_addr[DEV_PL190_PRIO_DEFAULT] = value;
        break;
    case PL190_ITCR:
        s->itcr = value & 1u;
        break;
    default:
        vic_write_banked(s, offset, value);
        break;
    }
    vic_update(s);
}

static void vic_reset(void *dev)
{
    struct dev_pl190 *s = dev;

    /* The input lines belong to the devices driving them: a reset keeps their levels. */
    s->softint = 0;
    s->enable = 0;
    s->select = 0;
    s->protection = 0;
    s->itcr = 0;
    for (unsigned i = 0; i <= DEV_PL190_VECTORS; i++)
        s->vect_addr[i] = 0;
    for (unsigned i = 0; i < DEV_PL190_VECTORS; i++)
        s->vect_cntl[i] = 0;
    s->priority = DEV_PL190_PRIO_IDLE;
    vic_update_vectors(s);
    vic_update(s);
}

void dev_pl190_set_line(struct dev_pl190 *s, unsigned line, int level)
{
    assert(line < DEV_PL190_LINES); /* board wiring, not guest behaviour */
    if (level)
        s->lines |= 1u << line;
    else
        s->lines &= ~(1u << line);
    vic_update(s);
}

void dev_pl190_irq_in(void *opaque, unsigned line, int level)
{
    dev_pl190_set_line(opaque, line, level);
}

struct dev_irq dev_pl190_input(struct dev_pl190 *s, unsigned line)
{
    assert(line < DEV_PL190_LINES);
    return (struct dev_irq){.fn = dev_pl190_irq_in, .opaque = s, .line = line};
}

void dev_pl190_init(struct dev_pl190 *s, struct dev_irq irq, struct dev_irq fiq)
{
    s->irq = irq;
    s->fiq = fiq;
    s->lines = 0;
    vic_reset(s);
}

const struct dev_ops dev_pl190_ops = {
    .name = vic_name,
    .read = vic_read,
    .write = vic_write,
    .reset = vic_reset,
    .next_event = NULL,
    .advance = NULL,
};
