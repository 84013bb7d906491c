@ swi_usr.S: SWI round trip from USR mode. The user code sets SP/LR/r0, issues
@ `svc #5`; the handler checks the immediate, records LR_svc and SPSR, bumps r0 and
@ returns with MOVS; the user code then records its SP, LR and r0 and asks to exit
@ with `svc #0xFF`. Mailbox: 0 SP_usr, 1 LR_usr, 2 r0, 3 LR_svc, 4 SPSR, 5 svc address.
#include "common.inc"
    VECTORS
    .text
reset:
    SETUP_STACKS
    msr cpsr_c, #PSR_MODE_USR        @ drop to user mode, IRQs enabled
    ldr sp, =STACK_USR
    ldr lr, =0x1234
    mov r0, #42
svc_site:
    svc #5
    PUT 0, sp
    PUT 1, lr
    PUT 2, r0
    ldr r1, =svc_site
    PUT 5, r1
    svc #0xFF

swi_handler:
    ldr r12, [lr, #-4]
    bic r12, r12, #0xFF000000
    cmp r12, #0xFF
    beq done
    PUT 3, lr
    mrs r11, spsr
    PUT 4, r11
    add r0, r0, #1
    movs pc, lr
done:
    EXIT 0

undef_handler:
pabt_handler:
dabt_handler:
irq_handler:
    EXIT 99
    EXIT_BLOCK
