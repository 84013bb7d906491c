/*
 * cp15.c: decoding of the kernel's CP15 section (see cp15.h). Capstone disassembles
 * the section once at set-up; each MCR/MRC to p15 becomes an entry of a per-word
 * table, so the code hook does one array lookup per hit.
 */
#include "cp15.h"

#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cp15_encoding {
    const char *name;
    uint8_t read, crn, crm, opc2;
};

static const struct cp15_encoding encodings[CP15_OP_COUNT] = {
    [CP15_NONE] = {"none", 0, 0, 0, 0},
#define CP15_OP_ROW(n, l, cn, cm, o2) [CP15_##n] = {#n, l, cn, cm, o2},
    CP15_OP_LIST(CP15_OP_ROW)
#undef CP15_OP_ROW
    [CP15_OTHER] = {"OTHER", 0, 0, 0, 0},
};

const char *cp15_op_name(enum cp15_op op)
{
    return op < CP15_OP_COUNT ? encodings[op].name : "?";
}

static enum cp15_op classify(bool read, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2)
{
    if (opc1 != 0)
        return CP15_OTHER;
    for (int op = CP15_NONE + 1; op < CP15_OTHER; op++) {
        const struct cp15_encoding *e = &encodings[op];
        if (e->read == read && e->crn == crn && e->crm == crm && e->opc2 == opc2)
            return (enum cp15_op)op;
    }
    return CP15_OTHER;
}

/* Capstone numbers r0-r12 contiguously and names r13-r15 apart. */
static uint8_t reg_index(unsigned reg)
{
    if (reg >= ARM_REG_R0 && reg <= ARM_REG_R12)
        return (uint8_t)(reg - ARM_REG_R0);
    return reg == ARM_REG_SP ? 13 : reg == ARM_REG_LR ? 14 : 15;
}

/* Capstone 4 lists MCR/MRC operands as: p15, opc1, Rd, CRn, CRm, opc2. */
static int decode_one(struct cp15 *c, const cs_insn *insn, char *err, size_t errlen)
{
    const cs_arm *arm = &insn->detail->arm;
    bool read = insn->id == ARM_INS_MRC;
    uint32_t word = (uint32_t)(insn->address - c->start) / 4;

    if (arm->op_count != 6 || arm->operands[0].type != ARM_OP_PIMM) {
        snprintf(err, errlen, "cp15 section: cannot decode '%s %s' at 0x%08x", insn->mnemonic,
                 insn->op_str, (uint32_t)insn->address);
        return -1;
    }
    if (arm->operands[0].imm != 15)
        return 0; /* another coprocessor: not ours to model */
    c->ops[word] = (uint8_t)classify(read, (unsigned)arm->operands[1].imm,
                                     (unsigned)arm->operands[3].imm,
                                     (unsigned)arm->operands[4].imm,
                                     (unsigned)arm->operands[5].imm);
    c->rd[word] = reg_index(arm->operands[2].reg);
    return 0;
}

int cp15_decode(struct cp15 *c, const uint8_t *code, uint32_t start, uint32_t end,
                uint32_t pa_offset, char *err, size_t errlen)
{
    csh cs;
    cs_insn *insn;
    size_t words = (end - start) / 4;
    int rc = 0;

    if (end <= start || (start | end) & 3u) {
        snprintf(err, errlen, "cp15 section [0x%08x, 0x%08x) is empty or misaligned", start, end);
        return -1;
    }
    c->start = start;
    c->end = end;
    c->pa_offset = pa_offset;
    c->ops = calloc(words, 1);
    c->rd = calloc(words, 1);
    if (!c->ops || !c->rd || cs_open(CS_ARCH_ARM, CS_MODE_ARM, &cs) != CS_ERR_OK) {
        snprintf(err, errlen, "cp15: out of memory or capstone unavailable");
        return -1;
    }
    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
    insn = cs_malloc(cs);
    const uint8_t *p = code;
    size_t left = end - start;
    uint64_t addr = start;
    while (left >= 4 && rc == 0) {
        if (!cs_disasm_iter(cs, &p, &left, &addr, insn)) {
            p += 4; /* data (a literal pool) in the section: skip the word */
            left -= 4;
            addr += 4;
            continue;
        }
        if (insn->id == ARM_INS_MCR || insn->id == ARM_INS_MRC)
            rc = decode_one(c, insn, err, errlen);
    }
    cs_free(insn, 1);
    cs_close(&cs);
    return rc;
}

void cp15_free(struct cp15 *c)
{
    free(c->ops);
    free(c->rd);
    c->ops = c->rd = NULL;
}
