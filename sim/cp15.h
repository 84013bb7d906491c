/*
 * cp15.h: interception of the kernel's CP15 operations.
 *
 * Unicorn runs cache and TLB maintenance (MCR p15, c7/c8) as no-ops and fires no
 * instruction hook for them, so the kernel keeps every CP15 access in one linker
 * section (symbols __cp15_start/__cp15_end, kernel/cp15.S). The simulator decodes that
 * section once with capstone and hooks just that range with one code hook (plus its
 * physical alias, for the calls made before the MMU is on). Each hit is recorded as an
 * event for whoever listens (the cache model); SCTLR/TTBR0/DACR writes and TLB
 * operations also keep the host page-table walker in step.
 */
#ifndef CESIM_CP15_H
#define CESIM_CP15_H

#include <stddef.h>
#include <stdint.h>
#include <unicorn/unicorn.h>

/* X(name, L, crn, crm, opc2): L = 1 for MRC (read), 0 for MCR (write); opc1 is 0. */
#define CP15_OP_LIST(X)                   \
    X(READ_ID, 1, 0, 0, 0)                \
    X(READ_CTR, 1, 0, 0, 1)               \
    X(READ_SCTLR, 1, 1, 0, 0)             \
    X(WRITE_SCTLR, 0, 1, 0, 0)            \
    X(READ_TTBR0, 1, 2, 0, 0)             \
    X(WRITE_TTBR0, 0, 2, 0, 0)            \
    X(READ_DACR, 1, 3, 0, 0)              \
    X(WRITE_DACR, 0, 3, 0, 0)             \
    X(READ_DFSR, 1, 5, 0, 0)              \
    X(WRITE_DFSR, 0, 5, 0, 0)             \
    X(READ_IFSR, 1, 5, 0, 1)              \
    X(WRITE_IFSR, 0, 5, 0, 1)             \
    X(READ_FAR, 1, 6, 0, 0)               \
    X(WRITE_FAR, 0, 6, 0, 0)              \
    X(WAIT_FOR_INTERRUPT, 0, 7, 0, 4)     \
    X(INV_IDC_ALL, 0, 7, 7, 0)            \
    X(INV_IC_ALL, 0, 7, 5, 0)             \
    X(INV_IC_MVA, 0, 7, 5, 1)             \
    X(INV_DC_ALL, 0, 7, 6, 0)             \
    X(INV_DC_MVA, 0, 7, 6, 1)             \
    X(CLEAN_DC_MVA, 0, 7, 10, 1)          \
    X(CLEAN_DC_SETWAY, 0, 7, 10, 2)       \
    X(TEST_CLEAN_DC, 1, 7, 10, 3)         \
    X(DRAIN_WB, 0, 7, 10, 4)              \
    X(PREFETCH_IC_MVA, 0, 7, 13, 1)       \
    X(CLEAN_INV_DC_MVA, 0, 7, 14, 1)      \
    X(CLEAN_INV_DC_SETWAY, 0, 7, 14, 2)   \
    X(TEST_CLEAN_INV_DC, 1, 7, 14, 3)     \
    X(TLB_INV_ALL, 0, 8, 7, 0)            \
    X(TLB_INV_MVA, 0, 8, 7, 1)            \
    X(ITLB_INV_ALL, 0, 8, 5, 0)           \
    X(ITLB_INV_MVA, 0, 8, 5, 1)           \
    X(DTLB_INV_ALL, 0, 8, 6, 0)           \
    X(DTLB_INV_MVA, 0, 8, 6, 1)           \
    X(READ_FCSE_PID, 1, 13, 0, 0)         \
    X(WRITE_FCSE_PID, 0, 13, 0, 0)        \
    X(READ_CONTEXT_ID, 1, 13, 0, 1)       \
    X(WRITE_CONTEXT_ID, 0, 13, 0, 1)

enum cp15_op {
    CP15_NONE, /* an ordinary instruction of the section (bx lr, a loop branch) */
#define CP15_OP_ENUM(name, l, crn, crm, opc2) CP15_##name,
    CP15_OP_LIST(CP15_OP_ENUM)
#undef CP15_OP_ENUM
    CP15_OTHER, /* a CP15 access not in the list: counted, passed to Unicorn */
    CP15_OP_COUNT
};

struct cp15_event {
    enum cp15_op op;
    uint32_t value; /* Rd before the instruction: the value written, or the MVA */
    uint32_t pc;    /* virtual address of the instruction */
};

typedef void (*cp15_listener_fn)(void *opaque, const struct cp15_event *ev);

struct cp15 {
    uint32_t start, end; /* [start, end): the section's virtual addresses */
    uint32_t pa_offset;  /* physical alias = VA - pa_offset */
    uint8_t *ops;        /* per word of the section: enum cp15_op */
    uint8_t *rd;         /* per word: the transfer register */
    uint64_t counts[CP15_OP_COUNT];
    cp15_listener_fn listener;
    void *listener_opaque;
    uc_hook hook_va, hook_pa;
};

/* Decode a section's code once. Returns 0, or -1 with a message. */
int cp15_decode(struct cp15 *c, const uint8_t *code, uint32_t start, uint32_t end,
                uint32_t pa_offset, char *err, size_t errlen);
void cp15_free(struct cp15 *c);
const char *cp15_op_name(enum cp15_op op);

#endif
