/*
 * cachesim.c: the trace-driven front end of the cache model (build/cachesim).
 *
 * Reads a trace in Dinero IV's `din` format, one reference a line:
 *
 *     <label> <hex address> [<size>]
 *
 *   label 0  data read        1  data write      2  instruction fetch
 *         3  misc/escape: counted and ignored
 *         4  flush: clean and invalidate the whole D-cache, done as the ARM926 does it,
 *            a test-clean-invalidate loop (MRC c7,c14,3 until Z); the I-cache is kept
 *   address  hex, optional 0x, at most 32 bits; the reference is the aligned word that
 *            holds it (size 4), with VA = PA and write-back attributes (C=1, B=1)
 *   size     an optional third field, ignored
 *
 * Blank lines are skipped; anything else is an error naming the line (exit 2). Then it
 * prints a summary in the spirit of Dinero IV's: per cache, demand fetches and misses by
 * type and miss rates, line fills, write-backs, bytes moved; the write buffer; and the
 * modelled cycles. The coherence checker is off unless --check (a din trace has one
 * mapping, so it can report nothing but is slower).
 *
 * Speed matters (target: 60 M references/s on this machine), so the trace is read in
 * 1 MB blocks, the usual line shape is parsed eight bytes at a time, and one cm_ref is
 * reused.
 */
#define _GNU_SOURCE /* memrchr */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cm.h"

#define BLOCK (1u << 20)
#define EXIT_USAGE 2

enum din_label { DIN_READ, DIN_WRITE, DIN_IFETCH, DIN_MISC, DIN_FLUSH, DIN_NLABELS };

struct sim {
    cm_model *m;
    cm_ref ref;
    uint64_t count[DIN_NLABELS];
    uint64_t lines;    /* lines before the block being parsed */
    const char *block; /* start of that block */
    const char *name;  /* of the trace, for messages */
};

static signed char hexval[256];

static void init_hexval(void)
{
    memset(hexval, -1, sizeof hexval);
    for (int i = 0; i < 10; i++)
        hexval['0' + i] = (signed char)i;
    for (int i = 0; i < 6; i++) {
        hexval['a' + i] = (signed char)(10 + i);
        hexval['A' + i] = (signed char)(10 + i);
    }
}

/* A malformed line: its number is counted only now, so parsing need not count lines. */
static void die_line(const struct sim *s, const char *line, const char *what)
{
    uint64_t n = s->lines + 1u;
    for (const char *p = s->block; p < line; p++)
        n += *p == '\n';
    fprintf(stderr, "cachesim: %s:%llu: %s\n", s->name, (unsigned long long)n, what);
    exit(EXIT_USAGE);
}

/* Label 4: the test-clean-invalidate loop of arm926_flush_kern_cache_all. */
static __attribute__((noinline)) void din_flush(struct sim *s)
{
    cm_ref r = s->ref;
    r.type = CM_TEST_CLEAN_INV_D;
    do
        cm_access(s->m, &r);
    while (!cm_test_z(s->m));
}

static inline __attribute__((always_inline)) void din_reference(struct sim *s, unsigned label,
                                                                uint32_t addr)
{
    static const uint8_t type_of[3] = {CM_READ, CM_WRITE, CM_IFETCH};
    s->count[label]++;
    if (label < DIN_MISC) {
        s->ref.type = type_of[label];
        s->ref.va = s->ref.pa = addr & ~3u;
        cm_access(s->m, &s->ref);
    } else if (label == DIN_FLUSH) {
        din_flush(s);
    }
}

static inline bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Parse the line at p in full generality (leading blanks, 0x, a size field, CR) and
 * model it. The line ends with '\n' (the caller guarantees it). Returns the next line.
 */
