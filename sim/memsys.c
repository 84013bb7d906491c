/*
 * memsys.c: feeding the cache model from the CPU glue (see memsys.h).
 *
 * Attributes of an access: the C and B bits of its mapping, as the walker found them,
 * masked by SCTLR: with the D-cache off (SCTLR.C = 0) every data access is non-cacheable,
 * with the I-cache off (SCTLR.I = 0) every fetch is; with the MMU off all data accesses
 * are non-cacheable and fetches follow SCTLR.I (ARM926EJ-S TRM, "Enabling the caches").
 */
#include "memsys.h"

#include <stdio.h>
#include <string.h>

#include "armv5.h"
#include "machine.h"

static uint8_t data_attrs(const struct machine *m, const struct mmu_result *r)
{
    uint8_t a = (uint8_t)((r->b ? CM_ATTR_B : 0) | (r->c ? CM_ATTR_C : 0));
    if (!(m->mmu.sctlr & SCTLR_M) || !(m->mmu.sctlr & SCTLR_C))
        a &= (uint8_t)~CM_ATTR_C;
    return (uint8_t)(a | (m->mem.user ? 0 : CM_ATTR_PRIV));
}

static uint8_t fetch_attrs(const struct machine *m, const struct mmu_result *r)
{
    bool cached = (m->mmu.sctlr & SCTLR_I) && (!(m->mmu.sctlr & SCTLR_M) || r->c);
    return (uint8_t)((cached ? CM_ATTR_C : 0) | (m->mem.user ? 0 : CM_ATTR_PRIV));
}

/* One D-side reference. An access the walker refuses is about to abort: the hardware
 * never performs it, so the model does not see it either. */
static void on_mem(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                   void *opaque)
{
    struct machine *m = opaque;
    bool write = type == UC_MEM_WRITE;
    struct mmu_result r;
    cm_ref ref;
    (void)uc;
    (void)value;

    if (mmu_translate(&m->mmu, (uint32_t)addr, write ? MMU_WRITE : MMU_READ, m->mem.user, &r))
        return;
    /* ARMv5 unaligned loads are aligned accesses plus a rotation: the bus sees the
     * aligned address. */
    ref.va = (uint32_t)addr & ~((uint32_t)size - 1u);
    ref.pa = r.pa & ~((uint32_t)size - 1u);
    ref.pc = m->block_pc;
    ref.ctx = m->mem.ctx;
    ref.type = write ? CM_WRITE : CM_READ;
    ref.size = (uint8_t)size;
    ref.attrs = data_attrs(m, &r);
    m->cycles += cm_tlb_access(m->mem.cm, &ref, r.page_log2);
    m->cycles += cm_access(m->mem.cm, &ref);
}

/* I side, line by line (the hardware reads a whole line per fetch): one reference per
 * cache line the block touches, which also charges that instruction's issue cycle;
 * the block's other instructions only issue. */
uint64_t memsys_fetch_block(struct machine *m, uint32_t pc, uint32_t n)
{
    const struct cm_config *cc = cm_model_config(m->mem.cm);
    struct mmu_result r;
    uint64_t cycles = 0;
    uint32_t page = UINT32_MAX, line = UINT32_MAX, refs = 0;
    cm_ref ref = {.ctx = m->mem.ctx, .type = CM_IFETCH, .size = 4};

    m->mem.user = (machine_reg(m, UC_ARM_REG_CPSR) & PSR_MODE_MASK) == PSR_MODE_USR;
    for (uint32_t va = pc; va < pc + 4 * n; va += 4) {
        if (va / cc->line == line)
            continue;
        line = va / cc->line;
        if (va >> 12 != page) {
            /* Unicorn translated this block already, so the walk cannot fail. */
            mmu_translate(&m->mmu, va, MMU_EXEC, m->mem.user, &r);
            page = va >> 12;
            ref.attrs = fetch_attrs(m, &r);
            ref.va = va;
            cycles += cm_tlb_access(m->mem.cm, &ref, r.page_log2);
        }
        ref.va = va;
        ref.pa = (r.pa & ~0xFFFu) | (va & 0xFFFu);
        ref.pc = va;
        cycles += cm_access(m->mem.cm, &ref);
        refs++;
    }
    cm_advance(m->mem.cm, (uint64_t)(n - refs) * cc->timing.issue);
    return cycles + (uint64_t)(n - refs) * cc->timing.issue;
}

