/*
 * machine.c: the CPU glue. Builds the Unicorn engine for an ARM926EJ-S, maps guest RAM,
 * the board's devices and the dummy regions Unicorn 2.0.1 needs, performs every ARM
 * exception entry itself, and runs the guest under a budget of instructions.
 *
 * Facts of Unicorn 2.0.1 this file depends on (measured, see DESIGN.md section 4):
 * - with the MMU on, Unicorn checks each access against its region list by *virtual*
 *   address before translating, then accesses the translated physical address; so every
 *   virtual range the guest may use must be covered by some region (dummy regions here);
 * - exceptions are reported to UC_HOOK_INTR in the old mode (SWI with the PC after the
 *   SWI, aborts with the PC of the faulting instruction) and never reach the vectors;
 * - an undefined instruction reaches UC_HOOK_INSN_INVALID and then ends uc_emu_start;
 * - wait-for-interrupt ends uc_emu_start, so the CP15 hook skips it instead;
 * - writing the PC from a block or code hook abandons the current block and restarts
 *   at the new PC, so IRQ entry can be done from the block hook.
 */
#include "machine.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "arm_decode.h"
#include "armv5.h"
#include "board.h"
#include "semihost.h"

/* QEMU's exception numbers as Unicorn passes them to the interrupt hook. */
enum { QEMU_EXCP_UDEF = 1, QEMU_EXCP_SWI = 2, QEMU_EXCP_PREFETCH_ABORT = 3,
       QEMU_EXCP_DATA_ABORT = 4, QEMU_EXCP_BKPT = 7 };

/* uc_emu_start's `until`: an odd address is never reached in ARM state. */
#define RUN_UNTIL_NEVER 1u
/* Largest dummy region: Unicorn regions share one host buffer of this size. */
#define DUMMY_CHUNK 0x40000000u
/* Returns from uc_emu_start without progress before the run is declared stuck. */
#define MAX_IDLE_RESTARTS 1000

const char *exc_name(enum exc_kind k)
{
    static const char *const names[EXC_KINDS] = {
        "undefined instruction", "swi", "prefetch abort", "data abort", "irq", "fiq"};
    return k < EXC_KINDS ? names[k] : "?";
}

void machine_fatal(struct machine *m, const char *fmt, ...)
{
    va_list ap;
    if (m->stop != STOP_NONE)
        return; /* keep the first reason */
    va_start(ap, fmt);
    vsnprintf(m->fatal_msg, sizeof(m->fatal_msg), fmt, ap);
    va_end(ap);
    m->stop = STOP_FATAL;
    m->stop_pending = true;
}

uint32_t machine_reg(struct machine *m, int uc_reg)
{
    uint32_t v = 0;
    uc_reg_read(m->uc, uc_reg, &v);
    return v;
}

void machine_set_reg(struct machine *m, int uc_reg, uint32_t v)
{
    uc_reg_write(m->uc, uc_reg, &v);
    if (uc_reg == UC_ARM_REG_CPSR)
        m->mem.mode_stale = true; /* memsys reads the mode again before its next block */
}

static uint32_t cp15_get(struct machine *m, unsigned crn, unsigned crm, unsigned opc2)
{
    uc_arm_cp_reg r = {.cp = 15, .crn = crn, .crm = crm, .opc2 = opc2};
    uc_reg_read(m->uc, UC_ARM_REG_CP_REG, &r);
    return (uint32_t)r.val;
}

static void cp15_set(struct machine *m, unsigned crn, unsigned crm, unsigned opc2, uint32_t v)
{
    uc_arm_cp_reg r = {.cp = 15, .crn = crn, .crm = crm, .opc2 = opc2, .val = v};
    uc_reg_write(m->uc, UC_ARM_REG_CP_REG, &r);
}

/* Bring the walker's shadows in line with Unicorn's registers. The CP15 hook keeps them
 * current for a kernel that uses its CP15 section; this covers code that does not
 * (CPU-level tests) on the rare paths that need a walk: exceptions, semihosting. */
