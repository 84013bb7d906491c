/*
 * test_arm_decode.c: host unit tests of the load/store address decoder (sim/arm_decode.c)
 * that the data-abort path uses to compute FAR. Instruction words were assembled once
 * with `arm-none-eabi-as` (`.arch armv5te`) and are pasted here with their source; each
 * expected address is computed by hand in the comment beside it, from one fixed register
 * file (below) and the instruction's address PC, which reads as PC + 8 when used as a
 * base. Each test is a table of cases checked by one helper; every test starts from the
 * same registers and shares nothing with the others.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arm_decode.h"

/* The register file every case decodes against. */
#define PC 0x00008000u
static const uint32_t REGS[16] = {
    [0] = 0xDEAD0000u,  /* a transfer register only: never an address */
    [1] = 0x20001000u,  /* the usual base */
    [2] = 0x00000010u,  /* the usual offset */
    [3] = 0x80000040u,  /* for LSR */
    [4] = 0x00000008u,  /* a small offset */
    [5] = 0xFFFFFF00u,  /* -256, for ASR and LSR #32 */
    [6] = 0x00000123u,  /* for ROR */
    [7] = 0x00000001u,  /* for LSL #31 */
    [8] = 0xDEAD0008u,  /* unused: never an address */
    [9] = 0xDEAD0009u,  /* unused */
    [10] = 0xDEAD000Au, /* unused */
    [11] = 0xDEAD000Bu, /* unused */
    [12] = 0xDEAD000Cu, /* unused */
    [13] = 0x20008000u, /* sp */
    [14] = 0x00008004u, /* lr */
    [15] = PC,          /* as machine.c passes it; the decoder adds 8 */
};

struct mem_case {
    const char *src;
    uint32_t insn;
    uint32_t first, size;
    unsigned count;
    bool write, swap;
};

/* Decode each case (with the given carry) and compare every field of the result. */
static void check_cases(const struct mem_case *c, size_t n, bool carry)
{
    for (size_t i = 0; i < n; i++, c++) {
        struct arm_mem_op op;

        memset(&op, 0xA5, sizeof(op)); /* every field must be written */
        if (!arm_decode_mem(c->insn, PC, REGS, carry, &op))
            fail_msg("%s (%08x): not decoded as a memory access", c->src, c->insn);
        if (op.first != c->first || op.size != c->size || op.count != c->count ||
            op.write != c->write || op.swap != c->swap)
            fail_msg("%s (%08x): got first %08x size %u count %u write %d swap %d, "
                     "expected %08x %u %u %d %d",
                     c->src, c->insn, op.first, op.size, op.count, op.write, op.swap, c->first,
                     c->size, c->count, c->write, c->swap);
    }
}

#define CHECK(cases, carry) check_cases(cases, sizeof(cases) / sizeof(cases[0]), carry)

/* Word loads/stores, 12-bit immediate (addressing mode 2). Writeback changes the base
 * after the access, never the address accessed; post-indexed accesses use the base. */
static void test_ldr_str_immediate(void **state)
{
    static const struct mem_case cases[] = {
        /* r1 + 0x10 = 0x20001010 */
        {"ldr r0, [r1, #0x10]", 0xe5910010u, 0x20001010u, 4, 1, false, false},
        {"ldr r0, [r1, #0x10]!", 0xe5b10010u, 0x20001010u, 4, 1, false, false},
        /* post-indexed: r1 */
        {"ldr r0, [r1], #0x10", 0xe4910010u, 0x20001000u, 4, 1, false, false},
        /* U = 0: r1 - 0x10 = 0x20000FF0 */
        {"str r0, [r1, #-0x10]", 0xe5010010u, 0x20000FF0u, 4, 1, true, false},
        /* largest offset: 0x20001000 - 0xFFF = 0x20000001 */
        {"ldr r0, [r1, #-4095]", 0xe5110fffu, 0x20000001u, 4, 1, false, false},
        {"str r0, [r1], #-4", 0xe4010004u, 0x20001000u, 4, 1, true, false},
        /* the condition does not matter: only executed instructions abort */
        {"ldrne r0, [r1, #0x10]", 0x15910010u, 0x20001010u, 4, 1, false, false},
        /* LDRT (post-indexed, W = 1): r1 */
        {"ldrt r0, [r1], #4", 0xe4b10004u, 0x20001000u, 4, 1, false, false},
    };
    (void)state;
    CHECK(cases, false);
}

/* Scaled register offsets. Immediate shift amount 0 means LSR #32 and ASR #32 (and RRX
 * for ROR), which the decoder must not read as a shift by 0. */
