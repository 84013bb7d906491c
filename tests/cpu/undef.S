@ undef.S: an undefined instruction enters UND mode at the vector with LR_und = the
@ instruction + 4 and SPSR = the old CPSR; MOVS PC, LR resumes after it.
@ Mailbox: 0 LR_und, 1 SPSR, 2 CPSR in the handler, 3 address of the UDF,
@ 4 r0 after resuming (the instruction after the UDF ran), 5 CPSR after resuming.
#include "common.inc"
    VECTORS
    .text
reset:
    SETUP_STACKS
    mov r0, #0
    adr r1, udf_site
    PUT 3, r1
udf_site:
    .word 0xe7f000f0                @ permanently undefined
    add r0, r0, #7
    PUT 4, r0
    mrs r1, cpsr
    PUT 5, r1
    EXIT 0

undef_handler:
    PUT 0, lr
    mrs r11, spsr
    PUT 1, r11
    mrs r11, cpsr
    PUT 2, r11
    movs pc, lr

swi_handler:
pabt_handler:
dabt_handler:
irq_handler:
    EXIT 99
    EXIT_BLOCK
