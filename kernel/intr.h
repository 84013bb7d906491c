/*
 * intr.h: interrupts routed to IST threads (InterruptInitialize, InterruptDone,
 * InterruptDisable). A driver binds a logical interrupt (SYSINTR_FIRMWARE + the PL190
 * line, guest/include/ceddk.h) to an event. When the line fires, the kernel's handler
 * masks it at the VIC and sets the event; the driver's IST, waiting on the event,
 * services the device and calls InterruptDone, which unmasks the line again.
 * Lines the kernel drives itself (its tick, the console UART) cannot be bound.
 */
#ifndef KERNEL_INTR_H
#define KERNEL_INTR_H

struct process;

/* Unbind every interrupt p bound (process exit). */
void intr_release_owner(struct process *p);

#endif
