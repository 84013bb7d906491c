/*
 * main.c: the cesim command line.
 *
 *   cesim mkrom SCENARIO.ini -o ROM [--set section.key=value]...
 *   cesim run [options] SCENARIO.ini|ROM
 *
 * Exit status of `run`: the guest's semihosting exit code; 2 for a usage or
 * configuration error; 3 for a guest fatal error (kernel panic, unhandled exception,
 * a guest the simulator cannot go on with); 4 when the instruction budget ran out.
 */
#include <getopt.h>
#include <stdbool.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "board.h"
#include "cm.h"
#include "machine.h"
#include "report.h"
#include "rom.h"
#include "rom_build.h"
#include "rom_image.h"
#include "scenario.h"
#include "scenario_cm.h"
#include "trace.h"
#include "vm.h"

#define CESIM_VERSION "0.1.0"

enum { EXIT_USAGE = 2, EXIT_GUEST_FATAL = 3, EXIT_BUDGET = 4 };

struct options {
    const char *input;
    const char *output; /* mkrom -o */
    const char *json;
    struct trace_config trace;
    uint64_t max_insns;
    int max_insns_set;
    int quiet;
    const char **sets;
    size_t nsets;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: cesim run [options] SCENARIO.ini|ROM\n"
            "       cesim mkrom SCENARIO.ini -o ROM [--set section.key=value]...\n"
            "       cesim --help | --version\n"
            "\n"
            "run options:\n"
            "  --json FILE           write the JSON report to FILE\n"
            "  --max-insns N         instruction budget (exit 4 when spent)\n"
            "  --trace FILE          instruction trace with disassembly ('-' = stdout)\n"
            "  --trace-from N        first instruction traced (default 0)\n"
            "  --trace-count N       instructions traced at most (default %u)\n"
            "  --set section.key=value  override a scenario key (repeatable)\n"
            "  --quiet               guest console only, no summary\n"
            "\n"
            "exit status: the guest's exit code; 2 usage or configuration error;\n"
            "3 guest fatal error (kernel panic, unhandled exception); 4 budget spent.\n",
            TRACE_COUNT_DEFAULT);
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (!*s || *s == '-')
        return -1;
    *out = strtoull(s, &end, 0);
    return *end ? -1 : 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        {"json", required_argument, NULL, 'j'},      {"max-insns", required_argument, NULL, 'm'},
        {"trace", required_argument, NULL, 't'},     {"trace-from", required_argument, NULL, 'F'},
        {"trace-count", required_argument, NULL, 'C'}, {"set", required_argument, NULL, 's'},
        {"quiet", no_argument, NULL, 'q'},           {"output", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0}};
    int c;
    o->sets = calloc((size_t)argc, sizeof(*o->sets));
    optind = 2;
    while ((c = getopt_long(argc, argv, "o:q", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': o->json = optarg; break;
        case 't': o->trace.path = optarg; break;
        case 'q': o->quiet = 1; break;
        case 'o': o->output = optarg; break;
        case 's': o->sets[o->nsets++] = optarg; break;
        case 'm':
            if (parse_u64(optarg, &o->max_insns))
                goto bad_number;
            o->max_insns_set = 1;
            break;
        case 'F':
            if (parse_u64(optarg, &o->trace.from))
                goto bad_number;
            break;
        case 'C':
            if (parse_u64(optarg, &o->trace.count))
                goto bad_number;
            break;
        default: return -1;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "cesim: expected one SCENARIO.ini or ROM argument\n");
        return -1;
    }
    o->input = argv[optind];
    return 0;
bad_number:
    fprintf(stderr, "cesim: '%s' is not a number\n", optarg);
    return -1;
}

/* Bare image names resolve to <dir of this executable>/guest/NAME.elf. */
static void image_dir(char *buf, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0) {
        snprintf(buf, len, "build/guest");
        return;
    }
    exe[n] = '\0';
    snprintf(buf, len, "%s/guest", dirname(exe));
}

static int is_elf(const char *path)
{
    unsigned char magic[4] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(magic, 1, 4, f);
    fclose(f);
    return n == 4 && !memcmp(magic, "\177ELF", 4);
}

/* The scenario: from the INI file, or empty for a ROM; then the --set overrides. */
static struct scenario *load_scenario(const struct options *o, int from_ini, char *err,
                                      size_t errlen)
{
    char dir[PATH_MAX];
    struct scenario *sc = NULL;
    image_dir(dir, sizeof(dir));
    if (from_ini) {
        if (scenario_load(&sc, o->input, dir, err, errlen))
            return NULL;
    } else if (!(sc = scenario_new(dir))) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < o->nsets; i++) {
        if (scenario_set(sc, o->sets[i], err, errlen)) {
            scenario_free(sc);
            return NULL;
        }
    }
    if (scenario_check(sc, err, errlen)) {
        scenario_free(sc);
        return NULL;
    }
    return sc;
}

static int cmd_mkrom(const struct options *o)
{
    char err[512];
    struct scenario *sc;
    if (!o->output) {
        fprintf(stderr, "cesim: mkrom needs -o ROM\n");
        return EXIT_USAGE;
    }
    if (!(sc = load_scenario(o, 1, err, sizeof(err)))) {
        fprintf(stderr, "cesim: %s\n", err);
        return EXIT_USAGE;
    }
    int rc = rom_build(sc, o->output, err, sizeof(err));
    scenario_free(sc);
    if (rc) {
        fprintf(stderr, "cesim: %s\n", err);
        return EXIT_USAGE;
    }
    return 0;
}

