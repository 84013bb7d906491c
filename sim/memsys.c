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

#include <assert.h>
#include <stdlib.h>

#include "arm_decode.h"
#include "armv5.h"
#include "board.h"
#include "machine.h"
#include "trace.h"
#include "vm.h"

/* Key of what is remembered now (blocks, data pages): changes with every CP15 epoch and every walk.
 * Both only grow, so their sum does whenever either does. */
static uint64_t block_key(const struct machine *m)
{
    return m->mem.epoch + m->mmu.walks;
}

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

/*
 * The translation of the last data page used for reading or for writing, kept while
 * the walker's TLB keeps its entry (same key as the remembered blocks: no walk, no CP15
 * change since) for the same mode: mmu_translate would serve exactly this from its TLB.
 */
static bool data_page_hit(struct machine *m, const struct memsys_page *p, uint32_t va)
{
    return p->key == block_key(m) && p->va_page == va >> 12 && p->user == m->mem.user &&
           m->mmu.tlb[(va >> 12) % MMU_TLB_ENTRIES].va_page == va >> 12;
}

/* Translate va for a data access of the current mode; false if the walker refuses it. */
static bool data_translate(struct machine *m, uint32_t va, bool write, uint32_t *pa, uint8_t *attrs,
                           unsigned *page_log2)
{
    struct memsys_page *p = &m->mem.data_page[write];
    struct mmu_result r;
    if (data_page_hit(m, p, va)) {
        m->mmu.tlb_hits++;
        *pa = p->pa_page << 12 | (va & 0xFFFu);
        *attrs = p->attrs;
        *page_log2 = p->page_log2;
        return true;
    }
    if (mmu_translate(&m->mmu, va, write ? MMU_WRITE : MMU_READ, m->mem.user, &r))
        return false;
    *pa = r.pa;
    *attrs = data_attrs(m, &r);
    *page_log2 = r.page_log2;
    p->key = 0;
    if (mmu_enabled(&m->mmu) && m->mmu.tlb[(va >> 12) % MMU_TLB_ENTRIES].va_page == va >> 12) {
        p->va_page = va >> 12;
        p->pa_page = r.pa >> 12;
        p->attrs = *attrs;
        p->page_log2 = r.page_log2;
        p->user = m->mem.user;
        p->key = block_key(m);
    }
    return true;
}

/* One D-side reference. An access the walker refuses is about to abort: the hardware
 * never performs it, so the model does not see it either. */
/* K5: remember (once per block and thread, with a count) a user-address access made by
 * a kernel thread that serves no caller: whatever address space is mapped, it is not
 * the caller's. */
static void note_k5(struct machine *m, const cm_ref *ref)
{
    struct memsys *ms = &m->mem;
    uint32_t tid = m->kobs.k->cur_tid;
    for (unsigned i = 0; i < ms->nk5; i++) {
        if (ms->k5[i].pc == ref->pc && ms->k5[i].tid == tid) {
            ms->k5[i].count++;
            return;
        }
    }
    if (ms->nk5 == MEMSYS_K5_MAX) {
        ms->k5_dropped++;
        return;
    }
    ms->k5[ms->nk5++] = (struct memsys_k5){ref->pc, ref->va, ref->pa, tid, m->kobs.k->cur_pid,
                                           ref->type == CM_WRITE, 1};
}

/* The two sides of an alias's price (uncached accesses), and K5 misuse. Only user
 * addresses and uncached accesses come here. */
static void note_side(struct machine *m, const cm_ref *ref, uint32_t cycles)
{
    struct memsys_side_stats *st = NULL;
    if (ref->va < VM_KERNEL_BASE && kobs_no_caller(&m->kobs))
        note_k5(m, ref);
    /* With the MMU off (early boot) every access is uncached at its physical address. */
    if ((ref->attrs & CM_ATTR_C) || !mmu_enabled(&m->mmu))
        return;
    if (kobs_is_alias(&m->kobs, ref->va))
        st = &m->mem.side[MEMSYS_SIDE_ALIAS];
    else if (ref->va < VM_KERNEL_BASE)
        st = &m->mem.side[MEMSYS_SIDE_USER];
    if (!st)
        return;
    if (ref->type == CM_WRITE)
        st->writes++;
    else
        st->reads++;
    st->cycles += cycles;
}

