/*
 * fault.c: the abort and undefined-instruction handlers, and the IRQ entry's C half
 * (see fault.h). Fault registers are read first, before anything else could fault.
 *
 * The kill line is the same on QEMU and cesim for the same fault: the process, its pid,
 * the exception, the pc, the address and the fault status (FSR[3:0], which both report
 * alike; the domain bits and the rest are left out).
 */
#include "fault.h"

#include "arm.h"
#include "cetypes.h"
#include "console.h"
#include "cp15.h"
#include "irq.h"
#include "kmarshal.h"
#include "kernel.h"
#include "proc.h"
#include "reflect.h"
#include "sched.h"
#include "uaccess.h"

static int from_user(const struct trap_frame *tf)
{
    return (tf->spsr & PSR_MODE_MASK) == PSR_MODE_USR;
}

static void print_kill(const struct process *p, const struct trap_frame *tf, unsigned kind,
                       uint32_t addr, uint32_t fsr)
{
    const char *st = armv5_fsr_name(fsr);

    kprintf("kernel: process %s (pid %lu) killed: ", p->name, (unsigned long)p->pid);
    switch (kind) {
    case EXC_KIND_DABT:
        kprintf("data abort at pc 0x%08lx, address 0x%08lx, status 0x%lx (%s)\n",
                (unsigned long)tf->pc, (unsigned long)addr, (unsigned long)(fsr & FSR_STATUS_MASK),
                st);
        break;
    case EXC_KIND_PABT:
        kprintf("prefetch abort at address 0x%08lx, status 0x%lx (%s)\n", (unsigned long)addr,
                (unsigned long)(fsr & FSR_STATUS_MASK), st);
        break;
    case EXC_KIND_UNDEF:
        kprintf("undefined instruction at pc 0x%08lx\n", (unsigned long)addr);
        break;
    default: kprintf("unknown SWI at pc 0x%08lx\n", (unsigned long)addr); break;
    }
}

void fault_kill_current(struct trap_frame *tf, unsigned kind, uint32_t addr, uint32_t fsr)
{
    struct process *p = current->active;
    uint32_t code = kind == EXC_KIND_DABT || kind == EXC_KIND_PABT ? STATUS_ACCESS_VIOLATION
                                                                   : STATUS_ILLEGAL_INSTRUCTION;

    print_kill(p, tf, kind, addr, fsr);
    process_terminate(p, code);
    reflect_check_abort(); /* a visitor in a driver host goes back to its caller */
    thread_exit(code);
}

void irq_entry(struct trap_frame *tf)
{
    (void)tf;
    irq_dispatch();
}

void dabt_entry(struct trap_frame *tf)
{
    uint32_t fsr = cp15_read_dfsr(), far = cp15_read_far(), fixup;

    if (from_user(tf))
        fault_kill_current(tf, EXC_KIND_DABT, far, fsr);
    fixup = uaccess_fixup(tf->pc);
    if (!fixup) {
        marshal_fault(tf, far, fsr); /* a freed marshaling buffer: a diagnostic, no panic */
        panic_exception(tf, EXC_KIND_DABT);
    }
    tf->pc = fixup; /* A3: the copy returns its error */
}

void pabt_entry(struct trap_frame *tf)
{
    uint32_t fsr = cp15_read_ifsr();

    if (from_user(tf))
        fault_kill_current(tf, EXC_KIND_PABT, tf->pc, fsr);
    panic_exception(tf, EXC_KIND_PABT);
}

void undef_entry(struct trap_frame *tf)
{
    if (from_user(tf))
        fault_kill_current(tf, EXC_KIND_UNDEF, tf->pc, 0);
    panic_exception(tf, EXC_KIND_UNDEF);
}
