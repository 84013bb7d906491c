/*
 * report.c: the end-of-run summary and the JSON report (jansson).
 */
#include "report.h"

#include <jansson.h>
#include <string.h>

#include "cm_json.h"
#include "machine.h"
#include "rom_image.h"
#include "vm.h"

const char *report_stop_name(const struct machine *m)
{
    switch (m->stop) {
    case STOP_EXIT: return "exit";
    case STOP_PANIC: return "panic";
    case STOP_FATAL: return "fatal";
    case STOP_BUDGET: return "budget";
    default: return "running";
    }
}

static double mips(const struct machine *m, double seconds)
{
    return seconds > 0 ? (double)m->insns / seconds / 1e6 : 0.0;
}

static void cache_line(FILE *out, const char *name, const struct cm_cache_stats *c)
{
    uint64_t acc = cm_cache_accesses(c), miss = cm_cache_misses(c);
    fprintf(out, "cesim: %s %llu accesses, %llu misses (%.2f%%), %llu fills, %llu write-backs\n",
            name, (unsigned long long)acc, (unsigned long long)miss,
            acc ? 100.0 * (double)miss / (double)acc : 0.0, (unsigned long long)c->fills,
            (unsigned long long)(c->wb_full + c->wb_half));
}

/* The first coherence findings, one line each (the JSON report has them all). */
static void diag_summary(FILE *out, const struct machine *m, const struct report_run *run)
{
    size_t n = cm_diag_count(m->mem.cm);
    for (size_t i = 0; i < n && i < 8; i++) {
        const struct cm_diag *d = cm_diag_get(m->mem.cm, i);
        uint32_t pc = memsys_diag_pc(&m->mem, i, d->pc);
        const struct rom_sym *s = run->img ? rom_image_sym_at(run->img, pc) : NULL;
        fprintf(out, "cesim:   %s x%llu: VA 0x%08x PA 0x%08x process %u, %s at 0x%08x",
                cm_diag_kind_name(d->kind), (unsigned long long)d->count, d->va, d->pa,
                d->ctx, pc == d->pc ? "block" : "instruction", pc);
        if (s && pc >= VM_KERNEL_BASE)
            fprintf(out, " <%s+0x%x>", s->name, pc - s->value);
        if (d->other_known)
            fprintf(out, "; other alias VA 0x%08x process %u", d->other_va, d->other_ctx);
        fputc('\n', out);
    }
    if (n > 8)
        fprintf(out, "cesim:   ... %zu more in the JSON report (--json)\n", n - 8);
}

static void memory_summary(FILE *out, const struct machine *m)
{
    struct cm_stats st;
    cm_stats_get(m->mem.cm, CM_ALL, CM_ALL, &st);
    cache_line(out, "I-cache", &st.icache);
    cache_line(out, "D-cache", &st.dcache);
    fprintf(out, "cesim: uncached %llu reads (%llu cycles), %llu writes (%llu cycles); "
                 "TLB %llu hits, %llu misses; %zu coherence diagnostics\n",
            (unsigned long long)st.uncached_reads, (unsigned long long)st.uncached_read_cycles,
            (unsigned long long)st.uncached_writes, (unsigned long long)st.uncached_write_cycles,
            (unsigned long long)st.tlb_hits, (unsigned long long)st.tlb_misses,
            cm_diag_count(m->mem.cm));
}

static uint64_t marshal_cycles(const struct machine *m)
{
    uint64_t c = 0;
    for (size_t i = 0; i < m->kobs.ncalls; i++)
        c += m->kobs.calls[i].cycles;
    return c;
}

static unsigned live_buffers(const struct machine *m)
{
    unsigned n = 0;
    if (!m->kobs.k || m->kobs.k->magic != KINFO_MAGIC)
        return 0;
    for (unsigned i = 0; i < KINFO_LIVE_MAX; i++)
        n += m->kobs.k->live[i].kind != KINFO_LIVE_FREE;
    return n;
}

