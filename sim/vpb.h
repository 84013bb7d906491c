/*
 * vpb.h: the Versatile PB subset as one board: system registers, the PL190 VIC, two
 * SP804 dual timers and the PL011 UART0 (kernel/abi/board.h has the map), wired
 * together and mapped into Unicorn as MMIO. The board owns simulated time's events:
 * `next_event` is the earliest cycle at which some device needs advancing, and the
 * CPU glue calls vpb_advance() once the cycle counter reaches it.
 */
#ifndef CESIM_VPB_H
#define CESIM_VPB_H

#include <stddef.h>
#include <stdint.h>
#include <unicorn/unicorn.h>

#include "dev.h"
#include "dev_pl011.h"
#include "dev_pl190.h"
#include "dev_sp804.h"
#include "dev_sysregs.h"

typedef void (*vpb_console_fn)(void *opaque, const char *bytes, size_t len);

#define VPB_DEVICES 5u

/* What an MMIO callback needs: the board and one device with its operations. */
struct vpb_slot {
    struct vpb *board;
    void *dev;
    const struct dev_ops *ops;
};

struct vpb {
    struct dev_clock clock;
    struct dev_sysregs sysregs;
    struct dev_pl190 vic;
    struct dev_sp804 timer01, timer23;
    struct dev_pl011 uart0;
    uint64_t next_event; /* DEV_NO_EVENT when nothing is armed */
    int irq_level, fiq_level; /* the VIC's outputs to the CPU */
    vpb_console_fn console;
    void *console_opaque;
    uint64_t mmio_reads, mmio_writes;
    struct vpb_slot slots[VPB_DEVICES];
};

/* Build and reset the board; `cycles` is the CPU's modelled cycle counter. */
void vpb_init(struct vpb *b, const uint64_t *cycles, uint64_t cpu_hz, vpb_console_fn console,
              void *console_opaque);

/* Map every device into `uc` at its physical address. */
int vpb_map(struct vpb *b, uc_engine *uc, char *err, size_t errlen);

/* Run every device event due by now, then recompute next_event. */
void vpb_advance(struct vpb *b);

/* The devices' physical addresses, ascending (for the CPU glue's dummy regions). */
unsigned vpb_device_count(void);
uint32_t vpb_device_pa(unsigned i);

#endif
