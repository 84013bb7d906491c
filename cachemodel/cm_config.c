/*
 * cm_config.c: the cache model's parameter table, and the library's names for things.
 *
 * Every tunable number of the model is one row of cm_params below: its name as a
 * scenario's [cache]/[timing] section or `--set` spells it, its default (applied through
 * the same parser, so the table is the one source of defaults), the default's status
 * (TRM: a fact of the ARM926EJ-S Technical Reference Manual; estimate: a figure that
 * depends on the SoC bus and SDRAM, spec/arm926.md; model: a choice of this simulator),
 * and a line of documentation. Values are checked here, once, at set-up; the per-reference
 * code only asserts.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cm_internal.h"

enum cm_ptype { PT_UINT, PT_SIZE, PT_ENUM };

#define PF_POW2 1u /* value must be a power of two */

struct cm_param {
    const char *name;
    enum cm_ptype type;
    size_t off; /* of the uint32_t field in struct cm_config */
    uint32_t min, max, flags;
    const char *const *names; /* PT_ENUM: spelling of each value, NULL-terminated */
    const char *def, *status, *doc;
};

static const char *const repl_names[] = {"rr", "random", "lru", NULL};
static const char *const tags_names[] = {"vivt", "pipt", NULL};

#define F(field) offsetof(struct cm_config, field)
#define KB 1024u

