/*
 * panic.c: how a run ends. kernel_exit() is the normal end (semihosting exit with a
 * status); kpanic() and panic_exception() are the fatal ones: a readable dump whose
 * every line starts with "PANIC:", then a semihosting runtime-error exit (cesim exit
 * status 3, QEMU 1). The first line names the exception, the mode it came from, the pc
 * and, for aborts, the fault decoded in words; then r0-r15, CPSR and SPSR.
 *
 * The dump is plain text on the console, identical on QEMU and cesim for the same
 * fault (no tick counts, no timing).
 */
#include <stddef.h>
#include <stdint.h>

#include "arm.h"
#include "console.h"
#include "cp15.h"
#include "kernel.h"
#include "semihost.h"
#include "trap.h"

_Static_assert(offsetof(struct trap_frame, r) == TF_R0, "trap frame r0");
_Static_assert(offsetof(struct trap_frame, sp) == TF_SP, "trap frame sp");
_Static_assert(offsetof(struct trap_frame, lr) == TF_LR, "trap frame lr");
_Static_assert(offsetof(struct trap_frame, pc) == TF_PC, "trap frame pc");
_Static_assert(offsetof(struct trap_frame, spsr) == TF_SPSR, "trap frame spsr");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "trap frame size");

#define REGS_PER_LINE 4

static const char *const exc_names[EXC_KIND_COUNT] = {
    [EXC_KIND_RESET] = "reset",
    [EXC_KIND_UNDEF] = "undefined instruction",
    [EXC_KIND_SWI] = "unexpected SWI",
    [EXC_KIND_PABT] = "prefetch abort",
    [EXC_KIND_DABT] = "data abort",
    [EXC_KIND_RESERVED] = "reserved vector",
    [EXC_KIND_IRQ] = "IRQ",
    [EXC_KIND_FIQ] = "FIQ",
};

static int panicking;

void kernel_halt(void)
{
    arm_irq_save();
    for (;;)
        cp15_wait_for_interrupt(); /* wakes on a pending IRQ even when masked: loop */
}

void kernel_exit(int code)
{
    console_flush();
    semihost_exit((uint32_t)code);
}

/* A second panic while printing the first (a fault in the printer) only halts. */
static void panic_enter(void)
{
    arm_irq_save();
    if (panicking)
        kernel_halt();
    panicking = 1;
}

static void panic_finish(void) __attribute__((noreturn));
static void panic_finish(void)
{
    console_flush();
    semihost_exit_runtime_error();
}

/* Only the bits ARMv5 defines, so QEMU and cesim print the same value. */
static void print_psr(const char *name, uint32_t psr)
{
    psr &= PSR_V5_DEFINED;
    kprintf(" %s 0x%08lx (%s%s%s%s)", name, (unsigned long)psr, armv5_mode_name(psr),
            (psr & PSR_I) ? ", IRQ off" : "", (psr & PSR_F) ? ", FIQ off" : "",
            (psr & PSR_T) ? ", Thumb" : "");
}

static void print_registers(const struct trap_frame *tf, uint32_t pc)
{
    uint32_t r[16];

    for (int i = 0; i < 13; i++)
        r[i] = tf->r[i];
    r[13] = tf->sp;
    r[14] = tf->lr;
    r[15] = pc;
    for (int i = 0; i < 16; i++) {
        if (i % REGS_PER_LINE == 0)
            kprintf("PANIC: ");
        kprintf(" r%-2d 0x%08lx", i, (unsigned long)r[i]);
        if (i % REGS_PER_LINE == REGS_PER_LINE - 1)
            kprintf("\n");
    }
    kprintf("PANIC: ");
    print_psr("cpsr", arm_read_cpsr());
    print_psr("spsr", tf->spsr);
    kprintf("\n");
}

/* The first line, and for aborts a second one with the raw fault registers. */
static void print_cause(unsigned kind, uint32_t pc, const struct trap_frame *tf, uint32_t fsr,
                        uint32_t far)
{
    const char *mode = armv5_mode_name(tf->spsr);
    const char *name = kind < EXC_KIND_COUNT ? exc_names[kind] : "unknown exception";

    /* Thumb code is never built here: do not decode its instructions as ARM ones. */
    if ((tf->spsr & PSR_T) && (kind == EXC_KIND_SWI || kind == EXC_KIND_UNDEF))
        kind = EXC_KIND_COUNT;
    switch (kind) {
    case EXC_KIND_DABT:
        kprintf("PANIC: data abort in %s mode at pc 0x%08lx: %s at address 0x%08lx\n", mode,
                (unsigned long)pc, armv5_fsr_name(fsr), (unsigned long)far);
        kprintf("PANIC:  FAR 0x%08lx DFSR 0x%08lx (status 0x%lx, domain %lu)\n", (unsigned long)far,
                (unsigned long)fsr, (unsigned long)(fsr & FSR_STATUS_MASK),
                (unsigned long)((fsr & FSR_DOMAIN_MASK) >> FSR_DOMAIN_SHIFT));
        break;
    case EXC_KIND_PABT:
        kprintf("PANIC: prefetch abort in %s mode at pc 0x%08lx: %s\n", mode, (unsigned long)pc,
                armv5_fsr_name(fsr));
        kprintf("PANIC:  IFSR 0x%08lx (status 0x%lx, domain %lu), instruction address 0x%08lx\n",
                (unsigned long)fsr, (unsigned long)(fsr & FSR_STATUS_MASK),
                (unsigned long)((fsr & FSR_DOMAIN_MASK) >> FSR_DOMAIN_SHIFT), (unsigned long)pc);
        break;
    case EXC_KIND_SWI:
        kprintf("PANIC: unexpected SWI #0x%lx in %s mode at pc 0x%08lx\n",
                (unsigned long)(*(const uint32_t *)pc & ARM_SWI_IMM_MASK), mode, (unsigned long)pc);
        break;
    case EXC_KIND_UNDEF:
        kprintf("PANIC: undefined instruction 0x%08lx in %s mode at pc 0x%08lx\n",
                (unsigned long)*(const uint32_t *)pc, mode, (unsigned long)pc);
        break;
    default:
        kprintf("PANIC: %s exception in %s mode at pc 0x%08lx\n", name, mode, (unsigned long)pc);
        break;
    }
}

/*
 * Called by the fatal vectors (and by swi_handler for an SWI it refuses) with the
 * trap frame. Reads the fault registers first, before anything else could fault.
 * tf->pc is the instruction of interest, except for SWI where it is the return address.
 */
void panic_exception(struct trap_frame *tf, unsigned kind)
{
    uint32_t fsr = kind == EXC_KIND_PABT ? cp15_read_ifsr() : cp15_read_dfsr();
    uint32_t far = cp15_read_far();
    uint32_t insn_size = (tf->spsr & PSR_T) ? THUMB_INSN_SIZE : ARM_INSN_SIZE;
    uint32_t pc = kind == EXC_KIND_SWI ? tf->pc - insn_size : tf->pc;

    panic_enter();
    print_cause(kind, pc, tf, fsr, far);
    print_registers(tf, pc);
    panic_finish();
}

void kpanic(const char *fmt, ...)
{
    va_list ap;

    panic_enter();
    kprintf("PANIC: ");
    va_start(ap, fmt);
    vkprintf(fmt, ap);
    va_end(ap);
    kprintf("\nPANIC:  called from 0x%08lx\n",
            (unsigned long)(uintptr_t)__builtin_return_address(0));
    panic_finish();
}
