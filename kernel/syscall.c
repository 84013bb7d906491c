/*
 * syscall.c: the C half of the SWI vector. An `svc #CE_SYSCALL_SVC_IMM` is a system call:
 * number in r7, arguments in r0-r3, result in r0 (kernel/abi/syscall.h); the table below
 * is generated from CE_SYSCALL_LIST, so a new number without a handler does not build.
 * A semihosting SVC that reaches the vector from user mode is refused (semihosting is the
 * kernel's, not the apps'); from a privileged mode it means the host does not implement
 * semihosting at all, so the run cannot end properly: say so and halt. Any other SWI is a
 * panic.
 *
 * IRQs stay masked while a system call runs (they are short for now).
 */
#include <stdint.h>

#include "app.h"
#include "arm.h"
#include "cetypes.h"
#include "console.h"
#include "kernel.h"
#include "mmu.h"
#include "syscall.h"
#include "timer.h"
#include "trap.h"

#define SEMIHOST_FAILED 0xFFFFFFFFu /* semihosting's error result (-1) */

typedef uint32_t (*syscall_fn)(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3);

static uint32_t sys_ExitProcess(uint32_t code, uint32_t a1, uint32_t a2, uint32_t a3)
{
    (void)a1, (void)a2, (void)a3;
    app_exit_current((int)code);
    return (uint32_t)E_FAIL; /* no app was running */
}

static uint32_t sys_DebugWrite(uint32_t buf, uint32_t len, uint32_t a2, uint32_t a3)
{
    (void)a2, (void)a3;
    if (!mmu_user_range_mapped(buf, len))
        return (uint32_t)E_ACCESSDENIED;
    console_write((const char *)buf, len);
    return (uint32_t)S_OK;
}

static uint32_t sys_GetTickCount(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
    (void)a0, (void)a1, (void)a2, (void)a3;
    return timer_ms();
}

static const syscall_fn syscall_table[SYS_COUNT] = {
#define SYSCALL_ENTRY(nr, name) [nr] = sys_##name,
    CE_SYSCALL_LIST(SYSCALL_ENTRY)
#undef SYSCALL_ENTRY
};

static void syscall_dispatch(struct trap_frame *tf)
{
    uint32_t nr = tf->r[7];

    if (nr >= SYS_COUNT || !syscall_table[nr]) {
        kprintf("kernel: unknown system call %lu at pc 0x%08lx\n", (unsigned long)nr,
                (unsigned long)(tf->pc - ARM_INSN_SIZE));
        tf->r[0] = (uint32_t)E_NOTIMPL;
        return;
    }
    tf->r[0] = syscall_table[nr](tf->r[0], tf->r[1], tf->r[2], tf->r[3]);
}

static void semihost_refused(struct trap_frame *tf)
{
    if ((tf->spsr & PSR_MODE_MASK) == PSR_MODE_USR) {
        tf->r[0] = SEMIHOST_FAILED;
        return;
    }
    kprintf("PANIC: semihosting call from the kernel reached the SWI vector: the host does "
            "not implement semihosting (QEMU needs -semihosting); halting\n");
    console_flush();
    kernel_halt();
}

void swi_handler(struct trap_frame *tf)
{
    uint32_t imm;

    if (tf->spsr & PSR_T)
        panic_exception(tf, EXC_KIND_SWI); /* no Thumb code is built for cesim */
    imm = *(const uint32_t *)(tf->pc - ARM_INSN_SIZE) & ARM_SWI_IMM_MASK;
    if (imm == CE_SYSCALL_SVC_IMM)
        syscall_dispatch(tf);
    else if (imm == SEMIHOST_SVC_IMM)
        semihost_refused(tf);
    else
        panic_exception(tf, EXC_KIND_SWI);
}