static void mmu_sync(struct machine *m)
{
    uint32_t sctlr = cp15_get(m, 1, 0, 0), ttbr = cp15_get(m, 2, 0, 0);
    uint32_t dacr = cp15_get(m, 3, 0, 0);
    if (sctlr != m->mmu.sctlr || ttbr != m->mmu.ttbr0 || dacr != m->mmu.dacr) {
        m->mmu.sctlr = sctlr;
        m->mmu.ttbr0 = ttbr;
        m->mmu.dacr = dacr;
        mmu_tlb_flush(&m->mmu);
    }
}

static bool mode_is_user(uint32_t cpsr)
{
    return (cpsr & PSR_MODE_MASK) == PSR_MODE_USR;
}

void machine_console_write(struct machine *m, const char *bytes, size_t len)
{
    if (m->console)
        m->console(m->console_opaque, bytes, len);
}

bool machine_read_virt(struct machine *m, uint32_t va, void *out, uint32_t len)
{
    uint8_t *dst = out;
    while (len) {
        struct mmu_result r;
        uint32_t chunk = 0x1000u - (va & 0xFFFu);
        if (chunk > len)
            chunk = len;
        if (mmu_translate(&m->mmu, va, MMU_READ, false, &r) ||
            r.pa >= m->cfg.ram_size || m->cfg.ram_size - r.pa < chunk)
            return false;
        memcpy(dst, m->ram + r.pa, chunk);
        dst += chunk;
        va += chunk;
        len -= chunk;
    }
    return true;
}

/* ---- exception entry ---- */

void machine_exception(struct machine *m, enum exc_kind kind, uint32_t lr)
{
    static const struct { uint32_t mode, vector; } entry[EXC_KINDS] = {
        [EXC_UNDEF] = {PSR_MODE_UND, VEC_UNDEF}, [EXC_SWI] = {PSR_MODE_SVC, VEC_SWI},
        [EXC_PABT] = {PSR_MODE_ABT, VEC_PABT},   [EXC_DABT] = {PSR_MODE_ABT, VEC_DABT},
        [EXC_IRQ] = {PSR_MODE_IRQ, VEC_IRQ},     [EXC_FIQ] = {PSR_MODE_FIQ, VEC_FIQ},
    };
    uint32_t cpsr = machine_reg(m, UC_ARM_REG_CPSR);
    uint32_t sctlr = cp15_get(m, 1, 0, 0);
    uint32_t base = (sctlr & SCTLR_V) ? VEC_HIGH_BASE : 0;
    uint32_t ncpsr = (cpsr & ~(PSR_MODE_MASK | PSR_T)) | entry[kind].mode | PSR_I;

    if (kind == EXC_FIQ)
        ncpsr |= PSR_F;
    /* Order matters: the CPSR write switches the banked SP/LR/SPSR, then the new mode's
     * SPSR and LR are written, and the PC last (it restarts translation). */
    machine_set_reg(m, UC_ARM_REG_CPSR, ncpsr);
    machine_set_reg(m, UC_ARM_REG_SPSR, cpsr);
    machine_set_reg(m, UC_ARM_REG_LR, lr);
    machine_set_reg(m, UC_ARM_REG_PC, base + entry[kind].vector);
    m->stats.exceptions[kind]++;
}

/* The instructions of the current block from `pc` on did not run (an abort or an
 * undefined instruction cut the block short): take them off the counts. */
static void uncount_from(struct machine *m, uint32_t pc)
{
    uint32_t end = m->block_pc + m->block_size;
    if (pc >= m->block_pc && pc < end) {
        uint32_t n = (end - pc) / 4;
        m->insns -= n;
        if (!m->mem.cm)
            m->cycles -= n; /* with the model on, their fetches did happen */
    }
}

/* FAR and DFSR of a data abort at `pc`: decode the instruction's accesses and walk
 * each until one faults, as the hardware would have reported it. */
