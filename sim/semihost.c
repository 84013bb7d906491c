/*
 * semihost.c: ARM semihosting operations (ARM DUI 0471 "Semihosting operations";
 * QEMU semihosting/arm-compat-semi.c behaves the same for these).
 *
 * AArch32 SYS_EXIT takes the reason code in r1 itself; SYS_EXIT_EXTENDED takes a pointer
 * to {reason, subcode}. ADP_Stopped_ApplicationExit exits with the subcode (0 for plain
 * SYS_EXIT); the kernel's panic reports ADP_Stopped_RunTimeErrorUnknown, which cesim
 * turns into its "guest fatal" status; any other reason exits 1, as QEMU does.
 */
#include "semihost.h"

#include <string.h>

#include "board.h"
#include "dev.h"
#include "machine.h"

#define WRITE0_MAX 65536u /* a string longer than this is cut: the guest cannot hang us */

static void sys_exit(struct machine *m, uint32_t reason, uint32_t subcode)
{
    if (reason == SEMIHOST_ADP_APPLICATION_EXIT) {
        m->stop = STOP_EXIT;
        m->exit_code = (int)(subcode & 0xFFu);
    } else if (reason == SEMIHOST_ADP_RUNTIME_ERROR) {
        m->stop = STOP_PANIC;
        m->exit_code = 3;
    } else {
        m->stop = STOP_EXIT;
        m->exit_code = 1;
    }
    m->stop_pending = true;
}

static void sys_write0(struct machine *m, uint32_t va)
{
    char buf[256];
    uint32_t total = 0;
    for (;;) {
        uint32_t n = 0;
        while (n < sizeof(buf) && total < WRITE0_MAX && machine_read_virt(m, va, &buf[n], 1) &&
               buf[n] != '\0') {
            n++;
            va++;
            total++;
        }
        machine_console_write(m, buf, n);
        if (n < sizeof(buf))
            return;
    }
}

void semihost_call(struct machine *m)
{
    uint32_t op = machine_reg(m, UC_ARM_REG_R0), arg = machine_reg(m, UC_ARM_REG_R1);
    uint32_t block[2];
    char c;

    switch (op) {
    case SEMIHOST_SYS_WRITEC:
        if (machine_read_virt(m, arg, &c, 1))
            machine_console_write(m, &c, 1);
        return;
    case SEMIHOST_SYS_WRITE0:
        sys_write0(m, arg);
        return;
    case SEMIHOST_SYS_EXIT:
        sys_exit(m, arg, 0);
        return;
    case SEMIHOST_SYS_EXIT_EXTENDED:
        if (!machine_read_virt(m, arg, block, sizeof(block))) {
            dev_guest_error("semihosting", "SYS_EXIT_EXTENDED block at 0x%08x unreadable", arg);
            sys_exit(m, 0, 1);
            return;
        }
        sys_exit(m, block[0], block[1]);
        return;
    default:
        dev_guest_error("semihosting", "operation 0x%x not supported", op);
        machine_set_reg(m, UC_ARM_REG_R0, UINT32_MAX);
    }
}
