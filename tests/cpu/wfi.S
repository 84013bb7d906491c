@ wfi.S: a wait for interrupt with no interrupt source armed: the run must end (a
@ fatal error), never hang the host. Also used with the timer armed: the wait skips
@ simulated time to the timer's expiry. Mailbox: 0 = 1 once past the first wait.
#include "common.inc"
    VECTORS
    .text
reset:
    SETUP_STACKS
    mov r0, #0
    mcr p15, 0, r0, c7, c0, 4
    mov r0, #1
    PUT 0, r0
    EXIT 0
undef_handler:
swi_handler:
pabt_handler:
dabt_handler:
irq_handler:
    EXIT 99
    EXIT_BLOCK
