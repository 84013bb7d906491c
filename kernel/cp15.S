/*
 * cp15.S: every CP15 (system control coprocessor) instruction of the kernel, and
 * nothing else. The whole file is one section, .text.cp15, which kernel/kernel.ld
 * brackets with __cp15_start/__cp15_end: the simulator decodes that range once and
 * hooks it (Unicorn runs cache and TLB maintenance as silent no-ops, so this is how
 * they become visible). kernel/check-cp15 fails the build if an MCR/MRC shows up
 * outside this range.
 *
 * Each accessor is a leaf that uses only r0-r3 and ip, no stack and no memory, so
 * boot.S may call it at its physical address while the MMU is off. Prototypes and the
 * range conventions are in cp15.h. Encodings: ARM926EJ-S TRM, spec/arm926.md.
 */
#include "arm.h"

    .syntax unified
    .arm
    .section .text.cp15, "ax", %progbits

.macro FUNC name
    .globl \name
    .type \name, %function
    .p2align 2
\name:
.endm

.macro ENDFUNC name
    .size \name, . - \name
.endm

/* ---- identification and control ---- */

FUNC cp15_read_id
    mrc     p15, 0, r0, c0, c0, 0
    bx      lr
ENDFUNC cp15_read_id

FUNC cp15_read_sctlr
    mrc     p15, 0, r0, c1, c0, 0
    bx      lr
ENDFUNC cp15_read_sctlr

/*
 * The read of the ID register after the write cannot complete before the write has,
 * and the nop lets the pipeline refill: the next instruction of the caller then runs
 * under the new setting (the MMU-on sequence relies on this; the identity section
 * keeps the caller's physical return address valid).
 */
FUNC cp15_write_sctlr
    mcr     p15, 0, r0, c1, c0, 0
    mrc     p15, 0, r0, c0, c0, 0
    mov     r0, r0
    bx      lr
ENDFUNC cp15_write_sctlr

/* ---- translation ---- */

FUNC cp15_read_ttbr0
    mrc     p15, 0, r0, c2, c0, 0
    bx      lr
ENDFUNC cp15_read_ttbr0

/* r0 = physical address of a 16 KB aligned first-level table. */
FUNC cp15_write_ttbr0
    mcr     p15, 0, r0, c2, c0, 0
    bx      lr
ENDFUNC cp15_write_ttbr0

FUNC cp15_write_dacr
    mcr     p15, 0, r0, c3, c0, 0
    bx      lr
ENDFUNC cp15_write_dacr

/* r0 = the raw register: PID << FCSE_PID_SHIFT (0 turns the FCSE off). */
FUNC cp15_write_fcse_pid
    mcr     p15, 0, r0, c13, c0, 0
    bx      lr
ENDFUNC cp15_write_fcse_pid

/* ---- fault registers ---- */

FUNC cp15_read_dfsr
    mrc     p15, 0, r0, c5, c0, 0
    bx      lr
ENDFUNC cp15_read_dfsr

FUNC cp15_read_ifsr
    mrc     p15, 0, r0, c5, c0, 1
    bx      lr
ENDFUNC cp15_read_ifsr

FUNC cp15_read_far
    mrc     p15, 0, r0, c6, c0, 0
    bx      lr
ENDFUNC cp15_read_far

/* ---- whole-cache operations ---- */

/*
 * Clean and invalidate the whole D-cache with the ARM926's test, clean and invalidate
 * operation: each MRC to r15 handles one dirty line and leaves Z clear while dirty
 * lines remain. Then invalidate the I-cache and drain the write buffer, so memory holds
 * everything and no cache holds anything.
 */
FUNC cp15_flush_kern_all
1:  mrc     p15, 0, APSR_nzcv, c7, c14, 3
    bne     1b
    mov     r0, #0
    mcr     p15, 0, r0, c7, c5, 0
    mcr     p15, 0, r0, c7, c10, 4
    bx      lr
ENDFUNC cp15_flush_kern_all

FUNC cp15_icache_inv_all
    mov     r0, #0
    mcr     p15, 0, r0, c7, c5, 0
    bx      lr
ENDFUNC cp15_icache_inv_all

FUNC cp15_drain_wb
    mov     r0, #0
    mcr     p15, 0, r0, c7, c10, 4
    bx      lr
ENDFUNC cp15_drain_wb

/* ---- D-cache ranges by MVA: r0 = start, r1 = end (exclusive) ---- */

FUNC cp15_dcache_clean_range
    bic     r0, r0, #CACHE_DLINE_MASK
    cmp     r0, r1
    bhs     2f
1:  mcr     p15, 0, r0, c7, c10, 1
    add     r0, r0, #CACHE_DLINE_SIZE
    cmp     r0, r1
    blo     1b
2:  mov     r0, #0
    mcr     p15, 0, r0, c7, c10, 4
    bx      lr
ENDFUNC cp15_dcache_clean_range

/*
 * Invalidate discards dirty data. A partial line at either edge also holds bytes
 * outside the range, so it is cleaned first: the neighbours' data reaches memory and
 * only the range's own bytes are dropped.
 */
FUNC cp15_dcache_inv_range
    cmp     r0, r1
    bhs     2f
    tst     r0, #CACHE_DLINE_MASK
    mcrne   p15, 0, r0, c7, c10, 1
    tst     r1, #CACHE_DLINE_MASK
    mcrne   p15, 0, r1, c7, c10, 1
    bic     r0, r0, #CACHE_DLINE_MASK
1:  mcr     p15, 0, r0, c7, c6, 1
    add     r0, r0, #CACHE_DLINE_SIZE
    cmp     r0, r1
    blo     1b
2:  mov     r0, #0
    mcr     p15, 0, r0, c7, c10, 4
    bx      lr
ENDFUNC cp15_dcache_inv_range

FUNC cp15_dcache_clean_inv_range
    bic     r0, r0, #CACHE_DLINE_MASK
    cmp     r0, r1
    bhs     2f
1:  mcr     p15, 0, r0, c7, c14, 1
    add     r0, r0, #CACHE_DLINE_SIZE
    cmp     r0, r1
    blo     1b
2:  mov     r0, #0
    mcr     p15, 0, r0, c7, c10, 4
    bx      lr
ENDFUNC cp15_dcache_clean_inv_range

/* ---- TLB ---- */

FUNC cp15_tlb_inv_all
    mov     r0, #0
    mcr     p15, 0, r0, c8, c7, 0
    bx      lr
ENDFUNC cp15_tlb_inv_all

/* r0 = a virtual address in the page (or section) whose entry goes. */
FUNC cp15_tlb_inv_mva
    mcr     p15, 0, r0, c8, c7, 1
    bx      lr
ENDFUNC cp15_tlb_inv_mva

/* ---- power ---- */

FUNC cp15_wait_for_interrupt
    mov     r0, #0
    mcr     p15, 0, r0, c7, c0, 4
    bx      lr
ENDFUNC cp15_wait_for_interrupt
