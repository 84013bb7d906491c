/*
 * irq.h: interrupt lines of the PL190 VIC and their handlers. Handlers run in IRQ mode
 * with IRQs masked, on the IRQ stack; they must clear their device's interrupt.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

typedef void (*irq_handler_fn)(void *opaque);

void irq_init(void);
/* Install the handler of `line` (BOARD_IRQ_*) and enable the line. */
void irq_register(unsigned line, irq_handler_fn fn, void *opaque);
/* Remove the handler of `line` and disable the line. */
void irq_unregister(unsigned line);
/* Disable / enable a line at the VIC (an IST's interrupt stays masked until
 * InterruptDone). */
void irq_mask(unsigned line);
void irq_unmask(unsigned line);
/* Called by the IRQ vector (kernel/vectors.S). */
void irq_dispatch(void);

#endif