static void data_abort_status(struct machine *m, uint32_t pc, uint32_t *far, uint32_t *dfsr)
{
    uint32_t regs[16], insn = 0, cpsr = machine_reg(m, UC_ARM_REG_CPSR);
    bool user = mode_is_user(cpsr);
    struct arm_mem_op op;
    struct mmu_result r;

    *far = pc;
    *dfsr = FSR_EXT_ABORT_L1;
    for (int i = 0; i < 13; i++)
        regs[i] = machine_reg(m, UC_ARM_REG_R0 + i);
    regs[13] = machine_reg(m, UC_ARM_REG_SP);
    regs[14] = machine_reg(m, UC_ARM_REG_LR);
    regs[15] = pc;
    if (!machine_read_virt(m, pc, &insn, 4) ||
        !arm_decode_mem(insn, pc, regs, (cpsr >> 29) & 1u, &op))
        return;
    *far = op.first;
    user = user || op.user;
    for (unsigned i = 0; i < op.count; i++) {
        uint32_t va = op.first + i * op.size;
        uint32_t st = mmu_translate(&m->mmu, va, op.write ? MMU_WRITE : MMU_READ, user, &r);
        if (!st && op.swap)
            st = mmu_translate(&m->mmu, va, MMU_WRITE, user, &r);
        if (st) {
            *far = va;
            *dfsr = st;
            return;
        }
    }
}

static void take_data_abort(struct machine *m, uint32_t pc)
{
    uint32_t far, dfsr;
    mmu_sync(m);
    data_abort_status(m, pc, &far, &dfsr);
    cp15_set(m, 6, 0, 0, far);
    cp15_set(m, 5, 0, 0, dfsr);
    uncount_from(m, pc);
    machine_exception(m, EXC_DABT, pc + 8);
}

static void take_prefetch_abort(struct machine *m, uint32_t pc, bool breakpoint)
{
    struct mmu_result r;
    uint32_t ifsr = 0x2u; /* debug event, for BKPT */
    if (!breakpoint) {
        mmu_sync(m);
        ifsr = mmu_translate(&m->mmu, pc, MMU_EXEC,
                             mode_is_user(machine_reg(m, UC_ARM_REG_CPSR)), &r);
        if (!ifsr)
            ifsr = FSR_EXT_ABORT_L1; /* Unicorn faulted where the walker does not */
    }
    cp15_set(m, 5, 0, 1, ifsr);
    uncount_from(m, pc);
    machine_exception(m, EXC_PABT, pc + 4);
}

/* SWI: semihosting when `svc #0x123456` comes from a privileged mode (as QEMU does),
 * else the guest's own SWI vector. Unicorn reports the PC after the SWI. */
static void take_swi(struct machine *m, uint32_t pc_after)
{
    uint32_t insn = 0, cpsr = machine_reg(m, UC_ARM_REG_CPSR);
    mmu_sync(m);
    if (!mode_is_user(cpsr) && machine_read_virt(m, pc_after - 4, &insn, 4) &&
        (insn & 0x00FFFFFFu) == SEMIHOST_SVC_IMM) {
        m->stats.semihost_calls++;
        semihost_call(m);
        return;
    }
    machine_exception(m, EXC_SWI, pc_after);
}

static void on_intr(uc_engine *uc, uint32_t intno, void *opaque)
{
    struct machine *m = opaque;
    uint32_t pc = machine_reg(m, UC_ARM_REG_PC);
    (void)uc;
    switch (intno) {
    case QEMU_EXCP_SWI: take_swi(m, pc); break;
    case QEMU_EXCP_DATA_ABORT: take_data_abort(m, pc); break;
    case QEMU_EXCP_PREFETCH_ABORT: take_prefetch_abort(m, pc, false); break;
    case QEMU_EXCP_BKPT: take_prefetch_abort(m, pc, true); break;
    case QEMU_EXCP_UDEF:
        uncount_from(m, pc);
        machine_exception(m, EXC_UNDEF, pc + 4);
        break;
    default:
        machine_fatal(m, "unexpected CPU exception %u at pc 0x%08x", intno, pc);
    }
}

static bool on_invalid_insn(uc_engine *uc, void *opaque)
{
    struct machine *m = opaque;
    uint32_t pc = machine_reg(m, UC_ARM_REG_PC);
    (void)uc;
    uncount_from(m, pc);
    machine_exception(m, EXC_UNDEF, pc + 4);
    m->restart = true; /* Unicorn ends uc_emu_start after this hook */
    return true;
}

