/*
 * trace.c: the instruction trace (see trace.h). One line per instruction:
 *
 *   insn-number  cycle  process  mode  pc  word  disassembly  [<function+offset>] [; syscall]
 *                                  read|write va pa size: hit|miss|uncached, cycles
 *
 * The instruction number and cycle are exact within a block (the block hook counts
 * whole blocks; the position in the block gives the rest). System calls (`svc #0`) are
 * named from kernel/abi/syscall.h, semihosting calls as such.
 */
#include "trace.h"

#include <capstone/capstone.h>
#include <stdlib.h>
#include <string.h>

#include "armv5.h"
#include "board.h"
#include "machine.h"
#include "rom_image.h"
#include "syscall.h"

struct trace {
    FILE *f;
    csh cs;
    cs_insn *insn;
    uint64_t from, count, shown;
    struct machine *m;
    const struct rom_image *img;
    uc_hook hook;
    bool in_window; /* the instruction being executed is shown */
};

static const char *syscall_name(uint32_t nr)
{
    switch (nr) {
#define TRACE_SYSCALL_CASE(n, name) \
    case n: return #name;
        CE_SYSCALL_LIST(TRACE_SYSCALL_CASE)
#undef TRACE_SYSCALL_CASE
    default: return "unknown";
    }
}

/* "; syscall DebugWrite" after an SVC, so a trace reads without the ABI at hand. */
static void annotate_svc(struct trace *t, uint32_t word)
{
    uint32_t imm = word & 0x00FFFFFFu;
    if ((word & 0x0F000000u) != 0x0F000000u)
        return;
    if (imm == SEMIHOST_SVC_IMM)
        fprintf(t->f, "  ; semihosting op 0x%x", machine_reg(t->m, UC_ARM_REG_R0));
    else if (imm == CE_SYSCALL_SVC_IMM) {
        uint32_t nr = machine_reg(t->m, UC_ARM_REG_R7);
        fprintf(t->f, "  ; syscall %u %s", nr, syscall_name(nr));
    }
}

static void annotate_symbol(struct trace *t, uint32_t pc)
{
    const struct rom_sym *s = t->img ? rom_image_sym_at(t->img, pc) : NULL;
    if (s && pc - s->value < 0x100000u)
        fprintf(t->f, "  <%s+0x%x>", s->name, pc - s->value);
}

/* The current process: the kernel's own view when it shows one (kinfo), else the
 * cache model's context (address space) id. */
static unsigned process_id(const struct machine *m)
{
    if (m->kobs.k && m->kobs.k->magic == KINFO_MAGIC)
        return m->kobs.k->cur_pid;
    return m->mem.ctx;
}

bool trace_in_window(const struct trace *t)
{
    return t->in_window;
}

void trace_mem(struct trace *t, bool write, uint32_t va, uint32_t pa, unsigned size,
               const char *outcome, uint32_t cycles)
{
    fprintf(t->f, "%10s %12s %-8s   %s va 0x%08x pa 0x%08x %u bytes: %s, %u cycles\n", "", "",
            "", write ? "write" : "read ", va, pa, size, outcome, cycles);
}

static void on_insn(uc_engine *uc, uint64_t addr, uint32_t size, void *opaque)
{
    struct trace *t = opaque;
    struct machine *m = t->m;
    uint32_t pc = (uint32_t)addr, word = 0;
    uint64_t index = m->insns - m->block_size / 4 + (pc - m->block_pc) / 4;
    uint64_t cycle = m->cycles - m->block_size / 4 + (pc - m->block_pc) / 4;
    const uint8_t *code = (const uint8_t *)&word;
    size_t left = 4;
    uint64_t a = pc;
    (void)uc;
    (void)size;

    t->in_window = index >= t->from && t->shown < t->count;
    if (!t->in_window)
        return;
    t->shown++;
    fprintf(t->f, "%10llu %12llu p%-3u %s %08x  ", (unsigned long long)index,
            (unsigned long long)cycle, process_id(m), armv5_mode_name(machine_reg(m, UC_ARM_REG_CPSR)),
            pc);
    if (!machine_read_virt(m, pc, &word, 4)) {
        fprintf(t->f, "????????  (not readable)\n");
        return;
    }
    if (cs_disasm_iter(t->cs, &code, &left, &a, t->insn))
        fprintf(t->f, "%08x  %-7s %s", word, t->insn->mnemonic, t->insn->op_str);
    else
        fprintf(t->f, "%08x  (undefined)", word);
    annotate_symbol(t, pc);
    annotate_svc(t, word);
    fputc('\n', t->f);
}

struct trace *trace_open(struct machine *m, const struct trace_config *cfg,
                         const struct rom_image *img, char *err, size_t errlen)
{
    struct trace *t = calloc(1, sizeof(*t));
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    t->m = m;
    t->img = img;
    t->from = cfg->from;
    t->count = cfg->count ? cfg->count : TRACE_COUNT_DEFAULT;
    t->f = strcmp(cfg->path, "-") ? fopen(cfg->path, "w") : stdout;
    if (!t->f) {
        snprintf(err, errlen, "cannot open trace file %s", cfg->path);
        free(t);
        return NULL;
    }
    if (cs_open(CS_ARCH_ARM, CS_MODE_ARM, &t->cs) != CS_ERR_OK ||
        uc_hook_add(m->uc, &t->hook, UC_HOOK_CODE, on_insn, t, 1, 0)) {
        snprintf(err, errlen, "cannot start tracing");
        if (t->f != stdout)
            fclose(t->f);
        free(t);
        return NULL;
    }
    t->insn = cs_malloc(t->cs);
    m->trace = t;
    return t;
}

void trace_close(struct trace *t)
{
    if (!t)
        return;
    t->m->trace = NULL;
    cs_free(t->insn, 1);
    cs_close(&t->cs);
    if (t->f == stdout)
        fflush(t->f);
    else
        fclose(t->f);
    free(t);
}