static void test_register_offsets(void **state)
{
    static const struct mem_case cases[] = {
        /* r1 + r2 = 0x20001010; r1 - r2 = 0x20000FF0 */
        {"ldr r0, [r1, r2]", 0xe7910002u, 0x20001010u, 4, 1, false, false},
        {"ldr r0, [r1, -r2]", 0xe7110002u, 0x20000FF0u, 4, 1, false, false},
        /* 0x10 << 2 = 0x40 -> 0x20001040 */
        {"ldr r0, [r1, r2, lsl #2]", 0xe7910102u, 0x20001040u, 4, 1, false, false},
        /* 1 << 31 = 0x80000000 -> 0xA0001000 */
        {"ldr r0, [r1, r7, lsl #31]", 0xe7910f87u, 0xA0001000u, 4, 1, false, false},
        /* 0x80000040 >> 4 = 0x08000004 -> 0x28001004 */
        {"ldr r0, [r1, r3, lsr #4]", 0xe7910223u, 0x28001004u, 4, 1, false, false},
        /* LSR #32 (encoded 0) gives 0 -> r1 (LSL #0 would give r1 - 256 = 0x20000F00) */
        {"ldr r0, [r1, r5, lsr #32]", 0xe7910025u, 0x20001000u, 4, 1, false, false},
        /* 0xFFFFFF00 ASR 4 = 0xFFFFFFF0 = -16 -> 0x20000FF0 */
        {"ldr r0, [r1, r5, asr #4]", 0xe7910245u, 0x20000FF0u, 4, 1, false, false},
        /* ASR #32 (encoded 0) fills with the sign: -1 -> 0x20000FFF */
        {"ldr r0, [r1, r5, asr #32]", 0xe7910045u, 0x20000FFFu, 4, 1, false, false},
        /* ... and with a positive value gives 0 -> r1 */
        {"ldr r0, [r1, r2, asr #32]", 0xe7910042u, 0x20001000u, 4, 1, false, false},
        /* 0x123 ROR 4 = 0x30000012 -> 0x50001012 */
        {"ldr r0, [r1, r6, ror #4]", 0xe7910266u, 0x50001012u, 4, 1, false, false},
        /* post-indexed register: r1 */
        {"ldr r0, [r1], r2, lsl #2", 0xe6910102u, 0x20001000u, 4, 1, false, false},
        /* 0x10 << 3 = 0x80, subtracted: 0x20000F80 */
        {"str r0, [r1, -r2, lsl #3]!", 0xe7210182u, 0x20000F80u, 4, 1, true, false},
    };
    (void)state;
    CHECK(cases, false);
}

/* RRX (ROR encoded with amount 0) shifts the carry flag in at bit 31. */
static void test_rrx_uses_carry(void **state)
{
    /* carry 0: 0x10 >> 1 = 0x8 -> 0x20001008 */
    static const struct mem_case clear[] = {
        {"ldr r0, [r1, r2, rrx]", 0xe7910062u, 0x20001008u, 4, 1, false, false},
    };
    /* carry 1: 0x80000000 | 0x8 -> 0x20001000 + 0x80000008 = 0xA0001008 */
    static const struct mem_case set[] = {
        {"ldr r0, [r1, r2, rrx]", 0xe7910062u, 0xA0001008u, 4, 1, false, false},
    };
    (void)state;
    CHECK(clear, false);
    CHECK(set, true);
}

/* PC as the base reads as the instruction's address + 8 = 0x8008. */
static void test_pc_base(void **state)
{
    static const struct mem_case cases[] = {
        /* 0x8008 + 4 = 0x800C */
        {"ldr r0, [pc, #4]", 0xe59f0004u, 0x0000800Cu, 4, 1, false, false},
        /* 0x8008 - 8 = 0x8000, the instruction itself */
        {"ldr r0, [pc, #-8]", 0xe51f0008u, 0x00008000u, 4, 1, false, false},
        /* 0x8008 - 1 = 0x8007 */
        {"ldrb r0, [pc, #-1]", 0xe55f0001u, 0x00008007u, 1, 1, false, false},
        /* addressing mode 3 too: 0x8008 + 4 = 0x800C */
        {"ldrh r0, [pc, #4]", 0xe1df00b4u, 0x0000800Cu, 2, 1, false, false},
    };
    (void)state;
    CHECK(cases, false);
}

