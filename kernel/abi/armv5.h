/*
 * armv5.h: ARMv5 (ARM926EJ-S) architectural bit layouts, declared once for the guest
 * kernel and the host simulator (the host's page-table walker and exception entry
 * must agree bit for bit with what the kernel writes). Sources: ARM Architecture
 * Reference Manual (ARM DDI 0100), ARM926EJ-S TRM (ARM DDI 0198).
 */
#ifndef CESIM_ARMV5_H
#define CESIM_ARMV5_H

/* CPSR / SPSR. */
#define PSR_MODE_MASK 0x1Fu
#define PSR_MODE_USR 0x10u
#define PSR_MODE_FIQ 0x11u
#define PSR_MODE_IRQ 0x12u
#define PSR_MODE_SVC 0x13u
#define PSR_MODE_ABT 0x17u
#define PSR_MODE_UND 0x1Bu
#define PSR_MODE_SYS 0x1Fu
#define PSR_T 0x20u /* Thumb state */
#define PSR_F 0x40u /* FIQ disabled */
#define PSR_I 0x80u /* IRQ disabled */

/* Exception vector offsets from the vector base (0 or 0xFFFF0000 with SCTLR.V). */
#define VEC_RESET 0x00u
#define VEC_UNDEF 0x04u
#define VEC_SWI 0x08u
#define VEC_PABT 0x0Cu
#define VEC_DABT 0x10u
#define VEC_IRQ 0x18u
#define VEC_FIQ 0x1Cu
#define VEC_HIGH_BASE 0xFFFF0000u

/* SCTLR (CP15 c1). */
#define SCTLR_M (1u << 0)  /* MMU enable */
#define SCTLR_A (1u << 1)  /* alignment fault checking */
#define SCTLR_C (1u << 2)  /* D-cache enable */
#define SCTLR_W (1u << 3)  /* write buffer enable */
#define SCTLR_S (1u << 8)  /* system protection (AP = 00 read-only for privileged) */
#define SCTLR_R (1u << 9)  /* ROM protection (AP = 00 read-only for all) */
#define SCTLR_I (1u << 12) /* I-cache enable */
#define SCTLR_V (1u << 13) /* high vectors */
#define SCTLR_RR (1u << 14) /* round-robin replacement (0 = random) */

/* First-level descriptors (short format, 4096 entries of 1 MB). */
#define L1_TYPE_MASK 0x3u
#define L1_TYPE_FAULT 0x0u
#define L1_TYPE_COARSE 0x1u
#define L1_TYPE_SECTION 0x2u
#define L1_TYPE_FINE 0x3u
#define L1_B (1u << 2) /* section: bufferable */
#define L1_C (1u << 3) /* section: cacheable */
#define L1_BIT4 (1u << 4) /* must be 1 on ARMv5 for sections and tables */
#define L1_DOMAIN_SHIFT 5u
#define L1_DOMAIN_MASK (0xFu << L1_DOMAIN_SHIFT)
#define L1_SECTION_AP_SHIFT 10u
#define L1_SECTION_BASE_MASK 0xFFF00000u
#define L1_COARSE_BASE_MASK 0xFFFFFC00u
#define L1_FINE_BASE_MASK 0xFFFFF000u
#define L1_INDEX_SHIFT 20u

/* Second-level descriptors. Coarse: 256 entries (4 KB each); fine: 1024 (1 KB each). */
#define L2_TYPE_MASK 0x3u
#define L2_TYPE_FAULT 0x0u
#define L2_TYPE_LARGE 0x1u /* 64 KB */
#define L2_TYPE_SMALL 0x2u /* 4 KB */
#define L2_TYPE_TINY 0x3u  /* 1 KB, fine tables only */
#define L2_B (1u << 2)
#define L2_C (1u << 3)
#define L2_AP0_SHIFT 4u /* AP0..AP3 at bits 4, 6, 8, 10 for the four subpages */
#define L2_LARGE_BASE_MASK 0xFFFF0000u
#define L2_SMALL_BASE_MASK 0xFFFFF000u
#define L2_TINY_BASE_MASK 0xFFFFFC00u
#define L2_COARSE_INDEX(va) (((va) >> 12) & 0xFFu)
#define L2_FINE_INDEX(va) (((va) >> 10) & 0x3FFu)