static const struct cm_param cm_params[] = {
    {"cache.size_i", PT_SIZE, F(size_i), 4 * KB, 128 * KB, PF_POW2, NULL, "16K", "TRM",
     "I-cache bytes, 4K..128K, power of two (ARM926EJ-S range; 16K on this board)"},
    {"cache.size_d", PT_SIZE, F(size_d), 4 * KB, 128 * KB, PF_POW2, NULL, "16K", "TRM",
     "D-cache bytes, 4K..128K, power of two"},
    {"cache.ways", PT_UINT, F(ways), 1, 64, PF_POW2, NULL, "4", "TRM",
     "associativity of both caches; 16K/4 ways = 4K a way, so two aliases of a page share "
     "a set"},
    {"cache.line", PT_SIZE, F(line), 8, 256, PF_POW2, NULL, "32", "TRM",
     "line bytes (8 words); two dirty bits a line, so write-backs move a half or a whole "
     "line"},
    {"cache.replacement", PT_ENUM, F(replacement), 0, 2, 0, repl_names, "rr", "TRM",
     "rr: one round-robin counter per cache (SCTLR.RR=1); random: seeded xorshift "
     "(SCTLR.RR=0); lru: for comparison, not in the ARM926. An invalid way is always "
     "filled first"},
    {"cache.tags", PT_ENUM, F(tags), 0, 1, 0, tags_names, "vivt", "TRM",
     "vivt: index and tag from the MVA, no address-space id (ARM926); pipt: from the PA, "
     "standing for all other CPUs"},
    {"cache.seed", PT_UINT, F(seed), 0, UINT32_MAX, 0, NULL, "1", "model",
     "seed of the random replacement (0 is taken as 1)"},
    {"wbuf.words", PT_UINT, F(wbuf_words), 2, 64, 0, NULL, "16", "TRM",
     "write buffer data words; a separate write-back buffer holds one evicted line"},
    {"wbuf.entries", PT_UINT, F(wbuf_entries), 1, CM_WBUF_MAX_ENTRIES, 0, NULL, "4", "TRM",
     "write buffer addresses; consecutive words merge into one address"},
    {"tlb.sets", PT_UINT, F(tlb_sets), 1, 128, PF_POW2, NULL, "32", "TRM",
     "main TLB sets (64 entries = 2 ways x 32; the 8 lockdown entries are not modelled)"},
    {"tlb.ways", PT_UINT, F(tlb_ways), 1, 8, 0, NULL, "2", "TRM", "main TLB ways"},
    {"timing.issue", PT_UINT, F(timing.issue), 0, 1000, 0, NULL, "1", "TRM",
     "cycles per instruction, charged on its fetch; an I-cache hit adds nothing"},
    {"timing.hit", PT_UINT, F(timing.hit), 0, 1000, 0, NULL, "1", "TRM",
     "cycles of a D-cache access; a miss adds the wait for the critical word"},
    {"timing.uncached_read", PT_UINT, F(timing.uncached_read), 1, 10000, 0, NULL, "14", "estimate",
     "cycles per word of a C=0 read (one bus transfer each: an LDM of 8 words pays 8x)"},
    {"timing.line_fill", PT_UINT, F(timing.line_fill), 1, 10000, 0, NULL, "30", "estimate",
     "bus cycles of one line fill, a wrapping burst, critical word first"},
    {"timing.critical_word", PT_UINT, F(timing.critical_word), 1, 10000, 0, NULL, "14", "estimate",
     "cycles from the start of a fill until its critical word: the miss stall"},
    {"timing.writeback_line", PT_UINT, F(timing.writeback_line), 1, 10000, 0, NULL, "12",
     "estimate",
     "bus cycles writing back a fully dirty line; on eviction hidden by the write-back "
     "buffer unless another bus access follows"},
    {"timing.writeback_half", PT_UINT, F(timing.writeback_half), 1, 10000, 0, NULL, "8", "estimate",
     "bus cycles writing back a line with one dirty half"},
    {"timing.buffered_write", PT_UINT, F(timing.buffered_write), 0, 1000, 0, NULL, "1", "estimate",
     "cycles of a write into the write buffer while it has room"},
    {"timing.drain_word", PT_UINT, F(timing.drain_word), 1, 1000, 0, NULL, "2", "estimate",
     "bus cycles per word drained from the write buffer to memory"},
    {"timing.unbuffered_write", PT_UINT, F(timing.unbuffered_write), 1, 10000, 0, NULL, "14",
     "estimate", "cycles per word of a C=0,B=0 write (the core stalls until it is done)"},
    {"timing.tlb_walk", PT_UINT, F(timing.tlb_walk), 0, 10000, 0, NULL, "30", "estimate",
     "cycles of a TLB miss: table walk of two memory reads"},
    {"timing.maint_line", PT_UINT, F(timing.maint_line), 0, 1000, 0, NULL, "1", "estimate",
     "cycles of a cache or TLB operation on one line/entry, plus the write-back of a dirty "
     "line; also the drain instruction itself"},
    {"timing.maint_all", PT_UINT, F(timing.maint_all), 0, 100000, 0, NULL, "1", "estimate",
     "cycles of invalidating a whole cache or the whole TLB"},
    {"check.coherence", PT_UINT, F(check), 0, 1, 0, NULL, "1", "model",
     "coherence checker: versions per physical word, stale-read and overwrite reports"},
    {"check.max_reports", PT_UINT, F(max_reports), 1, 1u << 20, 0, NULL, "1024", "model",
     "distinct diagnostics kept (per kind, PC and PA line); further ones are only counted"},
    {"stats.contexts", PT_UINT, F(contexts), 1, 4096, 0, NULL, "64", "model",
     "context ids with statistics of their own; higher ids share one bucket"},
};

#define NPARAMS (sizeof cm_params / sizeof cm_params[0])

static void seterr(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static const struct cm_param *find_param(const char *name)
{
    for (size_t i = 0; i < NPARAMS; i++)
        if (strcmp(cm_params[i].name, name) == 0)
            return &cm_params[i];
    return NULL;
}

static uint32_t *field(struct cm_config *cfg, const struct cm_param *p)
{
    return (uint32_t *)((char *)cfg + p->off);
}

/* Decimal or 0x-hex, then for sizes an optional K or M (binary units). */
static bool parse_number(const char *s, bool size_suffix, uint64_t *out)
{
    char *end;
    if (!*s || *s == '-' || *s == '+')
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s)
        return false;
    if (size_suffix && (*end == 'K' || *end == 'k'))
        v *= 1024u, end++;
    else if (size_suffix && (*end == 'M' || *end == 'm'))
        v *= 1024u * 1024u, end++;
    if (*end || v > UINT32_MAX)
        return false;
    *out = v;
    return true;
}