/* Byte loads and stores: B = 1, size 1. */
static void test_bytes(void **state)
{
    static const struct mem_case cases[] = {
        /* r1 + 3 = 0x20001003 */
        {"ldrb r0, [r1, #3]", 0xe5d10003u, 0x20001003u, 1, 1, false, false},
        /* r1 - r2 = 0x20000FF0 */
        {"strb r0, [r1, -r2]", 0xe7410002u, 0x20000FF0u, 1, 1, true, false},
        /* STRBT, post-indexed: r1 */
        {"strbt r0, [r1], -r2", 0xe6610002u, 0x20001000u, 1, 1, true, false},
    };
    (void)state;
    CHECK(cases, false);
}

/* Halfword and signed loads (addressing mode 3): the 8-bit immediate is split in
 * imm4H (bits 11:8) and imm4L (bits 3:0); bit 22 selects immediate or register. */
static void test_halfword_and_signed(void **state)
{
    static const struct mem_case cases[] = {
        /* imm4H 2, imm4L 2: r1 + 0x22 = 0x20001022 */
        {"ldrh r0, [r1, #0x22]", 0xe1d102b2u, 0x20001022u, 2, 1, false, false},
        /* imm4H F, imm4L F, U = 0: r1 - 0xFF = 0x20000F01 */
        {"ldrh r0, [r1, #-0xff]", 0xe1510fbfu, 0x20000F01u, 2, 1, false, false},
        {"ldrh r0, [r1, #0x10]!", 0xe1f101b0u, 0x20001010u, 2, 1, false, false},
        /* register: r1 + r2 = 0x20001010 */
        {"strh r0, [r1, r2]", 0xe18100b2u, 0x20001010u, 2, 1, true, false},
        /* post-indexed, immediate and register: r1 */
        {"strh r0, [r1], #-2", 0xe04100b2u, 0x20001000u, 2, 1, true, false},
        {"ldrh r0, [r1], r2", 0xe09100b2u, 0x20001000u, 2, 1, false, false},
        /* LDRSB (SH = 10): size 1. r1 + 1; r1 - r2 */
        {"ldrsb r0, [r1, #1]", 0xe1d100d1u, 0x20001001u, 1, 1, false, false},
        {"ldrsb r0, [r1, -r2]", 0xe11100d2u, 0x20000FF0u, 1, 1, false, false},
        /* LDRSH (SH = 11): size 2. r1 - r2; post-indexed r1 */
        {"ldrsh r0, [r1, -r2]", 0xe11100f2u, 0x20000FF0u, 2, 1, false, false},
        {"ldrsh r0, [r1], #2", 0xe0d100f2u, 0x20001000u, 2, 1, false, false},
    };
    (void)state;
    CHECK(cases, false);
}

/* LDRD (L = 0, SH = 10) and STRD (L = 0, SH = 11): two words at first, first + 4. */
static void test_doubleword(void **state)
{
    static const struct mem_case cases[] = {
        /* r1 + 8 = 0x20001008 */
        {"ldrd r2, [r1, #8]", 0xe1c120d8u, 0x20001008u, 4, 2, false, false},
        /* r1 - 0x10 = 0x20000FF0 */
        {"ldrd r2, [r1, #-0x10]", 0xe14121d0u, 0x20000FF0u, 4, 2, false, false},
        /* r1 - r4 = 0x20001000 - 8 = 0x20000FF8 */
        {"strd r2, [r1, -r4]", 0xe10120f4u, 0x20000FF8u, 4, 2, true, false},
        /* post-indexed: r1 */
        {"strd r2, [r1], #-8", 0xe04120f8u, 0x20001000u, 4, 2, true, false},
        /* pre-indexed with writeback: r1 + r2 = 0x20001010; r1 + 0x10 likewise */
        {"ldrd r4, [r1, r2]!", 0xe1a140d2u, 0x20001010u, 4, 2, false, false},
        {"strd r4, [r1, #0x10]!", 0xe1e141f0u, 0x20001010u, 4, 2, true, false},
    };
    (void)state;
    CHECK(cases, false);
}

/* LDM/STM (addressing mode 4) with n registers from base Rn:
 * IA first = Rn, IB Rn + 4, DA Rn - 4n + 4, DB Rn - 4n; n word accesses. */
