/*
 * arm_decode.h: the data accesses of one ARM-state instruction, for the abort path.
 *
 * Unicorn reports a data abort with the PC of the faulting instruction and nothing
 * else; the simulator must compute FAR and DFSR itself. This decoder turns the
 * instruction word and the registers into the addresses it accesses, which the
 * page-table walker then checks one by one (the first that faults is the FAR).
 * ARMv5TE load/store encodings only (ARM ARM A3.11-A3.13, A5.2-A5.5).
 */
#ifndef CESIM_ARM_DECODE_H
#define CESIM_ARM_DECODE_H

#include <stdbool.h>
#include <stdint.h>

struct arm_mem_op {
    uint32_t first;   /* address of the first access */
    uint32_t size;    /* bytes per access: 1, 2, 4 */
    unsigned count;   /* accesses, at first, first + size, ... */
    bool write;       /* store (or the write half of a swap) */
    bool swap;        /* SWP/SWPB: read then write the same address */
    bool user;        /* LDRT/STRT/LDRBT/STRBT: checked with user permissions */
};

/* Decode `insn` at address `pc` with registers `regs` (r15 = pc) and the CPSR's carry.
 * Returns true and fills `op` for a load, store, LDM/STM, SWP; false otherwise. */
bool arm_decode_mem(uint32_t insn, uint32_t pc, const uint32_t regs[16], bool carry,
                    struct arm_mem_op *op);

#endif