static const char *parse_line_slow(struct sim *s, const char *p)
{
    const char *line = p;
    while (is_blank(*p))
        p++;
    if (*p == '\n')
        return p + 1;
    unsigned label = (unsigned)(*p - '0');
    if (label >= DIN_NLABELS || !is_blank(p[1]))
        die_line(s, line, "expected a label 0-4 followed by a blank");
    p += 2;
    while (is_blank(*p))
        p++;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        p += 2;
    uint64_t addr = 0;
    const char *digits = p;
    for (int v; (v = hexval[(unsigned char)*p]) >= 0; p++) {
        addr = (addr << 4) | (unsigned)v;
        if (addr > UINT32_MAX)
            die_line(s, line, "address exceeds 32 bits");
    }
    if (p == digits)
        die_line(s, line, "expected a hexadecimal address");
    if (!is_blank(*p) && *p != '\n')
        die_line(s, line, "bad character in the address");
    while (is_blank(*p))
        p++;
    while (hexval[(unsigned char)*p] >= 0 || *p == 'x' || *p == 'X')
        p++; /* the optional size field */
    while (is_blank(*p))
        p++;
    if (*p != '\n')
        die_line(s, line, "unexpected text after the address");
    din_reference(s, label, (uint32_t)addr);
    return p + 1;
}

/* SWAR helpers on 8 ASCII bytes: 0x80 in each byte where the byte is >= k. */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static inline uint64_t bytes_ge(uint64_t x, unsigned k)
{
    return ((((x & ~HIGHS) + (0x80u - k) * ONES)) | x) & HIGHS;
}

/*
 * The usual shape, "L hhhhhhhh\n" with 1 to 8 hex digits, without a branch per digit:
 * find the end of the digits, check they are all hex, turn them into nibbles and pack
 * them, all on one 8-byte word. Returns NULL when the line has another shape.
 */
static inline const char *parse_line_fast(struct sim *s, const char *p)
{
    unsigned label = (unsigned)(p[0] - '0');
    if (label >= DIN_NLABELS || p[1] != ' ')
        return NULL;
    uint64_t x, after;
    memcpy(&x, p + 2, 8); /* the digits; the buffer is padded, so reading past is safe */
    memcpy(&after, p + 3, 8);
    uint64_t below30 = ~bytes_ge(after, 0x30) & HIGHS; /* blanks, '\n' */
    if (!below30)
        return NULL;                                           /* more than 8 digits */
    unsigned n = (unsigned)__builtin_ctzll(below30) / 8u + 1u; /* digits, 1..8 */
    if (p[2 + n] != '\n')
        return NULL;
    uint64_t keep = ~0ull >> (64u - 8u * n);
    /* Each byte's value if it is a hex digit, then check it is: spelling the value back
     * (lowercase) must give the byte (lowercased), and the value must be below 16. */
    uint64_t letter = (x >> 6) & ONES; /* 1 in bytes from 0x40 up */
    uint64_t nib = (x & 0x0f0f0f0f0f0f0f0full) + letter * 9u;
    uint64_t above9 = ((nib + 0x76u * ONES) & HIGHS) >> 7;
    uint64_t above15 = (nib + 0x70u * ONES) & HIGHS;
    uint64_t spelled = nib + 0x30u * ONES + above9 * 0x27u;
    if (((spelled ^ (x | letter << 5)) | above15 | (x & HIGHS)) & keep)
        return NULL;
    nib = __builtin_bswap64(nib & keep) >> (8u * (8u - n)); /* first digit on top */
    nib = (nib | (nib >> 4)) & 0x00ff00ff00ff00ffull;
    nib = (nib | (nib >> 8)) & 0x0000ffff0000ffffull;
    nib = (nib | (nib >> 16)) & 0xffffffffull;
    din_reference(s, label, (uint32_t)nib);
    return p + 3 + n;
}

static const char *parse_line(struct sim *s, const char *p)
{
    const char *next = parse_line_fast(s, p);
    if (next)
        return next;
    return parse_line_slow(s, p);
}

/* Parse every complete line in buf[0..len); returns the bytes consumed. */
static size_t parse_block(struct sim *s, const char *buf, size_t len)
{
    const char *end = memrchr(buf, '\n', len);
    if (!end)
        return 0;
    const char *p = buf;
    uint64_t n = 0;
    s->block = buf;
    for (; p <= end; n++)
        p = parse_line(s, p);
    s->lines += n; /* for messages about later blocks */
    return (size_t)(end + 1 - buf);
}

/*
 * Read the trace in 1 MB blocks, carrying a partial line over to the next block. (Mapping
 * the file instead was measured slower here: page faults cost more than the copy.)
 */