static void test_ldm_stm_modes(void **state)
{
    static const struct mem_case cases[] = {
        /* IA, n = 3: r1 */
        {"ldmia r1, {r0, r2, r3}", 0xe891000du, 0x20001000u, 4, 3, false, false},
        /* IA, n = 1 */
        {"ldmia r1, {r0}", 0xe8910001u, 0x20001000u, 4, 1, false, false},
        /* IA with writeback (pop), n = 2: sp = 0x20008000 */
        {"pop {r4, pc}", 0xe8bd8010u, 0x20008000u, 4, 2, false, false},
        /* IB, n = 8: r1 + 4 = 0x20001004 */
        {"ldmib r1!, {r2-r9}", 0xe9b103fcu, 0x20001004u, 4, 8, false, false},
        /* IB, n = 1: r1 + 4 */
        {"stmib r1, {r5}", 0xe9810020u, 0x20001004u, 4, 1, true, false},
        /* DA, n = 2: r1 - 8 + 4 = 0x20000FFC */
        {"stmda r1, {r0, r4}", 0xe8010011u, 0x20000FFCu, 4, 2, true, false},
        /* DA, n = 4: r1 - 16 + 4 = 0x20000FF4 */
        {"ldmda r1, {r0-r3}", 0xe811000fu, 0x20000FF4u, 4, 4, false, false},
        /* DB with writeback (push), n = 9: sp - 36 = 0x20008000 - 0x24 = 0x20007FDC */
        {"push {r4-r11, lr}", 0xe92d4ff0u, 0x20007FDCu, 4, 9, true, false},
        /* DB, n = 16: r1 - 64 = 0x20000FC0 */
        {"ldmdb r1, {r0-r15}", 0xe911ffffu, 0x20000FC0u, 4, 16, false, false},
    };
    (void)state;
    CHECK(cases, false);
}

/* SWP/SWPB: one read then one write of [Rn]; reported as a read with swap set. */
static void test_swap(void **state)
{
    static const struct mem_case cases[] = {
        /* [r2] = 0x10 */
        {"swp r0, r1, [r2]", 0xe1020091u, 0x00000010u, 4, 1, false, true},
        {"swpb r0, r1, [r2]", 0xe1420091u, 0x00000010u, 1, 1, false, true},
        /* [sp] = 0x20008000, conditional */
        {"swpne r3, r3, [sp]", 0x110d3093u, 0x20008000u, 4, 1, false, true},
    };
    (void)state;
    CHECK(cases, false);
}

/* Instructions that access no data memory through this path return false. */
static void test_not_memory(void **state)
{
    static const struct {
        const char *src;
        uint32_t insn;
    } cases[] = {
        {"add r0, r1, r2", 0xe0810002u},
        {"mov r0, r1, lsl r2", 0xe1a00211u}, /* register shift: bit 4 set, bit 7 clear */
        {"mul r0, r1, r2", 0xe0000291u},     /* bits 7:4 = 1001 like SWP, SH = 00 */
        {"mla r0, r1, r2, r3", 0xe0203291u},
        {"umull r0, r1, r2, r3", 0xe0810392u},
        {"smlabb r0, r1, r2, r3", 0xe1003281u}, /* bit 7 set, bit 4 clear */
        {"clz r0, r1", 0xe16f0f11u},
        {"mrs r0, cpsr", 0xe10f0000u},
        {"msr cpsr_c, #0xd3", 0xe321f0d3u},
        {"b .", 0xeafffffeu},
        {"bl .", 0xebfffffeu},
        {"bx lr", 0xe12fff1eu},
        {"blx r3", 0xe12fff33u},
        {"mrc p15, 0, r0, c1, c0, 0", 0xee110f10u},
        {"mcr p15, 0, r0, c8, c7, 0", 0xee080f17u},
        {"svc #0", 0xef000000u},
        {"pld [r1, #4]", 0xf5d1f004u},     /* unconditional space: a hint, never aborts */
        {"blx .+8", 0xfa000000u},          /* unconditional space */
        {".word 0xe7f000f0", 0xe7f000f0u}, /* permanently undefined (bits 27:25 = 011, bit 4) */
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct arm_mem_op op;

        if (arm_decode_mem(cases[i].insn, PC, REGS, false, &op))
            fail_msg("%s (%08x): decoded as a memory access", cases[i].src, cases[i].insn);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ldr_str_immediate),
        cmocka_unit_test(test_register_offsets),
        cmocka_unit_test(test_rrx_uses_carry),
        cmocka_unit_test(test_pc_base),
        cmocka_unit_test(test_bytes),
        cmocka_unit_test(test_halfword_and_signed),
        cmocka_unit_test(test_doubleword),
        cmocka_unit_test(test_ldm_stm_modes),
        cmocka_unit_test(test_swap),
        cmocka_unit_test(test_not_memory),
    };

    return cmocka_run_group_tests_name("arm_decode", tests, NULL, NULL);
}