/* Access permissions (AP field). */
#define AP_NONE 0x0u      /* no access (or read-only with SCTLR S/R) */
#define AP_PRIV_RW 0x1u   /* privileged read/write, user none */
#define AP_USER_RO 0x2u   /* privileged read/write, user read-only */
#define AP_RW 0x3u        /* read/write for all */

/* Domain access control (DACR, two bits per domain). */
#define DACR_NONE 0x0u
#define DACR_CLIENT 0x1u
#define DACR_MANAGER 0x3u

/* Fault status (FSR[3:0]); FSR[7:4] holds the domain (ARM926EJ-S TRM, fault status
 * encoding). */
#define FSR_VECTOR 0x0u
#define FSR_ALIGNMENT 0x1u
#define FSR_ALIGNMENT_ALT 0x3u
#define FSR_LINEFETCH_SECTION 0x4u
#define FSR_LINEFETCH_PAGE 0x6u
#define FSR_EXT_ABORT_SECTION 0x8u
#define FSR_EXT_ABORT_PAGE 0xAu
#define FSR_EXT_ABORT_L1 0xCu
#define FSR_EXT_ABORT_L2 0xEu
#define FSR_TRANSLATION_SECTION 0x5u
#define FSR_TRANSLATION_PAGE 0x7u
#define FSR_DOMAIN_SECTION 0x9u
#define FSR_DOMAIN_PAGE 0xBu
#define FSR_PERMISSION_SECTION 0xDu
#define FSR_PERMISSION_PAGE 0xFu
#define FSR_STATUS_MASK 0xFu
#define FSR_DOMAIN_SHIFT 4u
#define FSR_DOMAIN_MASK (0xFu << FSR_DOMAIN_SHIFT)
#define FSR_WRITE (1u << 11) /* ARMv6 WnR; not set by ARMv5, kept for reference */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* FSR[3:0] in words, the same on both sides (kernel panics and kill lines, simulator
 * reports). */
static inline const char *armv5_fsr_name(uint32_t fsr)
{
    static const char *const names[FSR_STATUS_MASK + 1] = {
        [FSR_VECTOR] = "vector exception",
        [FSR_ALIGNMENT] = "alignment fault",
        [FSR_ALIGNMENT_ALT] = "alignment fault",
        [FSR_LINEFETCH_SECTION] = "external abort on linefetch (section)",
        [FSR_TRANSLATION_SECTION] = "translation fault (section)",
        [FSR_LINEFETCH_PAGE] = "external abort on linefetch (page)",
        [FSR_TRANSLATION_PAGE] = "translation fault (page)",
        [FSR_EXT_ABORT_SECTION] = "external abort (section)",
        [FSR_DOMAIN_SECTION] = "domain fault (section)",
        [FSR_EXT_ABORT_PAGE] = "external abort (page)",
        [FSR_DOMAIN_PAGE] = "domain fault (page)",
        [FSR_EXT_ABORT_L1] = "external abort on translation (first level)",
        [FSR_PERMISSION_SECTION] = "permission fault (section)",
        [FSR_EXT_ABORT_L2] = "external abort on translation (second level)",
        [FSR_PERMISSION_PAGE] = "permission fault (page)",
    };
    const char *n = names[fsr & FSR_STATUS_MASK];
    return n ? n : "unknown fault status";
}

/* The CPSR mode field in words: "usr", "svc" ... */
static inline const char *armv5_mode_name(uint32_t psr)
{
    switch (psr & PSR_MODE_MASK) {
    case PSR_MODE_USR: return "usr";
    case PSR_MODE_FIQ: return "fiq";
    case PSR_MODE_IRQ: return "irq";
    case PSR_MODE_SVC: return "svc";
    case PSR_MODE_ABT: return "abt";
    case PSR_MODE_UND: return "und";
    case PSR_MODE_SYS: return "sys";
    default: return "invalid";
    }
}
#endif

#endif