/* ---- time and interrupts: the block hook ---- */

/* Take a pending FIQ or IRQ before the block at `block_pc`, if the CPSR lets it in.
 * The handler returns to the block with SUBS PC, LR, #4. */
static bool take_interrupt(struct machine *m, uint32_t block_pc)
{
    uint32_t cpsr = machine_reg(m, UC_ARM_REG_CPSR);
    enum exc_kind k;
    if (m->board.fiq_level && !(cpsr & PSR_F))
        k = EXC_FIQ;
    else if (m->board.irq_level && !(cpsr & PSR_I))
        k = EXC_IRQ;
    else
        return false;
    machine_exception(m, k, block_pc + 4);
    return true;
}

static void on_block(uc_engine *uc, uint64_t addr, uint32_t size, void *opaque)
{
    struct machine *m = opaque;
    uint32_t n = size / 4; /* ARM state only: the guest is built -marm */

    if (m->stop_pending) {
        uc_emu_stop(uc);
        return;
    }
    if (m->cfg.max_insns && m->insns + n > m->cfg.max_insns) {
        m->stop = STOP_BUDGET;
        m->stop_pending = true;
        uc_emu_stop(uc);
        return;
    }
    if (kobs_changed(&m->kobs))
        kobs_poll(m);
    if (m->cycles >= m->board.next_event)
        vpb_advance(&m->board);
    if ((m->board.irq_level | m->board.fiq_level) && take_interrupt(m, (uint32_t)addr))
        return; /* the block does not run: Unicorn restarts at the vector */
    m->block_pc = (uint32_t)addr;
    m->block_size = size;
    m->insns += n;
    m->cycles += m->mem.cm ? memsys_fetch_block(m, (uint32_t)addr, n) : n;
}

/* ---- the CP15 section ---- */

/* Wait for interrupt: skip simulated time to the next device event. A wait with no
 * interrupt possible would never end: stop the run instead of hanging the host. */
static void wait_for_interrupt(struct machine *m)
{
    if (m->board.irq_level | m->board.fiq_level)
        return;
    if (m->board.next_event == DEV_NO_EVENT) {
        machine_fatal(m, "wait for interrupt with no interrupt source armed");
        return;
    }
    if (m->board.next_event > m->cycles) {
        uint64_t idle = m->board.next_event - m->cycles;
        m->stats.idle_cycles += idle;
        m->cycles = m->board.next_event;
        memsys_idle(m, idle);
    }
    vpb_advance(&m->board);
}

static void cp15_effects(struct machine *m, enum cp15_op op, uint32_t value)
{
    switch (op) {
    case CP15_WRITE_SCTLR: mmu_set_sctlr(&m->mmu, value); break;
    case CP15_WRITE_TTBR0: mmu_set_ttbr0(&m->mmu, value); break;
    case CP15_WRITE_DACR: mmu_set_dacr(&m->mmu, value); break;
    case CP15_TLB_INV_ALL:
    case CP15_ITLB_INV_ALL:
    case CP15_DTLB_INV_ALL: mmu_tlb_flush(&m->mmu); break;
    case CP15_TLB_INV_MVA:
    case CP15_ITLB_INV_MVA:
    case CP15_DTLB_INV_MVA: mmu_tlb_flush_va(&m->mmu, value); break;
    default: break;
    }
}