void report_summary(FILE *out, const struct machine *m, const struct report_run *run)
{
    uint64_t exc = 0;
    for (int k = 0; k < EXC_KINDS; k++)
        exc += m->stats.exceptions[k];
    fprintf(out, "cesim: %s: %s, exit status %d\n", run->scenario, report_stop_name(m),
            run->exit_status);
    if (m->stop == STOP_FATAL)
        fprintf(out, "cesim: fatal: %s\n", m->fatal_msg);
    fprintf(out, "cesim: %llu instructions, %llu cycles (%llu idle), %llu exceptions "
                 "(%llu swi, %llu irq, %llu aborts)\n",
            (unsigned long long)m->insns, (unsigned long long)m->cycles,
            (unsigned long long)m->stats.idle_cycles, (unsigned long long)exc,
            (unsigned long long)m->stats.exceptions[EXC_SWI],
            (unsigned long long)m->stats.exceptions[EXC_IRQ],
            (unsigned long long)(m->stats.exceptions[EXC_DABT] + m->stats.exceptions[EXC_PABT]));
    if (m->mem.cm) {
        memory_summary(out, m);
        diag_summary(out, m, run);
    }
    if (m->kobs.ncalls)
        fprintf(out, "cesim: %zu marshaling calls, %llu cycles in them; %u live buffers at the end\n",
                m->kobs.ncalls, (unsigned long long)marshal_cycles(m), live_buffers(m));
    fprintf(out, "cesim: host %.3f s, %.1f guest MIPS\n", run->host_seconds,
            mips(m, run->host_seconds));
}

static json_t *exceptions_json(const struct machine *m)
{
    static const char *const keys[EXC_KINDS] = {"undef", "swi", "pabt", "dabt", "irq", "fiq"};
    json_t *o = json_object();
    for (int k = 0; k < EXC_KINDS; k++)
        json_object_set_new(o, keys[k], json_integer((json_int_t)m->stats.exceptions[k]));
    return o;
}

static json_t *cp15_json(const struct machine *m)
{
    json_t *o = json_object();
    for (int op = CP15_NONE + 1; op < CP15_OP_COUNT; op++)
        if (m->cp15.counts[op])
            json_object_set_new(o, cp15_op_name((enum cp15_op)op),
                                json_integer((json_int_t)m->cp15.counts[op]));
    return o;
}

/* The price of an alias on both sides: uncached accesses in the kernel's alias window,
 * and at user addresses (the caller's source pages while an alias lives, reflector
 * aliases in driver hosts). */
static json_t *sides_json(const struct machine *m)
{
    static const char *const names[MEMSYS_SIDES] = {"alias", "user"};
    json_t *o = json_object();
    for (int i = 0; i < MEMSYS_SIDES; i++) {
        const struct memsys_side_stats *st = &m->mem.side[i];
        json_object_set_new(o, names[i],
                            json_pack("{s:I, s:I, s:I, s:I}", "accesses",
                                      (json_int_t)(st->reads + st->writes), "reads",
                                      (json_int_t)st->reads, "writes", (json_int_t)st->writes,
                                      "cycles", (json_int_t)st->cycles));
    }
    return o;
}

static json_t *hex_json(uint32_t v);

static void k5_json(json_t *diags, const struct machine *m)
{
    for (unsigned i = 0; i < m->mem.nk5; i++) {
        const struct memsys_k5 *k = &m->mem.k5[i];
        char msg[160];
        snprintf(msg, sizeof(msg), "K5: kernel thread %u, serving no caller, %s user address "
                 "0x%08x", k->tid, k->write ? "wrote" : "read", k->va);
        json_array_append_new(diags, json_pack("{s:s, s:o, s:o, s:o, s:i, s:i, s:I, s:s, s:s}",
                                               "kind", "K5-no-caller-user-access", "va",
                                               hex_json(k->va), "pa", hex_json(k->pa), "pc",
                                               hex_json(k->pc), "process", (int)k->pid,
                                               "thread", (int)k->tid, "count",
                                               (json_int_t)k->count, "message", msg,
                                               "source", "simulator"));
    }
}

/* The model's findings, each with the instruction when memsys pinned it down. */
static json_t *diags_json(const struct machine *m)
{
    json_t *a = cm_diags_to_json(m->mem.cm);
    for (size_t i = 0; i < json_array_size(a); i++) {
        const struct cm_diag *d = cm_diag_get(m->mem.cm, i);
        uint32_t pc = memsys_diag_pc(&m->mem, i, d->pc);
        json_t *o = json_array_get(a, i);
        json_object_set_new(o, "block_pc", hex_json(d->pc));
        json_object_set_new(o, "pc", hex_json(pc));
        json_object_set_new(o, "pc_is_instruction", json_boolean(pc != d->pc));
    }
    return a;
}