static void run_trace(struct sim *s, int fd)
{
    char *buf = malloc(2u * BLOCK + 16u); /* padding for parse_line_fast */
    size_t have = 0;
    if (!buf) {
        fputs("cachesim: out of memory\n", stderr);
        exit(EXIT_USAGE);
    }
    for (;;) {
        ssize_t n = read(fd, buf + have, BLOCK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "cachesim: %s: %s: %s\n", s->name, cm_strerror(CM_ERR_IO),
                    strerror(errno));
            exit(EXIT_USAGE);
        }
        if (n == 0)
            break;
        have += (size_t)n;
        size_t used = parse_block(s, buf, have);
        memmove(buf, buf + used, have - used);
        have -= used;
        if (have > BLOCK)
            die_line(s, buf, "line too long");
    }
    if (have) { /* a last line without its newline */
        buf[have++] = '\n';
        parse_block(s, buf, have);
    }
    free(buf);
}

/* ---- Summary ----------------------------------------------------------------------- */

static double ratio(uint64_t a, uint64_t b)
{
    return b ? (double)a / (double)b : 0.0;
}

static void row_u64(const char *name, const uint64_t v[4])
{
    printf(" %-22s %12llu %12llu %12llu %12llu\n", name, (unsigned long long)v[0],
           (unsigned long long)v[1], (unsigned long long)v[2], (unsigned long long)v[3]);
}

static void row_ratio(const char *name, const uint64_t a[4], const uint64_t b[4])
{
    printf(" %-22s %12.4f %12.4f %12.4f %12.4f\n", name, ratio(a[0], b[0]), ratio(a[1], b[1]),
           ratio(a[2], b[2]), ratio(a[3], b[3]));
}

static uint64_t maint_ops(const struct cm_cache_stats *c)
{
    uint64_t n = 0;
    for (unsigned t = CM_INV_IDC_ALL; t < CM_NREFTYPES; t++)
        n += c->access[t];
    return n;
}

static void print_cache(const char *name, const struct cm_cache_stats *c, uint32_t size,
                        const struct cm_config *cfg, uint64_t buffered_writes)
{
    uint64_t f[4] = {0, c->access[CM_IFETCH], c->access[CM_READ], c->access[CM_WRITE]};
    uint64_t m[4] = {0, c->miss[CM_IFETCH], c->miss[CM_READ], c->miss[CM_WRITE]};
    uint64_t total[4];
    f[0] = f[1] + f[2] + f[3];
    m[0] = m[1] + m[2] + m[3];
    for (int i = 0; i < 4; i++)
        total[i] = f[0];
    uint64_t wb_bytes = c->wb_full * cfg->line + c->wb_half * (cfg->line / 2u);
    printf("\n%s: %uK, %u-way, %u-byte lines, %u sets\n", name, size / 1024u, cfg->ways, cfg->line,
           size / (cfg->ways * cfg->line));
    printf(" %-22s %12s %12s %12s %12s\n", "Metrics", "Total", "Instrn", "Read", "Write");
    printf(" %-22s %12s %12s %12s %12s\n", "----------------------", "------------", "------------",
           "------------", "------------");
    row_u64("Demand fetches", f);
    row_ratio(" Fraction of total", f, total);
    row_u64("Demand misses", m);
    row_ratio(" Demand miss rate", m, f);
    printf(" %-22s %12llu\n", "Line fills", (unsigned long long)c->fills);
    printf(" %-22s %12llu\n", "Write-backs full", (unsigned long long)c->wb_full);
    printf(" %-22s %12llu\n", "Write-backs half", (unsigned long long)c->wb_half);
    printf(" %-22s %12llu\n", "Bytes from memory", (unsigned long long)(c->fills * cfg->line));
    printf(" %-22s %12llu\n", "Bytes to memory",
           (unsigned long long)(wb_bytes + 4u * buffered_writes));
    printf(" %-22s %12llu\n", "Maintenance ops", (unsigned long long)maint_ops(c));
}