static void on_cp15(uc_engine *uc, uint64_t addr, uint32_t size, void *opaque)
{
    struct machine *m = opaque;
    struct cp15 *c = &m->cp15;
    bool alias = (uint32_t)addr < c->start;
    uint32_t va = alias ? (uint32_t)addr + c->pa_offset : (uint32_t)addr;
    uint32_t word = (va - c->start) / 4;
    enum cp15_op op = c->ops[word];
    struct cp15_event ev;
    (void)uc;
    (void)size;

    /* The physical alias is the section only while the MMU is off; with it on, those
     * addresses are ordinary virtual ones (a user image, say). */
    if (op == CP15_NONE || (alias && mmu_enabled(&m->mmu)))
        return;
    ev.op = op;
    ev.pc = va;
    ev.value = c->rd[word] == 15 ? 0 : machine_reg(m, UC_ARM_REG_R0 + c->rd[word]);
    if (c->rd[word] == 13)
        ev.value = machine_reg(m, UC_ARM_REG_SP);
    else if (c->rd[word] == 14)
        ev.value = machine_reg(m, UC_ARM_REG_LR);
    c->counts[op]++;
    cp15_effects(m, op, ev.value);
    if (m->mem.cm)
        m->cycles += memsys_cp15(m, &ev);
    if (c->listener)
        c->listener(c->listener_opaque, &ev);
    if (op == CP15_WAIT_FOR_INTERRUPT) {
        machine_set_reg(m, UC_ARM_REG_PC, (uint32_t)addr + 4); /* Unicorn would halt */
        wait_for_interrupt(m);
    }
}

int machine_hook_cp15(struct machine *m, uint32_t start, uint32_t end, uint32_t pa_offset,
                      char *err, size_t errlen)
{
    uint32_t pa = start - pa_offset;
    if (pa >= m->cfg.ram_size || m->cfg.ram_size - pa < end - start) {
        snprintf(err, errlen, "cp15 section [0x%08x, 0x%08x) is not in RAM", start, end);
        return -1;
    }
    if (cp15_decode(&m->cp15, m->ram + pa, start, end, pa_offset, err, errlen))
        return -1;
    if (uc_hook_add(m->uc, &m->cp15.hook_va, UC_HOOK_CODE, on_cp15, m, start, end - 1) ||
        (pa_offset && uc_hook_add(m->uc, &m->cp15.hook_pa, UC_HOOK_CODE, on_cp15, m, pa,
                                  pa + (end - start) - 1))) {
        snprintf(err, errlen, "cannot hook the cp15 section");
        return -1;
    }
    return 0;
}

/* ---- set-up ---- */

/* Cover [lo, hi) with dummy regions so Unicorn's virtual-address check passes there;
 * translation then decides what is really accessed. */
static int map_dummy(struct machine *m, uint64_t lo, uint64_t hi, char *err, size_t errlen)
{
    while (lo < hi) {
        uint64_t len = hi - lo > DUMMY_CHUNK ? DUMMY_CHUNK : hi - lo;
        uc_err e = uc_mem_map_ptr(m->uc, lo, len, UC_PROT_ALL, m->dummy);
        if (e) {
            snprintf(err, errlen, "cannot map dummy region 0x%08llx+0x%llx: %s",
                     (unsigned long long)lo, (unsigned long long)len, uc_strerror(e));
            return -1;
        }
        lo += len;
    }
    return 0;
}

/* Everything but RAM and the device pages gets a dummy region. */
static int map_dummies(struct machine *m, char *err, size_t errlen)
{
    uint64_t lo = m->cfg.ram_size;
    for (unsigned i = 0; i < vpb_device_count(); i++) {
        uint32_t pa = vpb_device_pa(i);
        if (map_dummy(m, lo, pa, err, errlen))
            return -1;
        lo = (uint64_t)pa + BOARD_DEV_REGION_SIZE;
    }
    return map_dummy(m, lo, 0x100000000ull, err, errlen);
}

static void console_to_machine(void *opaque, const char *bytes, size_t len)
{
    machine_console_write(opaque, bytes, len);
}

static int add_hooks(struct machine *m, char *err, size_t errlen)
{
    uc_hook h;
    if (uc_hook_add(m->uc, &h, UC_HOOK_BLOCK, on_block, m, 1, 0) ||
        uc_hook_add(m->uc, &h, UC_HOOK_INTR, on_intr, m, 1, 0) ||
        uc_hook_add(m->uc, &h, UC_HOOK_INSN_INVALID, on_invalid_insn, m, 1, 0)) {
        snprintf(err, errlen, "cannot install Unicorn hooks");
        return -1;
    }
    return 0;
}