/* Address spaces are told apart by their first-level table. */
static void switch_context(struct memsys *ms, uint32_t ttbr)
{
    unsigned i;
    for (i = 0; i < ms->nctx; i++)
        if (ms->ttbr[i] == ttbr)
            break;
    if (i == ms->nctx && ms->nctx < MEMSYS_MAX_CTX)
        ms->ttbr[ms->nctx++] = ttbr;
    ms->ctx = (uint16_t)(i < MEMSYS_MAX_CTX ? i : MEMSYS_MAX_CTX - 1);
}

static int cp15_reftype(enum cp15_op op)
{
    switch (op) {
    case CP15_INV_IDC_ALL: return CM_INV_IDC_ALL;
    case CP15_INV_IC_ALL: return CM_INV_I_ALL;
    case CP15_INV_IC_MVA: return CM_INV_I_MVA;
    case CP15_INV_DC_ALL: return CM_INV_D_ALL;
    case CP15_INV_DC_MVA: return CM_INV_D_MVA;
    case CP15_CLEAN_DC_MVA: return CM_CLEAN_D_MVA;
    case CP15_CLEAN_DC_SETWAY: return CM_CLEAN_D_SETWAY;
    case CP15_CLEAN_INV_DC_MVA: return CM_CLEAN_INV_D_MVA;
    case CP15_CLEAN_INV_DC_SETWAY: return CM_CLEAN_INV_D_SETWAY;
    case CP15_TEST_CLEAN_DC: return CM_TEST_CLEAN_D;
    case CP15_TEST_CLEAN_INV_DC: return CM_TEST_CLEAN_INV_D;
    case CP15_DRAIN_WB: return CM_DRAIN_WB;
    case CP15_TLB_INV_ALL:
    case CP15_ITLB_INV_ALL:
    case CP15_DTLB_INV_ALL: return CM_TLB_INV_ALL;
    case CP15_TLB_INV_MVA:
    case CP15_ITLB_INV_MVA:
    case CP15_DTLB_INV_MVA: return CM_TLB_INV_MVA;
    default: return -1;
    }
}

/* Test-and-clean: QEMU answers Z = 1 at once, so the guest's loop runs one pass; the
 * model runs the loop to its end here, charging every line cleaned. */
static uint64_t test_and_clean(struct memsys *ms, cm_ref *ref)
{
    uint64_t cycles = 0;
    do
        cycles += cm_access(ms->cm, ref);
    while (!cm_test_z(ms->cm));
    return cycles;
}

uint64_t memsys_cp15(struct machine *m, const struct cp15_event *ev)
{
    struct memsys *ms = &m->mem;
    int type = cp15_reftype(ev->op);
    struct mmu_result r;
    cm_ref ref = {.va = ev->value, .pc = ev->pc, .ctx = ms->ctx, .type = (uint8_t)type};

    if (ev->op == CP15_WRITE_TTBR0)
        switch_context(ms, ev->value & 0xFFFFC000u);
    if (type < 0)
        return 0;
    ref.attrs = m->mem.user ? 0 : CM_ATTR_PRIV;
    if (!mmu_translate(&m->mmu, ev->value, MMU_READ, false, &r))
        ref.pa = r.pa; /* by-MVA operations in pipt mode need it */
    if (type == CM_TEST_CLEAN_D || type == CM_TEST_CLEAN_INV_D)
        return test_and_clean(ms, &ref);
    return cm_access(ms->cm, &ref);
}

void memsys_idle(struct machine *m, uint64_t cycles)
{
    if (m->mem.cm)
        cm_advance(m->mem.cm, cycles);
}

void memsys_host_write(struct machine *m, uint32_t pa, uint32_t len)
{
    if (m->mem.cm)
        cm_dma_write(m->mem.cm, pa, len);
}

int memsys_init(struct machine *m, const struct cm_config *cfg, char *err, size_t errlen)
{
    uc_hook h;
    memset(&m->mem, 0, sizeof(m->mem));
    if (!cfg)
        return 0;
    if (cm_model_new(cfg, &m->mem.cm, err, errlen) != CM_OK)
        return -1;
    if (uc_hook_add(m->uc, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, on_mem, m, 1, 0)) {
        snprintf(err, errlen, "cannot install the memory hooks");
        return -1;
    }
    return 0;
}

void memsys_free(struct memsys *ms)
{
    if (ms->cm)
        cm_model_free(ms->cm);
    ms->cm = NULL;
}