/* A traced access: the same reference, and what it did, from the statistics around it
 * (slow, but only for the instructions of the --trace window). */
static uint32_t traced_access(struct machine *m, const cm_ref *ref, unsigned page_log2)
{
    struct cm_stats before, after;
    uint32_t cycles;
    const char *outcome = "hit";
    cm_stats_get(m->mem.cm, CM_ALL, CM_ALL, &before);
    cycles = cm_access_tlb(m->mem.cm, ref, page_log2);
    cm_stats_get(m->mem.cm, CM_ALL, CM_ALL, &after);
    if (!(ref->attrs & CM_ATTR_C))
        outcome = "uncached";
    else if (after.dcache.miss[ref->type] != before.dcache.miss[ref->type])
        outcome = "miss";
    trace_mem(m->trace, ref->type == CM_WRITE, ref->va, ref->pa, ref->size, outcome, cycles);
    return cycles;
}

static void on_mem(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                   void *opaque)
{
    struct machine *m = opaque;
    bool write = type == UC_MEM_WRITE;
    uint32_t pa, cycles;
    unsigned page_log2;
    cm_ref ref;
    (void)uc;
    (void)value;

    if (!data_translate(m, (uint32_t)addr, write, &pa, &ref.attrs, &page_log2))
        return;
    /* ARMv5 unaligned loads are aligned accesses plus a rotation: the bus sees the
     * aligned address. */
    ref.va = (uint32_t)addr & ~((uint32_t)size - 1u);
    ref.pa = pa & ~((uint32_t)size - 1u);
    ref.pc = m->block_pc;
    ref.ctx = m->mem.ctx;
    ref.type = write ? CM_WRITE : CM_READ;
    ref.size = (uint8_t)size;
    if (m->trace && trace_in_window(m->trace))
        cycles = traced_access(m, &ref, page_log2);
    else
        cycles = cm_access_tlb(m->mem.cm, &ref, page_log2);
    m->cycles += cycles;
    if (ref.va < VM_KERNEL_BASE || !(ref.attrs & CM_ATTR_C))
        note_side(m, &ref, cycles);
}

/* ---- The I side ------------------------------------------------------------------- */

/*
 * Whether an ARM instruction may change the CPU mode: MSR to the CPSR, an instruction
 * with S that writes the PC (exception return), LDM with ^ and the PC in its list. QEMU
 * ends its translated block after each (gen_lookup_tb, gen_rfe), so the mode changes
 * only after a block's last instruction, or at an exception entry. Conservative: the
 * condition is ignored, and encodings sharing these bits (MSR to the SPSR, multiplies
 * and extra loads with S and Rd = 15) count too: they only cost a CPSR read.
 */
static bool insn_may_change_mode(uint32_t insn)
{
    bool msr_imm = (insn & 0x0FB00000u) == 0x03200000u;
    bool msr_reg = (insn & 0x0FB000F0u) == 0x01200000u;
    bool s_to_pc = (insn & 0x0C10F000u) == 0x0010F000u;
    bool ldm_ret = (insn & 0x0E508000u) == 0x08508000u;
    return msr_imm || msr_reg || s_to_pc || ldm_ret;
}

/* The eight vectors, low or high: the first block after every exception entry. */
static bool at_vector(uint32_t pc)
{
    uint32_t base = pc & ~(uint32_t)(VEC_FIQ | 3u);
    return base == 0 || base == VEC_HIGH_BASE;
}

static bool cpu_user(struct machine *m)
{
    return (machine_reg(m, UC_ARM_REG_CPSR) & PSR_MODE_MASK) == PSR_MODE_USR;
}

/* Guest RAM holding the instruction at physical address pa, or NULL. */
static const uint8_t *code_at(const struct machine *m, uint32_t pa)
{
    return pa - BOARD_RAM_PA <= m->cfg.ram_size - 4u ? m->ram + (pa - BOARD_RAM_PA) : NULL;
}

/*
 * Note where the block's last instruction is (va, translated through r, which holds the
 * translation of tva) and whether it may change the mode. An instruction outside tva's
 * page (a tiny page crossed), not in RAM, or not translated counts as one that may.
 */
