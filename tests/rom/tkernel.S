@ tkernel.S: a tiny stand-in kernel for the ROM tests (the real one is kernel/). Linked
@ like the real kernel (tkernel.ld: VA 0x8001xxxx, load and entry at PA 0x0001xxxx), it
@ runs with the MMU off, so it uses PC-relative addresses only. On QEMU it checks the
@ TOC the ROM builder wrote and exits through semihosting: 0 when the magic, version and
@ size match rom.h, 1 otherwise. rom.h and board.h are C headers, so the few numbers
@ it needs are repeated here; a drift shows up as a failing QEMU boot in `make test-rom`.

    .equ ROM_TOC_PA,        0x00008000
    .equ ROM_TOC_MAGIC,     0x4D4F5243      @ "CROM"
    .equ ROM_TOC_VERSION,   1
    .equ ROM_TOC_SIZE,      10656           @ sizeof(struct rom_toc)
    .equ SYS_WRITE0,        0x04
    .equ SYS_EXIT_EXTENDED, 0x20
    .equ ADP_APP_EXIT,      0x20026

    .section .text.boot, "ax"
    .global _start
    .type _start, %function
_start:
    ldr     r4, =ROM_TOC_PA
    ldr     r0, [r4]                @ magic
    ldr     r1, =ROM_TOC_MAGIC
    cmp     r0, r1
    bne     bad
    ldr     r0, [r4, #4]            @ version
    cmp     r0, #ROM_TOC_VERSION
    bne     bad
    ldr     r0, [r4, #8]            @ toc_size
    ldr     r1, =ROM_TOC_SIZE
    cmp     r0, r1
    bne     bad
    adr     r1, msg_ok
    mov     r5, #0
    b       report
bad:
    adr     r1, msg_bad
    mov     r5, #1
report:
    mov     r0, #SYS_WRITE0
    svc     0x123456
    adr     r1, exit_block
    str     r5, [r1, #4]            @ the exit code (RAM: MMU off, no protection)
    mov     r0, #SYS_EXIT_EXTENDED
    svc     0x123456
    b       .
    .ltorg

    .align 2
exit_block:
    .word   ADP_APP_EXIT, 0
msg_ok:
    .asciz  "tkernel: TOC ok\n"
msg_bad:
    .asciz  "tkernel: bad TOC\n"

@ The real kernel keeps every CP15 operation here; the simulator finds the range by name.
    .section .text.cp15, "ax"
    .global __cp15_start, __cp15_end
    .type cp15_clean_all, %function
__cp15_start:
cp15_clean_all:
    mcr     p15, 0, r0, c7, c10, 0
    bx      lr
__cp15_end:

@ A second segment with initialised data and bss, like a real kernel's.
    .data
    .global boot_count
    .type boot_count, %object
boot_count:
    .word   0x12345678
    .bss
    .global kernel_stack
    .type kernel_stack, %object
kernel_stack:
    .space  256