static bool parse_enum(const struct cm_param *p, const char *s, uint64_t *out)
{
    for (uint32_t i = 0; p->names[i]; i++) {
        if (strcmp(p->names[i], s) == 0) {
            *out = i;
            return true;
        }
    }
    return false;
}

static void enum_choices(const struct cm_param *p, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = 0;
    for (uint32_t i = 0; p->names[i] && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? "|" : "", p->names[i]);
}

cm_err cm_config_set(struct cm_config *cfg, const char *name, const char *value, char *err,
                     size_t errlen)
{
    const struct cm_param *p = find_param(name);
    if (!p) {
        seterr(err, errlen, "unknown parameter '%s'", name);
        return CM_ERR_PARAM;
    }
    uint64_t v;
    if (p->type == PT_ENUM) {
        if (!parse_enum(p, value, &v)) {
            char choices[64];
            enum_choices(p, choices, sizeof choices);
            seterr(err, errlen, "%s: '%s' is not one of %s", name, value, choices);
            return CM_ERR_VALUE;
        }
    } else if (!parse_number(value, p->type == PT_SIZE, &v)) {
        seterr(err, errlen, "%s: '%s' is not a number%s", name, value,
               p->type == PT_SIZE ? " (a K or M suffix is allowed)" : "");
        return CM_ERR_VALUE;
    }
    if (v < p->min || v > p->max) {
        seterr(err, errlen, "%s: %s is outside %u..%u", name, value, p->min, p->max);
        return CM_ERR_VALUE;
    }
    if ((p->flags & PF_POW2) && (v & (v - 1))) {
        seterr(err, errlen, "%s: %s is not a power of two", name, value);
        return CM_ERR_VALUE;
    }
    *field(cfg, p) = (uint32_t)v;
    return CM_OK;
}

static void format_value(const struct cm_param *p, uint32_t v, char *buf, size_t len)
{
    if (p->type == PT_ENUM && v <= p->max)
        snprintf(buf, len, "%s", p->names[v]);
    else if (p->type == PT_SIZE && v >= 1024 && v % 1024 == 0)
        snprintf(buf, len, "%uK", v / 1024);
    else
        snprintf(buf, len, "%u", v);
}

cm_err cm_config_get(const struct cm_config *cfg, const char *name, char *buf, size_t len)
{
    const struct cm_param *p = find_param(name);
    if (!p)
        return CM_ERR_PARAM;
    format_value(p, *field((struct cm_config *)cfg, p), buf, len);
    return CM_OK;
}

void cm_config_defaults(struct cm_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    for (size_t i = 0; i < NPARAMS; i++) {
        cm_err e = cm_config_set(cfg, cm_params[i].name, cm_params[i].def, NULL, 0);
        assert(e == CM_OK);
        (void)e;
    }
}

/* Every field once more against its own row: catches a struct filled by hand. */
static cm_err check_ranges(const struct cm_config *cfg, char *err, size_t errlen)
{
    for (size_t i = 0; i < NPARAMS; i++) {
        const struct cm_param *p = &cm_params[i];
        uint32_t v = *field((struct cm_config *)cfg, p);
        if (v < p->min || v > p->max || ((p->flags & PF_POW2) && (v & (v - 1)))) {
            seterr(err, errlen, "%s: %u is not a valid value", p->name, v);
            return CM_ERR_VALUE;
        }
    }
    return CM_OK;
}