/* The cache model's figures: totals (caches, uncached, write buffer, TLB) at the top
 * level, then split by privilege and by address space. Without the model, the caches
 * are empty and there are no diagnostics. */
static void memory_json(json_t *o, const struct machine *m)
{
    struct cm_stats st;
    json_t *all, *ctx;
    if (!m->mem.cm) {
        json_object_set_new(o, "cache_model", json_false());
        json_object_set_new(o, "caches", json_object());
        json_object_set_new(o, "diagnostics", json_array());
        return;
    }
    cm_stats_get(m->mem.cm, CM_ALL, CM_ALL, &st);
    all = cm_stats_to_json(&st);
    json_object_set_new(o, "cache_model", json_true());
    json_object_set(o, "caches", json_object_get(all, "caches"));
    json_object_set(o, "uncached", json_object_get(all, "uncached"));
    json_object_set(o, "write_buffer", json_object_get(all, "write_buffer"));
    json_object_set(o, "tlb", json_object_get(all, "tlb"));
    json_object_set(o, "refs", json_object_get(all, "refs"));
    json_decref(all);
    cm_stats_get(m->mem.cm, CM_ALL, 1, &st);
    json_object_set_new(o, "kernel_mode", cm_stats_to_json(&st));
    cm_stats_get(m->mem.cm, CM_ALL, 0, &st);
    json_object_set_new(o, "user_mode", cm_stats_to_json(&st));
    ctx = json_array();
    for (unsigned i = 0; i < m->mem.nctx; i++) {
        json_t *c;
        cm_stats_get(m->mem.cm, (int)i, CM_ALL, &st);
        c = cm_stats_to_json(&st);
        json_object_set_new(c, "context", json_integer(i));
        json_object_set_new(c, "ttbr0", json_integer(m->mem.ttbr[i]));
        json_array_append_new(ctx, c);
    }
    json_object_set_new(o, "contexts", ctx);
    json_object_set_new(o, "diagnostics", diags_json(m));
    json_object_set_new(o, "uncached_by_side", sides_json(m));
    k5_json(json_object_get(o, "diagnostics"), m);
}

static json_t *hex_json(uint32_t v)
{
    char buf[12];
    snprintf(buf, sizeof(buf), "0x%08x", v);
    return json_string(buf);
}

/* "0xc0001234 <smp!SMP_IOControl+0x40>" when a symbol names the address unambiguously
 * (kernel and kernel-mode driver addresses; every user image sits at the same VA). */
static json_t *site_json(const struct report_run *run, uint32_t addr)
{
    const struct rom_sym *s = run->img && addr >= VM_KERNEL_BASE ? rom_image_sym_at(run->img, addr)
                                                                : NULL;
    char buf[160];
    if (!s)
        return hex_json(addr);
    snprintf(buf, sizeof(buf), "0x%08x <%s+0x%x>", addr, s->name, addr - s->value);
    return json_string(buf);
}

static json_t *marshal_json(const struct machine *m, const struct report_run *run)
{
    json_t *a = json_array();
    for (size_t i = 0; i < m->kobs.ncalls; i++) {
        const struct kobs_call *c = &m->kobs.calls[i];
        const struct kinfo_marshal *r = &c->rec;
        json_t *o = json_object();
        json_object_set_new(o, "api", json_string(kobs_api_name(r->api)));
        json_object_set_new(o, "mode", json_string(kobs_mode_name(r->mode)));
        json_object_set_new(o, "bytes", json_integer(r->bytes));
        json_object_set_new(o, "cycles", json_integer((json_int_t)c->cycles));
        json_object_set_new(o, "instructions", json_integer((json_int_t)c->insns));
        json_object_set_new(o, "result", hex_json(r->result));
        json_object_set_new(o, "process", json_integer(r->pid));
        json_object_set_new(o, "caller_process", json_integer(r->caller_pid));
        json_object_set_new(o, "thread", json_integer(r->tid));
        json_object_set_new(o, "call_site", site_json(run, r->call_site));
        json_object_set_new(o, "descriptor", hex_json(r->desc));
        json_object_set_new(o, "src", hex_json(r->src));
        json_object_set_new(o, "dest", hex_json(r->dest));
        json_object_set_new(o, "copied", json_integer(r->copied));
        json_object_set_new(o, "begin_cycle", json_integer((json_int_t)c->begin_cycle));
        json_array_append_new(a, o);
    }
    return a;
}