static int load_rom(const struct options *o, const struct scenario *sc, int from_ini,
                    struct rom_image *img, char *err, size_t errlen)
{
    if (from_ini)
        return rom_build_load(sc, img, err, errlen);
    if (rom_image_load(o->input, img, err, errlen))
        return -1;
    return rom_image_apply_overrides(img, sc, err, errlen);
}

/* Copy the ROM into guest RAM and arm the CP15 interception. */
static int boot_image(struct machine *m, const struct rom_image *img, char *err, size_t errlen)
{
    const struct rom_sym *s0 = rom_image_find_sym(img, ROM_SYM_CP15_START);
    const struct rom_sym *s1 = rom_image_find_sym(img, ROM_SYM_CP15_END);
    for (size_t i = 0; i < img->nsegs; i++) {
        const struct rom_segment *s = &img->segs[i];
        if (machine_load(m, s->pa, s->bytes, s->filesz)) {
            snprintf(err, errlen, "segment at 0x%08x does not fit in RAM", s->pa);
            return -1;
        }
    }
    kobs_attach(m, img);
    if (!s0 || !s1) {
        fprintf(stderr, "cesim: warning: no %s/%s symbols: CP15 operations not intercepted\n",
                ROM_SYM_CP15_START, ROM_SYM_CP15_END);
        return 0;
    }
    return machine_hook_cp15(m, s0->value, s1->value, VM_KRAM_CACHED, err, errlen);
}

static void console_stdout(void *opaque, const char *bytes, size_t len)
{
    int *last = opaque;
    fwrite(bytes, 1, len, stdout);
    if (len)
        *last = bytes[len - 1];
}

static int exit_status(const struct machine *m)
{
    switch (m->stop) {
    case STOP_EXIT: return m->exit_code;
    case STOP_BUDGET: return EXIT_BUDGET;
    default: return EXIT_GUEST_FATAL;
    }
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void finish_run(const struct options *o, struct machine *m, const struct rom_image *img,
                       double seconds, int last_char)
{
    char err[256];
    struct report_run run = {o->input, img, seconds, exit_status(m)};
    fflush(stdout);
    if (m->stop == STOP_FATAL)
        fprintf(stderr, "cesim: guest fatal error: %s\n", m->fatal_msg);
    if (m->stop == STOP_BUDGET)
        fprintf(stderr, "cesim: instruction budget of %llu spent\n",
                (unsigned long long)m->cfg.max_insns);
    if (!o->quiet) {
        if (last_char && last_char != '\n')
            putchar('\n');
        report_summary(stdout, m, &run);
    }
    if (o->json && report_json(o->json, m, &run, err, sizeof(err)))
        fprintf(stderr, "cesim: %s\n", err);
}

static int run_machine(const struct options *o, const struct scenario *sc,
                       const struct rom_image *img)
{
    char err[512];
    struct machine *m = calloc(1, sizeof(*m));
    struct trace *tr = NULL;
    struct cm_config cc;
    bool model = !strcmp(scenario_get(sc, "cache", "model"), "on");
    struct machine_config cfg = {
        .ram_size = img->ram_size,
        .cpu_hz = scenario_get_u64(sc, "board", "cpu_hz"),
        .max_insns = o->max_insns_set ? o->max_insns : scenario_get_u64(sc, "sim", "max_insns"),
        .cache = model ? &cc : NULL,
    };
    int last = 0, status;
    double t0;

    if (model && scenario_cm_config(sc, &cc, err, sizeof(err))) {
        fprintf(stderr, "cesim: %s\n", err);
        free(m);
        return EXIT_USAGE;
    }
    if (!m || machine_create(m, &cfg, err, sizeof(err)) || boot_image(m, img, err, sizeof(err)) ||
        (o->trace.path && !(tr = trace_open(m, &o->trace, img, err, sizeof(err))))) {
        fprintf(stderr, "cesim: %s\n", m ? err : "out of memory");
        if (m)
            machine_destroy(m);
        free(m);
        return EXIT_USAGE;
    }
    m->console = console_stdout;
    m->console_opaque = &last;
    t0 = now_seconds();
    machine_run(m, img->entry, BOARD_BOOT_MAGIC, ROM_TOC_PA);
    trace_close(tr);
    finish_run(o, m, img, now_seconds() - t0, last);
    status = exit_status(m);
    machine_destroy(m);
    free(m);
    return status;
}

static int cmd_run(const struct options *o)
{
    char err[512];
    int from_ini = !is_elf(o->input), status;
    struct rom_image img;
    struct scenario *sc = load_scenario(o, from_ini, err, sizeof(err));

    if (!sc) {
        fprintf(stderr, "cesim: %s\n", err);
        return EXIT_USAGE;
    }
    if (load_rom(o, sc, from_ini, &img, err, sizeof(err))) {
        fprintf(stderr, "cesim: %s\n", err);
        scenario_free(sc);
        return EXIT_USAGE;
    }
    status = run_machine(o, sc, &img);
    rom_image_free(&img);
    scenario_free(sc);
    return status;
}

int main(int argc, char **argv)
{
    struct options o = {0};
    int rc;
    if (scenario_cm_register()) {
        fprintf(stderr, "cesim: too many cache model parameters for the scenario table\n");
        return EXIT_USAGE;
    }
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        putchar('\n');
        scenario_print_keys(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("cesim %s\n", CESIM_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "run") && strcmp(argv[1], "mkrom")) {
        fprintf(stderr, "cesim: unknown command '%s'\n", argv[1]);
        usage(stderr);
        return EXIT_USAGE;
    }
    if (parse_options(argc, argv, &o)) {
        usage(stderr);
        free(o.sets);
        return EXIT_USAGE;
    }
    rc = !strcmp(argv[1], "run") ? cmd_run(&o) : cmd_mkrom(&o);
    free(o.sets);
    return rc;
}