/* Parameters whose value differs from the default, as name=value. */
static void print_config(const struct cm_config *cfg)
{
    struct cm_config def;
    cm_config_defaults(&def);
    const char *name;
    int n = 0;
    printf("config:");
    for (unsigned i = 0; cm_config_param(i, &name, NULL, NULL, NULL); i++) {
        char a[32], b[32];
        cm_config_get(cfg, name, a, sizeof a);
        cm_config_get(&def, name, b, sizeof b);
        if (strcmp(a, b) != 0 && strcmp(name, "check.coherence") != 0)
            printf(" %s=%s", name, a), n++;
    }
    printf("%s\n", n ? "" : " defaults (ARM926EJ-S, spec/arm926.md)");
}

static void print_summary(const struct sim *s)
{
    const struct cm_config *cfg = cm_model_config(s->m);
    struct cm_stats st;
    cm_stats_get(s->m, CM_ALL, CM_ALL, &st);
    uint64_t refs = 0;
    for (int i = 0; i < DIN_NLABELS; i++)
        refs += s->count[i];
    printf("cachesim: cesim ARM926EJ-S L1 cache model, din trace %s\n", s->name);
    print_config(cfg);
    printf("\n---Trace\n");
    printf(" %-22s %12llu\n", "References", (unsigned long long)refs);
    static const char *const lname[DIN_NLABELS] = {"read (0)", "write (1)", "ifetch (2)",
                                                   "misc (3, ignored)", "flush (4)"};
    for (int i = 0; i < DIN_NLABELS; i++)
        printf("  %-21s %12llu\n", lname[i], (unsigned long long)s->count[i]);
    print_cache("l1-icache", &st.icache, cfg->size_i, cfg, 0);
    print_cache("l1-dcache", &st.dcache, cfg->size_d, cfg, st.buffered_writes);
    printf("\n---Write buffer and bus\n");
    printf(" %-22s %12llu\n", "Buffered writes", (unsigned long long)st.buffered_writes);
    printf(" %-22s %12llu\n", "Buffer-full stalls", (unsigned long long)st.wbuf_stalls);
    printf(" %-22s %12llu\n", "  stall cycles", (unsigned long long)st.wbuf_stall_cycles);
    printf(" %-22s %12llu\n", "Bus wait cycles", (unsigned long long)st.bus_wait_cycles);
    printf("\n---Cycles (modelled core cycles)\n");
    printf(" %-22s %12llu\n", "Total", (unsigned long long)st.cycles);
    printf(" %-22s %12.4f\n", "Per reference", ratio(st.cycles, refs));
    if (cm_diag_count(s->m) || cm_diag_dropped(s->m))
        printf("\n---Coherence: %zu finding(s)\n", cm_diag_count(s->m));
    for (size_t i = 0; i < cm_diag_count(s->m); i++) {
        const struct cm_diag *d = cm_diag_get(s->m, i);
        printf(" %s x%llu: %s\n", cm_diag_kind_name(d->kind), (unsigned long long)d->count,
               d->message);
    }
}

/* ---- Options ----------------------------------------------------------------------- */

static void usage(FILE *f)
{
    fputs("usage: cachesim [options] [-i FILE]   (din trace on stdin without -i)\n"
          "  --size-i N, --size-d N   cache sizes, 4K..128K (cache.size_i, cache.size_d)\n"
          "  --ways N                 associativity (cache.ways)\n"
          "  --line N                 line bytes (cache.line)\n"
          "  --repl rr|random|lru     replacement (cache.replacement)\n"
          "  --tags vivt|pipt         tag mode (cache.tags)\n"
          "  --seed N                 random replacement seed (cache.seed)\n"
          "  --set NAME=VALUE         any model parameter (see --params)\n"
          "  --check                  run the coherence checker\n"
          "  --params                 print the parameter table and exit\n"
          "  --host-time              print host time and references/s on stderr\n",
          f);
}

static void set_param(struct cm_config *cfg, const char *name, const char *value)
{
    char err[160];
    if (cm_config_set(cfg, name, value, err, sizeof err) != CM_OK) {
        fprintf(stderr, "cachesim: %s\n", err);
        exit(EXIT_USAGE);
    }
}