int machine_create(struct machine *m, const struct machine_config *cfg, char *err, size_t errlen)
{
    uc_err e;
    memset(m, 0, sizeof(*m));
    m->cfg = *cfg;
    if (cfg->ram_size < 0x100000u || cfg->ram_size > BOARD_RAM_SIZE_MAX || cfg->ram_size & 0xFFFFFu) {
        snprintf(err, errlen, "board.ram must be a multiple of 1 MB between 1 MB and 256 MB");
        return -1;
    }
    m->ram = mmap(NULL, cfg->ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m->dummy_size = DUMMY_CHUNK;
    m->dummy = mmap(NULL, m->dummy_size, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m->ram == MAP_FAILED || m->dummy == MAP_FAILED) {
        snprintf(err, errlen, "cannot allocate guest memory");
        return -1;
    }
    e = uc_open(UC_ARCH_ARM, UC_MODE_ARM, &m->uc);
    if (!e)
        e = uc_ctl_set_cpu_model(m->uc, UC_CPU_ARM_926);
    if (!e)
        e = uc_mem_map_ptr(m->uc, BOARD_RAM_PA, cfg->ram_size, UC_PROT_ALL, m->ram);
    if (e) {
        snprintf(err, errlen, "unicorn: %s", uc_strerror(e));
        return -1;
    }
    mmu_init(&m->mmu, m->ram, BOARD_RAM_PA, cfg->ram_size);
    vpb_init(&m->board, &m->cycles, cfg->cpu_hz, console_to_machine, m);
    if (vpb_map(&m->board, m->uc, err, errlen) || map_dummies(m, err, errlen) ||
        add_hooks(m, err, errlen))
        return -1;
    return memsys_init(m, cfg->cache, err, errlen);
}

void machine_destroy(struct machine *m)
{
    if (m->uc)
        uc_close(m->uc);
    cp15_free(&m->cp15);
    memsys_free(&m->mem);
    kobs_free(&m->kobs);
    if (m->ram && m->ram != MAP_FAILED)
        munmap(m->ram, m->cfg.ram_size);
    if (m->dummy && m->dummy != MAP_FAILED)
        munmap(m->dummy, m->dummy_size);
    memset(m, 0, sizeof(*m));
}

int machine_load(struct machine *m, uint32_t pa, const void *bytes, uint32_t len)
{
    if (pa >= m->cfg.ram_size || m->cfg.ram_size - pa < len)
        return -1;
    memcpy(m->ram + pa, bytes, len);
    memsys_host_write(m, pa, len);
    return 0;
}

/* ---- the run loop ---- */

static void reset_cpu(struct machine *m, uint32_t entry, uint32_t r0, uint32_t r1)
{
    machine_set_reg(m, UC_ARM_REG_CPSR, PSR_MODE_SVC | PSR_I | PSR_F);
    machine_set_reg(m, UC_ARM_REG_R0, r0);
    machine_set_reg(m, UC_ARM_REG_R1, r1);
    machine_set_reg(m, UC_ARM_REG_PC, entry);
}

enum machine_stop machine_run(struct machine *m, uint32_t entry, uint32_t r0, uint32_t r1)
{
    uint32_t pc = entry;
    int idle = 0;

    reset_cpu(m, entry, r0, r1);
    mmu_sync(m);
    vpb_advance(&m->board);
    while (m->stop == STOP_NONE) {
        uint64_t before = m->insns;
        uc_err e;
        m->restart = false;
        e = uc_emu_start(m->uc, pc, RUN_UNTIL_NEVER, 0, 0);
        pc = machine_reg(m, UC_ARM_REG_PC);
        if (m->stop != STOP_NONE)
            break;
        if (e != UC_ERR_OK && !m->restart) {
            machine_fatal(m, "guest access failed at pc 0x%08x: %s", pc, uc_strerror(e));
            break;
        }
        idle = m->insns == before ? idle + 1 : 0;
        if (idle > MAX_IDLE_RESTARTS)
            machine_fatal(m, "the CPU stopped making progress at pc 0x%08x", pc);
    }
    return m->stop;
}
