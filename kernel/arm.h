/*
 * arm.h: every ARMv5 (ARM926EJ-S) bit layout the kernel uses, in one header: CPSR
 * modes and bits, SCTLR bits, first- and second-level descriptor fields, access
 * permissions, cache attributes, domain access, fault status codes. The layouts the
 * host simulator must agree with live in kernel/abi/armv5.h; this header adds what
 * only the kernel needs, and descriptor builders, so no C or assembly file carries a
 * bare mask.
 *
 * Safe to include from assembly: GAS (binutils 2.40) accepts the C `u` suffix, except on
 * a bare decimal zero, so zero constants are written 0x0u. The inline helpers at the end
 * are C only.
 */
#ifndef KERNEL_ARM_H
#define KERNEL_ARM_H

#include "armv5.h"
#include "vm.h"

/* Cache geometry the range operations rely on (spec/arm926.md: 32-byte lines). */
#define CACHE_DLINE_SIZE 32u
#define CACHE_DLINE_MASK (CACHE_DLINE_SIZE - 1u)
/* Above this many bytes a whole-cache operation is cheaper than one per line (Linux
 * CACHE_DLIMIT for the ARM926); K3 allows it. */
#define CACHE_DLIMIT 16384u

/* The one domain the kernel uses for every mapping; DACR makes it a client domain
 * (permissions checked). */
#define KERNEL_DOMAIN 0x0u
#define DACR_DOMAIN(d, access) ((access) << (2u * (d)))

/* The CPSR/SPSR bits ARMv5TEJ defines: N Z C V Q, J, and the control byte (I F T mode).
 * The rest is reserved there; emulators differ in what they leave in it (QEMU sets the
 * ARMv6 A bit), so dumps print only these. */
#define PSR_NZCVQ_MASK 0xF8000000u
#define PSR_J (1u << 24)
#define PSR_CONTROL_MASK 0xFFu
#define PSR_V5_DEFINED (PSR_NZCVQ_MASK | PSR_J | PSR_CONTROL_MASK)

/* FCSE PID register (c13): the PID sits in bits [31:25]. */
#define FCSE_PID_SHIFT 25u

/* First-level section descriptor: base | AP | domain | bit 4 | C B | type. */
#define L1_SECTION_AP(ap) ((ap) << L1_SECTION_AP_SHIFT)
#define L1_DOMAIN(d) ((d) << L1_DOMAIN_SHIFT)
#define L1_ENTRIES 4096u
#define L1_TABLE_SIZE (L1_ENTRIES * 4u) /* 16 KB, and TTBR0 wants it 16 KB aligned */
#define L1_TABLE_ALIGN L1_TABLE_SIZE
#define L1_INDEX(va) ((va) >> L1_INDEX_SHIFT)
#define L1_SECTION(pa, ap, cb)                                                                     \
    (((pa)&L1_SECTION_BASE_MASK) | L1_SECTION_AP(ap) | L1_DOMAIN(KERNEL_DOMAIN) | L1_BIT4 | (cb) | \
     L1_TYPE_SECTION)
#define L1_COARSE(pa)                                                                              \
    (((pa)&L1_COARSE_BASE_MASK) | L1_DOMAIN(KERNEL_DOMAIN) | L1_BIT4 | L1_TYPE_COARSE)

/* Second-level (coarse table) small page: base | AP3..AP0 (same for the four 1 KB
 * subpages) | C B | type. */
#define TINY_PAGE_SIZE 1024u /* ARMv5's smallest translation granule (fine tables) */
#define L2_ENTRIES 256u
#define L2_TABLE_SIZE (L2_ENTRIES * 4u) /* 1 KB, 1 KB aligned */
#define L2_TABLE_ALIGN L2_TABLE_SIZE
#define L2_SMALL_AP(ap)                                                                            \
    (((ap) << L2_AP0_SHIFT) | ((ap) << (L2_AP0_SHIFT + 2u)) | ((ap) << (L2_AP0_SHIFT + 4u)) |      \
     ((ap) << (L2_AP0_SHIFT + 6u)))
#define L2_SMALL(pa, ap, cb) (((pa)&L2_SMALL_BASE_MASK) | L2_SMALL_AP(ap) | (cb) | L2_TYPE_SMALL)

#define AP_MASK 0x3u /* one AP field */

/* C/B attribute pairs (spec/arm926.md); the bit positions are the same in sections and
 * small pages, so one value serves both. */
#define ATTR_UNCACHED 0x0u           /* C=0 B=0: strongly ordered, for devices */
#define ATTR_BUFFERED L1_B           /* C=0 B=1: uncached, writes buffered */
#define ATTR_WRITETHROUGH L1_C       /* C=1 B=0 */
#define ATTR_WRITEBACK (L1_C | L1_B) /* C=1 B=1: normal kernel memory */
#define ATTR_MASK (L1_C | L1_B)

/* Instruction encodings the exception handlers look at. */
#define ARM_INSN_SIZE 4u
#define ARM_SWI_IMM_MASK 0x00FFFFFFu
#define THUMB_INSN_SIZE 2u
#define THUMB_SWI_IMM_MASK 0xFFu

/* How far the exception's LR is past the instruction of interest (ARM state). */
#define EXC_LR_OFFSET_UNDEF 4u /* LR = faulting instruction + 4 */
#define EXC_LR_OFFSET_PABT 4u  /* LR = aborted instruction + 4 */
#define EXC_LR_OFFSET_DABT 8u  /* LR = aborting instruction + 8 */
#define EXC_LR_OFFSET_IRQ 4u   /* LR = next instruction + 4 */
#define EXC_LR_OFFSET_FIQ 4u

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline uint32_t arm_read_cpsr(void)
{
    uint32_t v;
    __asm__ volatile("mrs %0, cpsr" : "=r"(v));
    return v;
}

/* msr cpsr_c writes only the control byte (mode, I, F, T): flags stay. */

/* Unmask IRQs. "memory": nothing may be moved out of the masked region. */
static inline void arm_irq_enable(void)
{
    __asm__ volatile("msr cpsr_c, %0" ::"r"(arm_read_cpsr() & ~PSR_I) : "memory");
}

/* Mask IRQs and return the previous CPSR for arm_irq_restore(). */
static inline uint32_t arm_irq_save(void)
{
    uint32_t old = arm_read_cpsr();
    __asm__ volatile("msr cpsr_c, %0" ::"r"(old | PSR_I) : "memory");
    return old;
}

static inline void arm_irq_restore(uint32_t old)
{
    __asm__ volatile("msr cpsr_c, %0" ::"r"(old) : "memory");
}
#endif

#endif
