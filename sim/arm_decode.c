/*
 * arm_decode.c: address computation of ARMv5TE loads and stores (see arm_decode.h).
 * Register values read as the instruction would: r15 reads as the address plus 8.
 */
#include "arm_decode.h"

#define BIT(x, n) (((x) >> (n)) & 1u)
#define FIELD(x, lo, w) (((x) >> (lo)) & ((1u << (w)) - 1u))

static uint32_t reg(const uint32_t regs[16], unsigned n, uint32_t pc)
{
    return n == 15 ? pc + 8 : regs[n];
}

/* Immediate-shifted register (addressing mode 2, scaled register offset). */
static uint32_t shifted(uint32_t v, unsigned type, unsigned amount, bool carry)
{
    switch (type) {
    case 0: return v << amount;                                  /* LSL */
    case 1: return amount ? v >> amount : 0;                     /* LSR #32 when 0 */
    case 2: return amount ? (uint32_t)((int32_t)v >> amount)     /* ASR */
                          : (uint32_t)((int32_t)v >> 31);
    default:
        if (amount == 0)
            return ((uint32_t)carry << 31) | (v >> 1);           /* RRX */
        return (v >> amount) | (v << (32 - amount));             /* ROR */
    }
}

/* Apply P/U: the address used by the access (pre-indexed) or the base (post-indexed). */
static uint32_t index_address(uint32_t insn, uint32_t base, uint32_t offset)
{
    if (!BIT(insn, 24))
        return base;
    return BIT(insn, 23) ? base + offset : base - offset;
}

/* LDR, STR, LDRB, STRB (addressing mode 2). */
static bool decode_single(uint32_t insn, uint32_t pc, const uint32_t regs[16], bool carry,
                          struct arm_mem_op *op)
{
    uint32_t base = reg(regs, FIELD(insn, 16, 4), pc);
    uint32_t offset = BIT(insn, 25)
        ? shifted(reg(regs, FIELD(insn, 0, 4), pc), FIELD(insn, 5, 2), FIELD(insn, 7, 5), carry)
        : FIELD(insn, 0, 12);
    if (BIT(insn, 25) && BIT(insn, 4))
        return false; /* media / undefined space */
    op->first = index_address(insn, base, offset);
    op->size = BIT(insn, 22) ? 1 : 4;
    op->count = 1;
    op->write = !BIT(insn, 20);
    op->user = !BIT(insn, 24) && BIT(insn, 21); /* post-indexed with W: the T forms */
    return true;
}

/* LDRH, STRH, LDRSB, LDRSH, LDRD, STRD (addressing mode 3). */
static bool decode_extra(uint32_t insn, uint32_t pc, const uint32_t regs[16],
                         struct arm_mem_op *op)
{
    unsigned sh = FIELD(insn, 5, 2);
    bool load = BIT(insn, 20);
    uint32_t base = reg(regs, FIELD(insn, 16, 4), pc);
    uint32_t offset = BIT(insn, 22) ? (FIELD(insn, 8, 4) << 4) | FIELD(insn, 0, 4)
                                    : reg(regs, FIELD(insn, 0, 4), pc);
    op->first = index_address(insn, base, offset);
    op->count = 1;
    if (!load && sh != 1) { /* LDRD (sh 2) and STRD (sh 3) have L = 0 */
        op->size = 4;
        op->count = 2;
        op->write = sh == 3;
        return true;
    }
    op->size = sh == 2 ? 1 : 2;
    op->write = !load;
    return true;
}

/* LDM, STM (addressing mode 4). */
static void decode_multiple(uint32_t insn, const uint32_t regs[16], uint32_t pc,
                            struct arm_mem_op *op)
{
    unsigned n = (unsigned)__builtin_popcount(insn & 0xFFFFu);
    uint32_t base = reg(regs, FIELD(insn, 16, 4), pc);
    bool up = BIT(insn, 23), pre = BIT(insn, 24);
    if (up)
        op->first = pre ? base + 4 : base;
    else
        op->first = pre ? base - 4 * n : base - 4 * n + 4;
    op->size = 4;
    op->count = n ? n : 1; /* an empty list still accesses (UNPREDICTABLE): say one */
    op->write = !BIT(insn, 20);
}

bool arm_decode_mem(uint32_t insn, uint32_t pc, const uint32_t regs[16], bool carry,
                    struct arm_mem_op *op)
{
    op->swap = false;
    op->user = false;
    if (FIELD(insn, 28, 4) == 0xF)
        return false; /* unconditional space: PLD and friends do not abort */
    switch (FIELD(insn, 25, 3)) {
    case 2:
    case 3:
        return decode_single(insn, pc, regs, carry, op);
    case 4:
        decode_multiple(insn, regs, pc, op);
        return true;
    case 0:
        if ((insn & 0x0FB00FF0u) == 0x01000090u) { /* SWP, SWPB */
            op->first = reg(regs, FIELD(insn, 16, 4), pc);
            op->size = BIT(insn, 22) ? 1 : 4;
            op->count = 1;
            op->write = false;
            op->swap = true;
            return true;
        }
        if (BIT(insn, 7) && BIT(insn, 4) && FIELD(insn, 5, 2) != 0)
            return decode_extra(insn, pc, regs, op);
        return false;
    default:
        return false;
    }
}
