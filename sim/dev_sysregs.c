/*
 * dev_sysregs.c: the Versatile PB system control and status registers, after ARM DUI 0224
 * "RealView Platform Baseboard for ARM926EJ-S User Guide", section 4.3 "Status and system
 * control registers" (and QEMU hw/misc/arm_sysctl.c for what versatilepb reports).
 *
 * Only what a guest kernel plausibly reads is live: SYS_ID, the free-running 24 MHz and
 * 100 Hz counters (derived from the board's simulated cycle counter, never host time),
 * SYS_LOCK and the flag registers. The other registers of the map read back what was
 * written, or read as zero when they report inputs this board does not have (switches,
 * card detect). Nothing here raises an interrupt, so update() has nothing to do.
 */
#include "dev_sysregs.h"

#include "board.h"
#include "devregs.h"

#include <stddef.h>

/* What this board reports; the offsets and SYS_LOCK fields are in devregs.h. */
#define SYS_100HZ_HZ 100u
#define SYS_PROCID0_VALUE 0x02000000u /* what versatilepb reports */
#define SYS_PROCID1_VALUE 0xFF000000u /* no second core tile */
#define SYS_CLCD_RESET 0x1F00u        /* CLCDID 0x1F: VGA display fitted */
#define SYS_CLCD_RO_MASK 0x3F00u      /* CLCDID bits 13:8 are read-only */

/* How the plain registers behave; the live ones are handled by name in the switches below. */
enum sysreg_kind {
    SYSREG_KIND_UNDECODED = 0, /* a guest error */
    SYSREG_KIND_RW,            /* reads back what was written */
    SYSREG_KIND_RW_LOCKED,     /* likewise, but writes are ignored while SYS_LOCK is locked */
    SYSREG_KIND_RAZ,           /* read-only input this board does not have: reads as zero */
};

static const uint8_t sysreg_kind[DEV_SYSREGS_NREGS] = {
    [SYSREG_SW / 4] = SYSREG_KIND_RAZ,
    [SYSREG_LED / 4] = SYSREG_KIND_RW,
    [SYSREG_OSC0 / 4 ... SYSREG_OSC4 / 4] = SYSREG_KIND_RW_LOCKED,
    [SYSREG_CFGDATA1 / 4] = SYSREG_KIND_RW,
    [SYSREG_CFGDATA2 / 4] = SYSREG_KIND_RW,
    [SYSREG_RESETCTL / 4] = SYSREG_KIND_RW_LOCKED, /* the board reset it requests is not modelled */
    [SYSREG_PCICTL / 4] = SYSREG_KIND_RW,
    [SYSREG_MCI / 4] = SYSREG_KIND_RAZ,
    [SYSREG_FLASH / 4] = SYSREG_KIND_RW,
    [SYSREG_CLCD / 4] = SYSREG_KIND_RW, /* writes keep the read-only CLCDID bits, below */
    [SYSREG_CLCDSER / 4] = SYSREG_KIND_RAZ,
    [SYSREG_BOOTCS / 4] = SYSREG_KIND_RAZ,
    [SYSREG_MISC / 4] = SYSREG_KIND_RW,
    [SYSREG_DMAPSR0 / 4] = SYSREG_KIND_RW,
    [SYSREG_DMAPSR1 / 4] = SYSREG_KIND_RW,
    [SYSREG_DMAPSR2 / 4] = SYSREG_KIND_RW,
    [SYSREG_IOSEL / 4] = SYSREG_KIND_RW,
    [SYSREG_PLDCTL1 / 4] = SYSREG_KIND_RW,
    [SYSREG_PLDCTL2 / 4] = SYSREG_KIND_RW,
    [SYSREG_BUSID / 4] = SYSREG_KIND_RAZ,
    [SYSREG_OSCRESET0 / 4 ... SYSREG_OSCRESET4 / 4] = SYSREG_KIND_RW_LOCKED,
    [SYSREG_TEST_OSC0 / 4 ... SYSREG_TEST_OSC4 / 4] = SYSREG_KIND_RAZ,
};

static const char sysregs_name[] = "sysregs";

/* All registers are 32-bit words; the table above covers offsets below DEV_SYSREGS_NREGS * 4. */
static int sysregs_access_ok(uint32_t offset, unsigned size, const char *op)
{
    if (size == 4 && (offset & 3) == 0)
        return 1;
    dev_guest_error(sysregs_name, "%u-byte %s at offset 0x%03x (word registers only)", size, op,
                    (unsigned)offset);
    return 0;
}

static enum sysreg_kind sysregs_kind(uint32_t offset)
{
    return offset / 4 < DEV_SYSREGS_NREGS ? (enum sysreg_kind)sysreg_kind[offset / 4]
                                          : SYSREG_KIND_UNDECODED;
}

/* A free-running counter of a `hz` clock since cycle 0, truncated to 32 bits as in hardware. */
static uint32_t sysregs_counter(const struct dev_sysregs *s, uint64_t hz)
{
    return (uint32_t)dev_clock_ticks(&s->clk, dev_clock_now(&s->clk), hz);
}

