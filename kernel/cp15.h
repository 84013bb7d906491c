/*
 * cp15.h: the kernel's only way to touch the system control coprocessor. Every CP15
 * instruction of the kernel lives in kernel/cp15.S, in the linker section bounded by
 * __cp15_start/__cp15_end (kernel/abi/rom.h names them): the simulator hooks exactly that
 * range, because Unicorn executes cache and TLB maintenance as silent no-ops. The build
 * fails when an MCR/MRC appears anywhere else (kernel/check-cp15).
 *
 * Names follow Linux's cpu_cache_fns / proc-arm926.S. Ranges are [start, end): start
 * inclusive, end exclusive, widened to whole 32-byte lines; every range operation drains
 * the write buffer before it returns.
 *
 * Every accessor is a leaf that touches no memory and no stack, so boot.S can call it
 * at its physical address before the MMU is on.
 */
#ifndef KERNEL_CP15_H
#define KERNEL_CP15_H

#include <stdint.h>

/* Identification and control. */
uint32_t cp15_read_id(void);
uint32_t cp15_read_sctlr(void);
void cp15_write_sctlr(uint32_t v); /* waits until the new setting is in effect */

/* Translation: table base, domains, fast context switch PID. */
uint32_t cp15_read_ttbr0(void);
void cp15_write_ttbr0(uint32_t pa);
void cp15_write_dacr(uint32_t v);
void cp15_write_fcse_pid(uint32_t pid);

/* Fault registers, read by the abort handlers. */
uint32_t cp15_read_dfsr(void);
uint32_t cp15_read_ifsr(void);
uint32_t cp15_read_far(void);

/* Whole-cache operations. */
void cp15_flush_kern_all(void); /* clean+invalidate D, invalidate I, drain WB */
void cp15_icache_inv_all(void);
void cp15_drain_wb(void);

/* D-cache by MVA, [start, end) widened to lines, then drain WB. */
void cp15_dcache_clean_range(uint32_t start, uint32_t end);
void cp15_dcache_inv_range(uint32_t start, uint32_t end); /* partial edge lines: cleaned too */
void cp15_dcache_clean_inv_range(uint32_t start, uint32_t end);

/* TLB. */
void cp15_tlb_inv_all(void);
void cp15_tlb_inv_mva(uint32_t va);

/* Stop the core until an interrupt is pending (it wakes even with CPSR.I set). */
void cp15_wait_for_interrupt(void);

#endif