static void note_last_insn(struct machine *m, struct memsys_block *b, uint32_t va, uint32_t tva,
                           const struct mmu_result *r)
{
    b->last = NULL;
    b->ends_mode = true;
    if (!r->fsr && va >> r->page_log2 == tva >> r->page_log2 &&
        (b->last = code_at(m, r->pa + (va - tva)))) {
        memcpy(&b->last_insn, b->last, 4);
        b->ends_mode = insn_may_change_mode(b->last_insn);
    }
    m->mem.mode_stale = b->ends_mode;
}

/*
 * I side, line by line (the hardware reads a whole line per fetch): one reference per
 * cache line the block touches, which also charges that instruction's issue cycle;
 * the block's other instructions only issue. For a block across 4 KB pages.
 */
static uint64_t fetch_lines(struct machine *m, struct memsys_block *b, uint32_t pc, uint32_t n)
{
    const struct cm_config *cc = cm_model_config(m->mem.cm);
    struct mmu_result r;
    uint64_t cycles = 0;
    uint32_t page = UINT32_MAX, line = UINT32_MAX, refs = 0, tva = pc;
    cm_ref ref = {.ctx = m->mem.ctx, .type = CM_IFETCH, .size = 4};

    for (uint32_t va = pc; va < pc + 4 * n; va += 4) {
        if (va / cc->line == line)
            continue;
        line = va / cc->line;
        if (va >> 12 != page) {
            /* Unicorn translated this block already, so the walk cannot fail. */
            mmu_translate(&m->mmu, va, MMU_EXEC, m->mem.user, &r);
            page = va >> 12;
            tva = va;
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
    b->last = NULL;
    m->mem.mode_stale = true;
    if (refs)
        note_last_insn(m, b, pc + 4 * (n - 1), tva, &r);
    return cycles + (uint64_t)(n - refs) * cc->timing.issue;
}

/* A block inside one 4 KB page: translate it and let the model count it (cm_fetch_block,
 * through the block's memo). *fault gets the walker's verdict. */
static uint64_t fetch_page(struct machine *m, struct memsys_block *b, uint32_t pc, uint32_t n,
                           uint32_t *fault)
{
    struct memsys *ms = &m->mem;
    struct mmu_result r;
    /* Unicorn translated this block already, so the walk cannot fail. */
    *fault = mmu_translate(&m->mmu, pc, MMU_EXEC, ms->user, &r);
    cm_ref first = {.va = pc,
                    .pa = (r.pa & ~0xFFFu) | (pc & 0xFFFu),
                    .pc = pc,
                    .ctx = ms->ctx,
                    .type = CM_IFETCH,
                    .size = 4,
                    .attrs = fetch_attrs(m, &r)};
    const cm_ref *f = &b->fm.first;
    if (f->va != first.va || f->pa != first.pa || f->ctx != first.ctx || f->attrs != first.attrs ||
        b->fm.n != n || b->fm.page_log2 != r.page_log2)
        cm_fetch_memo_init(&b->fm, &first, n, r.page_log2);
    uint64_t cycles = cm_fetch_block(ms->cm, &b->fm);
    note_last_insn(m, b, pc + 4 * (n - 1), pc, &r);
    return cycles;
}

/*
 * A block not remembered (or no longer valid): read the mode, translate, count, and
 * remember the block if it is inside one 4 KB page, the MMU is on and the walker's TLB
 * keeps its translation (not a tiny page or mixed subpage permissions). Blocks at the
 * vectors are not remembered: they are where the mode changes unannounced.
 */
static __attribute__((noinline)) uint64_t
fetch_block_slow(struct machine *m, struct memsys_block *b, uint32_t pc, uint32_t n)
{
    struct memsys *ms = &m->mem;
    uint32_t end = pc + 4 * n, fault = 1;
    uint64_t cycles;
    bool user = cpu_user(m);

    /* Nothing but an exception entry (whose first block is at a vector) or a block's last
     * instruction changes the mode: a new writer of the CPSR must set mode_stale. */
    assert(ms->mode_stale || at_vector(pc) || user == ms->user);
    ms->user = user;
    ms->mode_stale = false;
    b->key = 0;
    if (n && end > pc && (end - 1) >> 12 == pc >> 12)
        cycles = fetch_page(m, b, pc, n, &fault);
    else
        cycles = fetch_lines(m, b, pc, n);
    if (!fault && mmu_enabled(&m->mmu) && b->last && !at_vector(pc) &&
        m->mmu.tlb[(pc >> 12) % MMU_TLB_ENTRIES].va_page == pc >> 12) {
        b->pc = pc;
        b->n = n;
        b->user = user;
        b->key = block_key(m);
    }
    return cycles;
}

/*
 * The block hook's part. A block remembered under the current key (no walk, no CP15
 * change since), in the same mode and context, whose page the walker's TLB still holds
 * and whose last instruction is unchanged, needs no translation: the walker would serve
 * the same one from its TLB (counted as such), and the model repeats it from its memo.
 * Everything else, and every block after one that may have changed the mode, takes the
 * slow path. Both ends are tail calls: this function needs no stack frame.
 */
uint64_t memsys_fetch_block(struct machine *m, uint32_t pc, uint32_t n)
{
    struct memsys *ms = &m->mem;
    struct memsys_block *b = &ms->blocks[(pc >> 2) & (MEMSYS_BLOCKS - 1u)];
    uint32_t last;

    if (!ms->mode_stale && b->key == block_key(m) && b->pc == pc && b->n == n &&
        b->user == ms->user && b->fm.first.ctx == ms->ctx &&
        m->mmu.tlb[(pc >> 12) % MMU_TLB_ENTRIES].va_page == pc >> 12 &&
        (memcpy(&last, b->last, 4), last == b->last_insn)) {
        m->mmu.tlb_hits++;
        ms->mode_stale = b->ends_mode;
        return cm_fetch_block(ms->cm, &b->fm);
    }
    return fetch_block_slow(m, b, pc, n);
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
    if (type < 0 || type >= CM_TLB_INV_ALL)
        ms->epoch++; /* translation or context may have changed: forget the blocks */
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

/* A new coherence diagnostic, from inside the model: pin it to an instruction when the
 * block that made the access holds exactly one load (stale read) or store (homonym
 * write), decoded from guest memory. Write-back findings come from evictions, which any
 * access may cause: they keep the block. */
static void on_diag(void *opaque, const struct cm_diag *d)
{
    struct machine *m = opaque;
    size_t index = cm_diag_count(m->mem.cm) - 1;
    uint32_t regs[16] = {0}, found = 0, hits = 0;
    struct arm_mem_op op;

    if (index >= MEMSYS_DIAG_PCS || d->kind != CM_DIAG_STALE_READ || d->pc != m->block_pc)
        return;
    for (uint32_t pc = m->block_pc; pc < m->block_pc + m->block_size; pc += 4) {
        uint32_t insn;
        if (!machine_read_virt(m, pc, &insn, 4))
            return;
        if (arm_decode_mem(insn, pc, regs, false, &op) && (!op.write || op.swap)) {
            found = pc;
            hits++;
        }
    }
    if (hits == 1)
        m->mem.diag_pc[index] = found;
}

uint32_t memsys_diag_pc(const struct memsys *ms, size_t index, uint32_t block_pc)
{
    return index < MEMSYS_DIAG_PCS && ms->diag_pc[index] ? ms->diag_pc[index] : block_pc;
}

int memsys_init(struct machine *m, const struct cm_config *cfg, char *err, size_t errlen)
{
    uc_hook h;
    memset(&m->mem, 0, sizeof(m->mem));
    if (!cfg)
        return 0;
    if (cm_model_new(cfg, &m->mem.cm, err, errlen) != CM_OK)
        return -1;
    m->mem.blocks = calloc(MEMSYS_BLOCKS, sizeof *m->mem.blocks);
    if (!m->mem.blocks) {
        snprintf(err, errlen, "out of memory for the remembered blocks");
        return -1;
    }
    m->mem.mode_stale = true;
    m->mem.epoch = 1; /* a block key is never 0 */
    cm_set_diag_hook(m->mem.cm, on_diag, m);
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
    free(ms->blocks);
    ms->blocks = NULL;
}