static int sysregs_locked(const struct dev_sysregs *s)
{
    return s->lockval != SYSREG_LOCK_KEY;
}

static uint32_t sysregs_read_plain(struct dev_sysregs *s, uint32_t offset)
{
    switch (sysregs_kind(offset)) {
    case SYSREG_KIND_RW:
    case SYSREG_KIND_RW_LOCKED:
        return s->reg[offset / 4];
    case SYSREG_KIND_RAZ:
        return 0;
    default:
        dev_guest_error(sysregs_name, "read of undecoded offset 0x%03x", (unsigned)offset);
        return 0;
    }
}

static uint32_t sysregs_read(void *dev, uint32_t offset, unsigned size)
{
    struct dev_sysregs *s = dev;

    if (!sysregs_access_ok(offset, size, "read"))
        return 0;
    switch (offset) {
    case SYSREG_ID:
        return SYSREG_ID_VALUE;
    case SYSREG_LOCK:
        return (sysregs_locked(s) ? SYSREG_LOCK_LOCKED : 0) | s->lockval;
    case SYSREG_100HZ:
        return sysregs_counter(s, SYS_100HZ_HZ);
    case SYSREG_24MHZ:
        return sysregs_counter(s, BOARD_SYS24MHZ_HZ);
    case SYSREG_FLAGS:
        return s->flags;
    case SYSREG_NVFLAGS:
        return s->nvflags;
    case SYSREG_PROCID0:
        return SYS_PROCID0_VALUE;
    case SYSREG_PROCID1:
        return SYS_PROCID1_VALUE;
    case SYSREG_FLAGSCLR:
    case SYSREG_NVFLAGSCLR:
        dev_guest_error(sysregs_name, "read of write-only offset 0x%03x", (unsigned)offset);
        return 0;
    default:
        return sysregs_read_plain(s, offset);
    }
}

static void sysregs_write_plain(struct dev_sysregs *s, uint32_t offset, uint32_t value)
{
    switch (sysregs_kind(offset)) {
    case SYSREG_KIND_RW_LOCKED:
        /* Hardware ignores these writes while locked; a locked write is not a guest bug. */
        if (sysregs_locked(s))
            return;
        /* fall through */
    case SYSREG_KIND_RW:
        s->reg[offset / 4] = value;
        return;
    case SYSREG_KIND_RAZ:
        dev_guest_error(sysregs_name, "write to read-only offset 0x%03x", (unsigned)offset);
        return;
    default:
        dev_guest_error(sysregs_name, "write to undecoded offset 0x%03x", (unsigned)offset);
        return;
    }
}

/* SYS_CLCD: bits 13:8 report the display fitted and ignore writes. */
static void sysregs_write_clcd(struct dev_sysregs *s, uint32_t value)
{
    uint32_t *r = &s->reg[SYSREG_CLCD / 4];

    *r = (*r & SYS_CLCD_RO_MASK) | (value & ~SYS_CLCD_RO_MASK);
}

static void sysregs_write(void *dev, uint32_t offset, uint32_t value, unsigned size)
{
    struct dev_sysregs *s = dev;

    if (!sysregs_access_ok(offset, size, "write"))
        return;
    switch (offset) {
    case SYSREG_LOCK:
        s->lockval = value & SYSREG_LOCK_VAL_MASK;
        break;
    case SYSREG_FLAGS:
        s->flags |= value;
        break;
    case SYSREG_FLAGSCLR:
        s->flags &= ~value;
        break;
    case SYSREG_NVFLAGS:
        s->nvflags |= value;
        break;
    case SYSREG_NVFLAGSCLR:
        s->nvflags &= ~value;
        break;
    case SYSREG_CLCD:
        sysregs_write_clcd(s, value);
        break;
    case SYSREG_ID:
    case SYSREG_100HZ:
    case SYSREG_24MHZ:
    case SYSREG_PROCID0:
    case SYSREG_PROCID1:
        dev_guest_error(sysregs_name, "write to read-only offset 0x%03x", (unsigned)offset);
        break;
    default:
        sysregs_write_plain(s, offset, value);
        break;
    }
}

/* Power-on state: registers zero, SYS_LOCK locked. SYS_NVFLAGS survives a reset on hardware. */
static void sysregs_reset(void *dev)
{
    struct dev_sysregs *s = dev;

    for (unsigned i = 0; i < DEV_SYSREGS_NREGS; i++)
        s->reg[i] = 0;
    s->reg[SYSREG_CLCD / 4] = SYS_CLCD_RESET;
    s->lockval = 0;
    s->flags = 0;
}

void dev_sysregs_init(struct dev_sysregs *s, struct dev_clock clk)
{
    s->clk = clk;
    s->nvflags = 0;
    sysregs_reset(s);
}

const struct dev_ops dev_sysregs_ops = {
    .name = sysregs_name,
    .read = sysregs_read,
    .write = sysregs_write,
    .reset = sysregs_reset,
    .next_event = NULL,
    .advance = NULL,
};
