@ irq.S: IRQ delivery and return. SP804 timer 0 runs periodic (load 50 us) through
@ PL190 line 4; the main loop counts in r4 and keeps a canary in r5 while the handler
@ acknowledges the timer, counts interrupts and records LR_irq and SPSR.
@ Mailbox: 0 interrupts taken, 1 r5 canary after 3 interrupts, 2 SPSR in the handler,
@ 3 LR_irq of the first interrupt, 4 r4 loop count (> 0).
#include "common.inc"
#define TIMER_LOAD 0x00
#define TIMER_CONTROL 0x08
#define TIMER_INTCLR 0x0C
#define VIC_INTENABLE 0x10
    VECTORS
    .text
reset:
    SETUP_STACKS
    mov r8, #0                                  @ interrupts taken (handler's count)
    ldr r0, =BOARD_VIC_PA
    mov r1, #(1 << BOARD_IRQ_TIMER01)
    str r1, [r0, #VIC_INTENABLE]
    ldr r0, =BOARD_TIMER01_PA
    mov r1, #50
    str r1, [r0, #TIMER_LOAD]
    mov r1, #0xE2                               @ enable, periodic, int enable, 32-bit
    str r1, [r0, #TIMER_CONTROL]
    ldr r5, =0xCAFEF00D
    mov r4, #0
    msr cpsr_c, #PSR_MODE_SVC                   @ IRQs on
loop:
    add r4, r4, #1
    cmp r8, #3
    blo loop
    msr cpsr_c, #(PSR_MODE_SVC | PSR_I | PSR_F)
    PUT 0, r8
    PUT 1, r5
    PUT 4, r4
    EXIT 0

irq_handler:
    push {r0-r3, r12}
    ldr r0, =BOARD_TIMER01_PA
    str r0, [r0, #TIMER_INTCLR]                 @ any value acknowledges
    cmp r8, #0
    bne 1f
    PUT 3, lr
    mrs r0, spsr
    PUT 2, r0
1:  add r8, r8, #1
    pop {r0-r3, r12}
    subs pc, lr, #4

undef_handler:
swi_handler:
pabt_handler:
dabt_handler:
    EXIT 99
    EXIT_BLOCK
