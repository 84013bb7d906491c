@ abort.S: data aborts with the right FAR and DFSR, and a prefetch abort.
@ Page table at 0x4000: VA 0 (1 MB) identity, RW for all, domain 0 (the code);
@ VA 0x00100000 a coarse table (domain 2) at 0x3000 with one small page at 0x00100000
@ (user read-only) and none at 0x00101000; nothing at 0x00200000.
@ Each fault's handler records FAR, DFSR (or IFSR), LR_abt and resumes after it.
@ Mailbox: 0-2 section translation fault (FAR, DFSR, LR), 3-5 permission fault from
@ USR, 6-8 LDM across into an unmapped page, 9-11 prefetch abort (LR, IFSR, SPSR),
@ 12 the faulting LDR's address, 13 the STR's, 14 the LDM's, 15 abort count.
#include "common.inc"
#define L1 0x4000
#define L2 0x3000
    VECTORS
    .text
reset:
    SETUP_STACKS
    mov r9, #0                      @ mailbox slot base of the next abort
    mov r10, #0                     @ abort count
    @ clear L1 and L2
    ldr r0, =L2
    ldr r1, =L1 + 0x4000
    mov r2, #0
1:  str r2, [r0], #4
    cmp r0, r1
    blo 1b
    ldr r0, =L1
    ldr r1, =(0 | (AP_RW << L1_SECTION_AP_SHIFT) | L1_BIT4 | L1_TYPE_SECTION)
    str r1, [r0]                                  @ VA 0 -> PA 0
    ldr r1, =(L2 | (2 << L1_DOMAIN_SHIFT) | L1_BIT4 | L1_TYPE_COARSE)
    str r1, [r0, #4]                              @ VA 1 MB -> coarse table
    ldr r0, =L2
    ldr r1, =(0x00100000 | (AP_USER_RO * 0x55) << L2_AP0_SHIFT | L2_TYPE_SMALL)
    str r1, [r0]                                  @ VA 0x00100000 -> PA 0x00100000
    ldr r0, =L1
    mcr p15, 0, r0, c2, c0, 0
    ldr r0, =(DACR_CLIENT | (DACR_CLIENT << 4))   @ domains 0 and 2: client
    mcr p15, 0, r0, c3, c0, 0
    mov r0, #0
    mcr p15, 0, r0, c8, c7, 0
    mrc p15, 0, r0, c1, c0, 0
    orr r0, r0, #SCTLR_M
    mcr p15, 0, r0, c1, c0, 0
    nop
    nop
    @ 1. translation fault (section) on a load
    ldr r0, =0x00200000
    adr r1, ldr_site
    PUT 12, r1
ldr_site:
    ldr r1, [r0, #4]
    @ 2. permission fault (page) writing a user read-only page from USR
    adr r1, str_site
    PUT 13, r1
    mov r9, #3
    msr cpsr_c, #PSR_MODE_USR
    ldr r0, =0x00100010
    ldr r1, [r0]                    @ reading is allowed
str_site:
    str r1, [r0]
    svc #1                          @ back to SVC
after_usr:
    @ 3. LDM running from a mapped page into an unmapped one
    mov r9, #6
    ldr r0, =0x00100FF8
    adr r1, ldm_site
    PUT 14, r1
ldm_site:
    ldmia r0, {r1-r4}
    @ 4. prefetch abort: branch to the unmapped section
    mov r9, #9
    ldr r0, =0x00200000
    blx r0
after_pabt:
    PUT 15, r10
    EXIT 0

dabt_handler:
    mrc p15, 0, r12, c6, c0, 0      @ FAR
    ldr r11, =MAILBOX
    str r12, [r11, r9, lsl #2]
    add r11, r11, #4
    mrc p15, 0, r12, c5, c0, 0      @ DFSR
    str r12, [r11, r9, lsl #2]
    add r11, r11, #4
    str lr, [r11, r9, lsl #2]
    add r10, r10, #1
    subs pc, lr, #4                 @ skip the faulting instruction

pabt_handler:
    ldr r11, =MAILBOX
    str lr, [r11, r9, lsl #2]
    add r11, r11, #4
    mrc p15, 0, r12, c5, c0, 1      @ IFSR
    str r12, [r11, r9, lsl #2]
    add r11, r11, #4
    mrs r12, spsr
    str r12, [r11, r9, lsl #2]
    add r10, r10, #1
    msr cpsr_c, #(PSR_MODE_SVC | PSR_I | PSR_F)
    b after_pabt

swi_handler:
    mrs r12, spsr
    bic r12, r12, #PSR_MODE_MASK
    orr r12, r12, #PSR_MODE_SVC
    msr spsr_cxsf, r12
    movs pc, lr                     @ continue at after_usr, in SVC mode

undef_handler:
irq_handler:
    EXIT 99
    EXIT_BLOCK
