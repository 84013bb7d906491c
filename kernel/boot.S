/*
 * boot.S: the kernel's first instructions. The loader (QEMU -kernel, or cesim) has
 * put the ELF segments at their physical addresses and starts _start at its physical
 * address, in SVC mode with the MMU and caches off. This code:
 *   1. gives every exception mode its stack (virtual addresses: used only later);
 *   2. zeroes .bss through physical addresses;
 *   3. builds the boot first-level table (boot_l1):
 *        - an identity section over the first MB (the PC is physical until the jump),
 *        - the RAM under the kernel image at VM_KRAM_CACHED (write-back) and at
 *          VM_KRAM_UNCACHED (C=0 B=0); kmain maps the rest of RAM once the ROM's table of
 *          contents has given its size,
 *        - the device window VM_DEV_BASE -> BOARD_DEV_PA_BASE (uncached),
 *        - a coarse table for the top MB with one small page: the high vectors page;
 *   4. turns on the MMU, caches and high vectors, through the CP15 accessors called at
 *      their physical addresses;
 *   5. jumps to kmain at its virtual address (kmain drops the identity section).
 *
 * Nothing here depends on r0/r1 at entry: cesim passes BOARD_BOOT_MAGIC and the TOC
 * address there, QEMU passes 0.
 */
#include "arm.h"
#include "kernel.h"

#define SVC_STACK_SIZE 16384 /* the kernel's own thread: kmain and the app launcher */
#define EXC_STACK_SIZE 4096  /* IRQ, abort, undefined, FIQ: room for the panic printer */
#define STACK_ALIGN 8        /* AAPCS */

/* The section that stays identity-mapped while the PC is still physical. */
#define IDENTITY_BASE (KERNEL_LOAD_PA & L1_SECTION_BASE_MASK)

/* Modes entered at boot for their stacks, with IRQ and FIQ masked. */
#define BOOT_PSR(mode) ((mode) | PSR_I | PSR_F)

/* SCTLR: MMU, D-cache, write buffer, I-cache, high vectors, round-robin replacement (the
 * deterministic one). No alignment faults; S=R=0 so that AP=00 means no access. */
#define SCTLR_BOOT_SET (SCTLR_M | SCTLR_C | SCTLR_W | SCTLR_I | SCTLR_V | SCTLR_RR)
#define SCTLR_BOOT_CLEAR (SCTLR_A | SCTLR_S | SCTLR_R)

#define PHYS(sym) KERNEL_PA(sym)

    .syntax unified
    .arm

/* Call a kernel function at its physical address (the MMU is off). */
.macro CALL_PHYS func
    ldr     ip, =PHYS(\func)
    blx     ip
.endm

.macro SET_STACK mode, top
    msr     cpsr_c, #BOOT_PSR(\mode)
    ldr     sp, =\top
.endm

    .section .text.boot, "ax", %progbits
    .globl  _start
    .type   _start, %function
_start:
    msr     cpsr_c, #BOOT_PSR(PSR_MODE_SVC)
    SET_STACK PSR_MODE_IRQ, irq_stack_top
    SET_STACK PSR_MODE_ABT, abt_stack_top
    SET_STACK PSR_MODE_UND, und_stack_top
    SET_STACK PSR_MODE_FIQ, fiq_stack_top
    msr     cpsr_c, #BOOT_PSR(PSR_MODE_SVC)

    /* .bss through physical addresses; the linker keeps it word aligned. */
    ldr     r0, =PHYS(__bss_start)
    ldr     r1, =PHYS(__bss_end)
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b

    /* Until the MMU is on, the SVC stack is used at its physical address. */
    ldr     sp, =PHYS(svc_stack_top)
    bl      boot_build_tables

    /* Nothing stale may survive in caches or TLB when translation starts. */
    CALL_PHYS cp15_flush_kern_all
    CALL_PHYS cp15_tlb_inv_all
    mov     r0, #0
    CALL_PHYS cp15_write_fcse_pid
    ldr     r0, =DACR_DOMAIN(KERNEL_DOMAIN, DACR_CLIENT)
    CALL_PHYS cp15_write_dacr
    ldr     r0, =PHYS(boot_l1)
    CALL_PHYS cp15_write_ttbr0
    CALL_PHYS cp15_read_sctlr
    ldr     r1, =SCTLR_BOOT_CLEAR
    bic     r0, r0, r1
    ldr     r1, =SCTLR_BOOT_SET
    orr     r0, r0, r1
    /* Returns through the identity section: the accessor and this code are physical. */
    CALL_PHYS cp15_write_sctlr

    /* The same stack memory, now through the cached window. */
    ldr     sp, =svc_stack_top
    mov     fp, #0
    ldr     lr, =kernel_halt
    ldr     pc, =kmain
    .size   _start, . - _start

