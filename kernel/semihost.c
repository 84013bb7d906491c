/*
 * semihost.c: the ARM semihosting calls the kernel makes. A semihosting call is an
 * `svc #0x123456` that the host (QEMU -semihosting, cesim) intercepts before the SWI
 * vector, so it may be made from any privileged mode. Should the host not intercept it,
 * the SWI vector sees it (kernel/syscall.c) and halts: no exit status is then possible.
 *
 * In AArch32, SYS_EXIT takes the reason code itself in r1; SYS_EXIT_EXTENDED takes a
 * pointer to {reason, subcode} and QEMU (7.2) and cesim exit with the subcode.
 */
#include "semihost.h"

#include "kernel.h"

/*
 * Were the svc taken as an exception in SVC mode, it would overwrite LR_svc and
 * SPSR_svc: "lr" in the clobbers makes the compiler keep its own return address safe.
 */
static uint32_t semihost_call(uint32_t op, uint32_t arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register uint32_t r1 __asm__("r1") = arg;

    __asm__ volatile("svc %[imm]"
                     : "+r"(r0)
                     : "r"(r1), [imm] "i"(SEMIHOST_SVC_IMM)
                     : "memory", "lr", "cc");
    return r0;
}

void semihost_write0(const char *s)
{
    semihost_call(SEMIHOST_SYS_WRITE0, (uint32_t)s);
}

void semihost_exit(uint32_t code)
{
    const uint32_t block[2] = {SEMIHOST_ADP_APPLICATION_EXIT, code};

    semihost_call(SEMIHOST_SYS_EXIT_EXTENDED, (uint32_t)block);
    kernel_halt(); /* only when the host ignored the call */
}

void semihost_exit_runtime_error(void)
{
    semihost_call(SEMIHOST_SYS_EXIT, SEMIHOST_ADP_RUNTIME_ERROR);
    kernel_halt();
}