cm_err cm_config_check(const struct cm_config *cfg, char *err, size_t errlen)
{
    cm_err e = check_ranges(cfg, err, errlen);
    if (e != CM_OK)
        return e;
    uint32_t way_bytes = cfg->ways * cfg->line;
    if (way_bytes > cfg->size_i || way_bytes > cfg->size_d) {
        seterr(err, errlen, "cache.ways x cache.line (%u bytes) exceeds a cache size", way_bytes);
        return CM_ERR_CONFIG;
    }
    if (cfg->timing.critical_word > cfg->timing.line_fill) {
        seterr(err, errlen, "timing.critical_word (%u) exceeds timing.line_fill (%u)",
               cfg->timing.critical_word, cfg->timing.line_fill);
        return CM_ERR_CONFIG;
    }
    if (cfg->tlb_sets * cfg->tlb_ways > CM_TLB_MAX) {
        seterr(err, errlen, "tlb.sets x tlb.ways exceeds %u entries", CM_TLB_MAX);
        return CM_ERR_CONFIG;
    }
    return CM_OK;
}

bool cm_config_param(unsigned i, const char **name, const char **def, const char **status,
                     const char **doc)
{
    if (i >= NPARAMS)
        return false;
    if (name)
        *name = cm_params[i].name;
    if (def)
        *def = cm_params[i].def;
    if (status)
        *status = cm_params[i].status;
    if (doc)
        *doc = cm_params[i].doc;
    return true;
}

void cm_config_print_table(FILE *f)
{
    fprintf(f, "%-24s %-8s %-9s %s\n", "parameter", "default", "status", "meaning");
    for (size_t i = 0; i < NPARAMS; i++) {
        const struct cm_param *p = &cm_params[i];
        fprintf(f, "%-24s %-8s %-9s %s\n", p->name, p->def, p->status, p->doc);
    }
}

/* ---- Names --------------------------------------------------------------------------- */

const char *cm_strerror(cm_err e)
{
    static const char *const msg[CM_NERRS] = {
        [CM_OK] = "no error",
        [CM_ERR_PARAM] = "unknown parameter",
        [CM_ERR_VALUE] = "invalid parameter value",
        [CM_ERR_CONFIG] = "inconsistent configuration",
        [CM_ERR_NOMEM] = "out of memory",
        [CM_ERR_IO] = "trace read error",
        [CM_ERR_TRACE] = "malformed trace line",
    };
    return (unsigned)e < CM_NERRS ? msg[e] : "unknown error";
}

const char *cm_reftype_name(unsigned type)
{
    static const char *const names[CM_NREFTYPES] = {
        [CM_READ] = "read",
        [CM_WRITE] = "write",
        [CM_IFETCH] = "ifetch",
        [CM_INV_IDC_ALL] = "inv_idc_all",
        [CM_INV_I_ALL] = "inv_i_all",
        [CM_INV_I_MVA] = "inv_i_mva",
        [CM_INV_D_ALL] = "inv_d_all",
        [CM_INV_D_MVA] = "inv_d_mva",
        [CM_CLEAN_D_MVA] = "clean_d_mva",
        [CM_CLEAN_D_SETWAY] = "clean_d_setway",
        [CM_CLEAN_INV_D_MVA] = "clean_inv_d_mva",
        [CM_CLEAN_INV_D_SETWAY] = "clean_inv_d_setway",
        [CM_TEST_CLEAN_D] = "test_clean_d",
        [CM_TEST_CLEAN_INV_D] = "test_clean_inv_d",
        [CM_DRAIN_WB] = "drain_wb",
        [CM_TLB_INV_ALL] = "tlb_inv_all",
        [CM_TLB_INV_MVA] = "tlb_inv_mva",
    };
    return type < CM_NREFTYPES ? names[type] : "?";
}

const char *cm_diag_kind_name(unsigned kind)
{
    static const char *const names[CM_NDIAG_KINDS] = {
        [CM_DIAG_STALE_READ] = "stale-read",
        [CM_DIAG_WB_OVERWRITE] = "writeback-overwrite",
        [CM_DIAG_HOMONYM] = "homonym",
        [CM_DIAG_DMA_STALE] = "dma-stale-read",
    };
    return kind < CM_NDIAG_KINDS ? names[kind] : "?";
}