/*
 * Fill boot_l1 (zeroed with .bss: every other entry faults). Runs with the MMU off and
 * the caches off, so the stores reach memory, where the table walker will read them.
 */
    .type   boot_build_tables, %function
boot_build_tables:
    push    {r4, r5, lr}
    ldr     r4, =PHYS(boot_l1)

    /* RAM windows over [0, end of the kernel image), whole sections. */
    ldr     r5, =PHYS(__kernel_end)
    ldr     r0, =SECTION_MASK
    add     r5, r5, r0
    lsr     r5, r5, #MB_SHIFT
    mov     r0, r4
    ldr     r1, =VM_KRAM_CACHED
    ldr     r2, =L1_SECTION(BOARD_RAM_PA, AP_PRIV_RW, ATTR_WRITEBACK)
    mov     r3, r5
    bl      boot_map_sections
    mov     r0, r4
    ldr     r1, =VM_KRAM_UNCACHED
    ldr     r2, =L1_SECTION(BOARD_RAM_PA, AP_PRIV_RW, ATTR_UNCACHED)
    mov     r3, r5
    bl      boot_map_sections

    /* Devices: uncached and unbuffered, so register accesses happen in program order. */
    mov     r0, r4
    ldr     r1, =VM_DEV_BASE
    ldr     r2, =L1_SECTION(BOARD_DEV_PA_BASE, AP_PRIV_RW, ATTR_UNCACHED)
    mov     r3, #(BOARD_DEV_PA_SIZE >> MB_SHIFT)
    bl      boot_map_sections

    /* Identity, uncached: no cache line can hold it when kmain removes it. */
    mov     r0, r4
    ldr     r1, =IDENTITY_BASE
    ldr     r2, =L1_SECTION(IDENTITY_BASE, AP_PRIV_RW, ATTR_UNCACHED)
    mov     r3, #1
    bl      boot_map_sections

    /* High vectors: top MB -> boot_l2_high, whose one small page is the vectors page. */
    ldr     r0, =PHYS(boot_l2_high)
    ldr     r1, =L1_COARSE(0)
    orr     r1, r1, r0
    ldr     r2, =L1_INDEX(VM_HIGH_VECTORS) * 4
    str     r1, [r4, r2]
    ldr     r1, =PHYS(__vectors_start)
    ldr     r2, =L2_SMALL(0, AP_PRIV_RW, ATTR_WRITEBACK)
    orr     r1, r1, r2
    str     r1, [r0, #(L2_COARSE_INDEX(VM_HIGH_VECTORS) * 4)]
    pop     {r4, r5, pc}
    .size   boot_build_tables, . - boot_build_tables

/* r0 = table, r1 = first VA (section aligned), r2 = first descriptor, r3 = count. */
    .type   boot_map_sections, %function
boot_map_sections:
    add     r0, r0, r1, lsr #(L1_INDEX_SHIFT - 2)
    cmp     r3, #0
    bxeq    lr
1:  str     r2, [r0], #4
    add     r2, r2, #VM_SECTION_SIZE
    subs    r3, r3, #1
    bne     1b
    bx      lr
    .size   boot_map_sections, . - boot_map_sections

    .ltorg

/* ---- boot page tables and stacks, in .bss ---- */

    .section .bss.boot_l1, "aw", %nobits
    .balign L1_TABLE_ALIGN
    .globl  boot_l1
boot_l1:
    .space  L1_TABLE_SIZE
    .size   boot_l1, L1_TABLE_SIZE

    .section .bss.boot, "aw", %nobits
    .balign L2_TABLE_ALIGN
    .globl  boot_l2_high
boot_l2_high:
    .space  L2_TABLE_SIZE
    .size   boot_l2_high, L2_TABLE_SIZE

.macro STACK name, size
    .balign STACK_ALIGN
    .globl  \name\()_stack_base, \name\()_stack_top
\name\()_stack_base:
    .space  \size
\name\()_stack_top:
.endm

    STACK   svc, SVC_STACK_SIZE
    STACK   irq, EXC_STACK_SIZE
    STACK   abt, EXC_STACK_SIZE
    STACK   und, EXC_STACK_SIZE
    STACK   fiq, EXC_STACK_SIZE
