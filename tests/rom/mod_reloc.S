@ mod_reloc.S: the app "reloc" for test_rom.c, with words that cross segments both ways.
@ Written in assembly so that every offset is known by hand (guest/module.ld links it at
@ 0: text at 0x0000, data at 0x1000, bss after data); test_rom.c reads the relocated
@ words back out of the ROM and compares them with numbers worked out in its comments.

    .section .text.start, "ax"
    .global _start
    .type _start, %function
_start:                             @ text+0x00
    ldr     r0, lit_counter         @ +0x00
    ldr     r1, [r0]                @ +0x04
    bl      helper                  @ +0x08 R_ARM_CALL inside text: must not change
    b       _start                  @ +0x0c
    .global helper
    .type helper, %function
helper:                             @ +0x10
    bx      lr
lit_counter:
    .word   counter                 @ +0x14 text -> data  (R_ARM_ABS32)
    .word   helper                  @ +0x18 text -> text  (R_ARM_ABS32)
    .word   counter - .             @ +0x1c text -> data  (R_ARM_REL32)
    .word   bss_word                @ +0x20 text -> bss   (R_ARM_ABS32)

    .data
    .global counter, table
    .type counter, %object
counter:
    .word   7                       @ data+0x00
    .type table, %object
table:
    .word   _start                  @ data+0x04 data -> text (R_ARM_ABS32)
    .word   helper                  @ data+0x08 data -> text (R_ARM_ABS32)
    .word   counter                 @ data+0x0c data -> data (R_ARM_ABS32)
    .reloc  ., R_ARM_PREL31, helper @ data+0x10 data -> text (R_ARM_PREL31, as in
    .word   0                       @           .ARM.exidx; gas has no .word suffix)
    .word   helper(TARGET1)         @ data+0x14 data -> text (R_ARM_TARGET1)

    .bss
    .global bss_word
    .type bss_word, %object
bss_word:
    .space  4                       @ bss+0x00 = data+0x18