static void set_assignment(struct cm_config *cfg, const char *arg)
{
    char name[64];
    const char *eq = strchr(arg, '=');
    if (!eq || (size_t)(eq - arg) >= sizeof name) {
        fprintf(stderr, "cachesim: --set wants NAME=VALUE, got '%s'\n", arg);
        exit(EXIT_USAGE);
    }
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = 0;
    set_param(cfg, name, eq + 1);
}

struct opts {
    const char *input;
    bool host_time;
};

static void parse_options(int argc, char **argv, struct cm_config *cfg, struct opts *o)
{
    enum {
        O_SIZE_I = 256,
        O_SIZE_D,
        O_WAYS,
        O_LINE,
        O_REPL,
        O_TAGS,
        O_SEED,
        O_SET,
        O_CHECK,
        O_PARAMS,
        O_HOST
    };
    static const struct option longopts[] = {{"size-i", required_argument, 0, O_SIZE_I},
                                             {"size-d", required_argument, 0, O_SIZE_D},
                                             {"ways", required_argument, 0, O_WAYS},
                                             {"line", required_argument, 0, O_LINE},
                                             {"repl", required_argument, 0, O_REPL},
                                             {"tags", required_argument, 0, O_TAGS},
                                             {"seed", required_argument, 0, O_SEED},
                                             {"set", required_argument, 0, O_SET},
                                             {"check", no_argument, 0, O_CHECK},
                                             {"params", no_argument, 0, O_PARAMS},
                                             {"host-time", no_argument, 0, O_HOST},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    static const char *const pname[] = {
        [O_SIZE_I - O_SIZE_I] = "cache.size_i",    [O_SIZE_D - O_SIZE_I] = "cache.size_d",
        [O_WAYS - O_SIZE_I] = "cache.ways",        [O_LINE - O_SIZE_I] = "cache.line",
        [O_REPL - O_SIZE_I] = "cache.replacement", [O_TAGS - O_SIZE_I] = "cache.tags",
        [O_SEED - O_SIZE_I] = "cache.seed"};
    int c;
    while ((c = getopt_long(argc, argv, "i:h", longopts, NULL)) != -1) {
        if (c >= O_SIZE_I && c <= O_SEED)
            set_param(cfg, pname[c - O_SIZE_I], optarg);
        else if (c == O_SET)
            set_assignment(cfg, optarg);
        else if (c == O_CHECK)
            cfg->check = 1;
        else if (c == O_PARAMS)
            cm_config_print_table(stdout), exit(0);
        else if (c == O_HOST)
            o->host_time = true;
        else if (c == 'i')
            o->input = optarg;
        else if (c == 'h')
            usage(stdout), exit(0);
        else
            usage(stderr), exit(EXIT_USAGE);
    }
    if (optind != argc) {
        fprintf(stderr, "cachesim: unexpected argument '%s'\n", argv[optind]);
        exit(EXIT_USAGE);
    }
}

static double host_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    struct cm_config cfg;
    struct opts o = {NULL, false};
    struct sim s = {0};
    char err[160];

    cm_config_defaults(&cfg);
    cfg.check = 0;
    parse_options(argc, argv, &cfg, &o);
    if (cm_model_new(&cfg, &s.m, err, sizeof err) != CM_OK) {
        fprintf(stderr, "cachesim: %s\n", err);
        return EXIT_USAGE;
    }
    int fd = 0;
    s.name = "stdin";
    if (o.input) {
        s.name = o.input;
        if ((fd = open(o.input, O_RDONLY)) < 0) {
            fprintf(stderr, "cachesim: %s: %s\n", o.input, strerror(errno));
            return EXIT_USAGE;
        }
    }
    s.ref = (cm_ref){.size = 4, .attrs = CM_ATTR_WB};
    init_hexval();
    double t0 = host_seconds();
    run_trace(&s, fd);
    double secs = host_seconds() - t0;
    print_summary(&s);
    if (o.host_time) {
        uint64_t refs = 0;
        for (int i = 0; i < DIN_NLABELS; i++)
            refs += s.count[i];
        fprintf(stderr, "cachesim: host %.3f s, %llu references, %.1f M references/s\n", secs,
                (unsigned long long)refs, secs > 0 ? refs / secs / 1e6 : 0.0);
    }
    if (fd)
        close(fd);
    cm_model_free(s.m);
    return 0;
}
