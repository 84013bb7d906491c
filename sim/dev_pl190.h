/*
 * dev_pl190.h: the ARM PL190 vectored interrupt controller at BOARD_VIC_PA. 32 input lines,
 * two outputs to the CPU (IRQ and FIQ), 16 prioritised vector slots. See dev_pl190.c.
 */
#ifndef CESIM_DEV_PL190_H
#define CESIM_DEV_PL190_H

#include "dev.h"

#define DEV_PL190_LINES 32u
#define DEV_PL190_VECTORS 16u
/* Priority levels: vector slots 0 (highest) to 15, then the default (non-vectored) level,
 * then "no interrupt in service". */
#define DEV_PL190_PRIO_DEFAULT DEV_PL190_VECTORS
#define DEV_PL190_PRIO_IDLE (DEV_PL190_VECTORS + 1)

struct dev_pl190 {
    struct dev_irq irq; /* nIRQ to the CPU (line number is the CPU's choice) */
    struct dev_irq fiq; /* nFIQ to the CPU */

    uint32_t lines;      /* levels of the 32 hardware inputs */
    uint32_t softint;    /* VICSOFTINT */
    uint32_t enable;     /* VICINTENABLE */
    uint32_t select;     /* VICINTSELECT: 1 routes the source to FIQ */
    uint32_t protection; /* VICPROTECTION bit 0 (stored, not enforced) */
    uint32_t itcr;       /* VICITCR bit 0 (stored; test mode not modelled) */
    uint32_t vect_addr[DEV_PL190_VECTORS + 1]; /* VICVECTADDR0-15, then VICDEFVECTADDR */
    uint32_t vect_cntl[DEV_PL190_VECTORS];     /* VICVECTCNTL0-15 */

    /* Priority logic, as the TRM's daisy chain: mask_above[p] holds the sources of the
     * enabled vector slots of higher priority than level p (all sources for the idle level). */
    uint32_t mask_above[DEV_PL190_PRIO_IDLE + 1];
    unsigned priority;                        /* level in service, DEV_PL190_PRIO_IDLE if none */
    unsigned prev_prio[DEV_PL190_PRIO_IDLE]; /* the level each nested level interrupted */
};

/* Wire the outputs (fn may be NULL: unconnected) and reset. */
void dev_pl190_init(struct dev_pl190 *s, struct dev_irq irq, struct dev_irq fiq);

/* Drive input `line` (< DEV_PL190_LINES) to `level` (0 or non-zero). Level-sensitive. */
void dev_pl190_set_line(struct dev_pl190 *s, unsigned line, int level);

/* The same as a dev_irq_fn, opaque being the struct dev_pl190. */
void dev_pl190_irq_in(void *opaque, unsigned line, int level);

/* A struct dev_irq for a device whose output drives input `line` of this VIC. */
struct dev_irq dev_pl190_input(struct dev_pl190 *s, unsigned line);

extern const struct dev_ops dev_pl190_ops;

#endif