/* Live buffers when the run ended: the kernel's record (L1). */
static json_t *leaks_json(const struct machine *m, const struct report_run *run)
{
    json_t *a = json_array();
    const struct kinfo *k = m->kobs.k;
    if (!k || k->magic != KINFO_MAGIC)
        return a;
    for (unsigned i = 0; i < KINFO_LIVE_MAX; i++) {
        const struct kinfo_live *l = &k->live[i];
        if (l->kind == KINFO_LIVE_FREE)
            continue;
        json_array_append_new(
            a, json_pack("{s:s, s:s, s:o, s:o, s:i, s:o, s:i, s:i, s:o}", "kind",
                         l->kind == KINFO_LIVE_ALIAS ? "alias" : "duplicate", "api",
                         kobs_api_name(l->api), "dest", hex_json(l->dest), "src",
                         hex_json(l->src), "bytes", (int)l->bytes, "descriptor",
                         hex_json(l->desc), "process", (int)l->pid, "caller_process",
                         (int)l->caller_pid, "call_site", site_json(run, l->call_site)));
    }
    return a;
}

static void kernel_diags_json(json_t *diags, const struct machine *m, const struct report_run *run)
{
    for (size_t i = 0; i < m->kobs.ndiags; i++) {
        const struct kinfo_diag *d = &m->kobs.diags[i];
        json_array_append_new(
            diags, json_pack("{s:s, s:s, s:o, s:o, s:i, s:i, s:i, s:o, s:s}", "kind",
                             kobs_diag_name(d->kind), "api", kobs_api_name(d->api), "pc",
                             site_json(run, d->call_site), "va", hex_json(d->addr), "process",
                             (int)d->pid, "thread", (int)d->tid, "bytes", (int)d->bytes,
                             "descriptor", hex_json(d->desc), "source", "kernel"));
    }
}

static json_t *run_json(const struct machine *m, const struct report_run *run)
{
    json_t *o = json_object();
    json_object_set_new(o, "scenario", json_string(run->scenario));
    json_object_set_new(o, "stop", json_string(report_stop_name(m)));
    json_object_set_new(o, "exit_status", json_integer(run->exit_status));
    if (m->stop == STOP_FATAL)
        json_object_set_new(o, "fatal", json_string(m->fatal_msg));
    json_object_set_new(o, "instructions", json_integer((json_int_t)m->insns));
    json_object_set_new(o, "cycles", json_integer((json_int_t)m->cycles));
    json_object_set_new(o, "idle_cycles", json_integer((json_int_t)m->stats.idle_cycles));
    json_object_set_new(o, "exceptions", exceptions_json(m));
    json_object_set_new(o, "semihosting_calls", json_integer((json_int_t)m->stats.semihost_calls));
    json_object_set_new(o, "cp15", cp15_json(m));
    json_object_set_new(o, "mmio", json_pack("{s:I,s:I}", "reads", (json_int_t)m->board.mmio_reads,
                                             "writes", (json_int_t)m->board.mmio_writes));
    json_object_set_new(o, "host_tlb", json_pack("{s:I,s:I}", "walks", (json_int_t)m->mmu.walks,
                                                 "hits", (json_int_t)m->mmu.tlb_hits));
    memory_json(o, m);
    kernel_diags_json(json_object_get(o, "diagnostics"), m, run);
    json_object_set_new(o, "marshal", marshal_json(m, run));
    /* Records the kernel overwrote before the simulator read them: should stay 0. */
    json_object_set_new(o, "marshal_records_lost", json_integer((json_int_t)m->kobs.lost));
    json_object_set_new(o, "leaks", leaks_json(m, run));
    json_object_set_new(o, "host", json_pack("{s:f,s:f}", "seconds", run->host_seconds, "mips",
                                             mips(m, run->host_seconds)));
    return o;
}

int report_json(const char *path, const struct machine *m, const struct report_run *run,
                char *err, size_t errlen)
{
    json_t *o = run_json(m, run);
    int rc = json_dump_file(o, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (rc) {
        snprintf(err, errlen, "cannot write %s", path);
        return -1;
    }
    return 0;
}
