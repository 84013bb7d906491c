/*
 * scenario.c: loading, overriding and querying a scenario (see scenario.h).
 *
 * libinih does the INI syntax; it is read through our own line reader (sc_reader) for
 * two reasons: the installed libinih does not pass line numbers to the handler, and
 * inih never reports a section that has no keys, while an [app.NAME] line alone is a
 * complete module. The reader counts physical lines, registers section headers, and
 * strips leading blanks so that inih's multi-line continuation (an indented line
 * continues the previous value) never applies: an indented line is an ordinary line.
 *
 * Values are validated against the key table (scenario_keys.c) as they arrive, so the
 * getters cannot fail afterwards; they keep the file and line they came from so that a
 * later error (a missing image, a driver without its exports) can point at them.
 */
#define _GNU_SOURCE /* memrchr */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "rom.h"
#include "scenario.h"

#define SC_SET_ORIGIN "--set" /* the `file` of values given on the command line */

/* Sections that always exist (every key at its default until set). */
static const char *const sc_fixed_sections[] = {"kernel", "board", "cache", "timing", "sim"};
#define SC_NFIXED (sizeof(sc_fixed_sections) / sizeof(sc_fixed_sections[0]))

struct sc_value {
    const struct scenario_key *key;
    char *value;
    const char *file; /* scenario path, or SC_SET_ORIGIN */
    int line;         /* 0 for --set */
};

struct sc_section {
    char *name; /* "kernel", "app.hello" */
    char *cls;  /* table section: "kernel", "app", "driver" ... */
    bool is_module;
    struct scenario_module mod; /* when is_module */
    const char *file;           /* where it was opened; NULL for an implied fixed section */
    int line;
    struct sc_value *vals;
    size_t nvals;
};

struct scenario {
    char *path;               /* INI file as given, NULL for scenario_new() */
    char *dir;                /* its directory: image paths with '/' are relative to it */
    char *image_dir;          /* where bare image names are looked up */
    struct sc_section **secs; /* fixed sections first, then the file's, in order */
    size_t nsecs;

    /* Parse state, valid during scenario_load(). */
    FILE *f;
    char *linebuf;
    size_t linecap;
    int line;     /* physical line of the text last handed to inih */
    int err_line; /* line of our first error, 0 if none */
    char *err;
    size_t errlen;
};

/* ---- small helpers ---- */


static char *sc_strdup(const char *s)
{
    char *d = strdup(s);

    if (!d) {
        fprintf(stderr, "cesim: out of memory\n");
        abort();
    }
    return d;
}

/* Tables added by other components (scenario_add_keys), searched after ours. */
#define SC_MAX_EXT 4
static struct {
    const struct scenario_key *rows;
    size_t n;
} sc_ext[SC_MAX_EXT];
static size_t sc_next;

int scenario_add_keys(const struct scenario_key *rows, size_t n)
{
    if (sc_next == SC_MAX_EXT)
        return -1;
    sc_ext[sc_next].rows = rows;
    sc_ext[sc_next++].n = n;
    return 0;
}

static const struct scenario_key *sc_match(const struct scenario_key *rows, size_t n,
                                           const char *cls, const char *key)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(rows[i].section, cls) == 0 && strcmp(rows[i].key, key) == 0)
            return &rows[i];
    }
    return NULL;
}

static const struct scenario_key *sc_find_key(const char *cls, const char *key)
{
    const struct scenario_key *k = sc_match(scenario_keys, scenario_nkeys, cls, key);
    for (size_t i = 0; !k && i < sc_next; i++)
        k = sc_match(sc_ext[i].rows, sc_ext[i].n, cls, key);
    return k;
}

static struct sc_section *sc_find_section(const struct scenario *sc, const char *name)
{
    for (size_t i = 0; i < sc->nsecs; i++) {
        if (strcmp(sc->secs[i]->name, name) == 0)
            return sc->secs[i];
    }
    return NULL;
}

static struct sc_value *sc_find_value(const struct sc_section *s, const char *key)
{
    for (size_t i = 0; i < s->nvals; i++) {
        if (strcmp(s->vals[i].key->key, key) == 0)
            return &s->vals[i];
    }
    return NULL;
}

static struct sc_section *sc_add_section(struct scenario *sc, const char *name, const char *cls)
{
    struct sc_section *s = calloc(1, sizeof(*s));
    struct sc_section **secs = realloc(sc->secs, (sc->nsecs + 1) * sizeof(*secs));

    if (!s || !secs) {
        fprintf(stderr, "cesim: out of memory\n");
        abort();
    }
    s->name = sc_strdup(name);
    s->cls = sc_strdup(cls);
    sc->secs = secs;
    sc->secs[sc->nsecs++] = s;
    return s;
}

/* ---- value syntax ---- */

/* Unsigned decimal, or hex with 0x; no sign, no blanks, no octal surprise. */
static int sc_parse_u64(const char *s, uint64_t *out, const char **end)
{
    int base = 10;
    char *e;

    if (!isdigit((unsigned char)s[0]))
        return -1;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        if (!isxdigit((unsigned char)s[2]))
            return -1;
    }
    errno = 0;
    *out = strtoull(s, &e, base);
    if (errno)
        return -1;
    *end = e;
    return 0;
}

static int sc_parse_int(const char *s, uint64_t *out)
{
    const char *end;

    if (sc_parse_u64(s, out, &end) < 0 || *end != '\0')
        return -1;
    return 0;
}

/* A number with an optional K, M or G suffix (powers of 1024). */
static int sc_parse_size(const char *s, uint64_t *out)
{
    const char *end;
    unsigned shift = 0;
    uint64_t v;

    if (sc_parse_u64(s, &v, &end) < 0)
        return -1;
    switch (*end) {
    case '\0': break;
    case 'K':
    case 'k': shift = 10; break;
    case 'M':
    case 'm': shift = 20; break;
    case 'G':
    case 'g': shift = 30; break;
    default: return -1;
    }
    if (shift && end[1] != '\0')
        return -1;
    if (shift && v > (UINT64_MAX >> shift))
        return -1;
    *out = v << shift;
    return 0;
}

/* Index of `v` in an enum's "a|b|c", or -1. */
static int sc_enum_index(const char *values, const char *v)
{
    size_t n = strlen(v);
    int i = 0;

    for (const char *p = values;; i++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);

        if (len == n && strncmp(p, v, n) == 0)
            return i;
        if (!bar)
            return -1;
        p = bar + 1;
    }
}

static int sc_check_number(const struct scenario_key *k, uint64_t v, char *why, size_t whylen)
{
    if (v < k->min || (k->max && v > k->max)) {
        if (k->max)
            sim_err(why, whylen, "%llu out of range %llu..%llu", (unsigned long long)v,
                   (unsigned long long)k->min, (unsigned long long)k->max);
        else
            sim_err(why, whylen, "%llu below the minimum %llu", (unsigned long long)v,
                   (unsigned long long)k->min);
        return -1;
    }
    if (k->align && v % k->align) {
        sim_err(why, whylen, "%llu is not a multiple of %llu", (unsigned long long)v,
               (unsigned long long)k->align);
        return -1;
    }
    return 0;
}

static int sc_check_string(const struct scenario_key *k, const char *v, char *why, size_t whylen)
{
    size_t n = strlen(v);

    if (n < k->min) {
        sim_err(why, whylen, "'%s' is too short (at least %llu characters)", v,
               (unsigned long long)k->min);
        return -1;
    }
    if (k->max && n > k->max) {
        sim_err(why, whylen, "too long: %zu characters, at most %llu", n,
               (unsigned long long)k->max);
        return -1;
    }
    return 0;
}

/* Whether `v` is a valid value of `k`; if not, `why` says so. */
static int sc_validate(const struct scenario_key *k, const char *v, char *why, size_t whylen)
{
    uint64_t n;

    switch (k->type) {
    case SCENARIO_INT:
        if (sc_parse_int(v, &n) < 0) {
            sim_err(why, whylen, "bad integer '%s'", v);
            return -1;
        }
        if (sc_check_number(k, n, why, whylen) < 0)
            return -1;
        break;
    case SCENARIO_SIZE:
        if (sc_parse_size(v, &n) < 0) {
            sim_err(why, whylen, "bad size '%s'", v);
            return -1;
        }
        if (sc_check_number(k, n, why, whylen) < 0)
            return -1;
        break;
    case SCENARIO_ENUM:
        if (sc_enum_index(k->values, v) < 0) {
            sim_err(why, whylen, "'%s' is not one of %s", v, k->values);
            return -1;
        }
        break;
    case SCENARIO_STRING:
        if (sc_check_string(k, v, why, whylen) < 0)
            return -1;
        break;
    }
    if (k->check_key)
        return k->check_key(k, v, why, whylen);
    return k->check ? k->check(v, why, whylen) : 0;
}

/* ---- building a scenario ---- */

struct scenario *scenario_new(const char *image_dir)
{
    struct scenario *sc = calloc(1, sizeof(*sc));

    if (!sc)
        return NULL;
    sc->dir = sc_strdup(".");
    sc->image_dir = sc_strdup(image_dir ? image_dir : ".");
    for (size_t i = 0; i < SC_NFIXED; i++)
        sc_add_section(sc, sc_fixed_sections[i], sc_fixed_sections[i]);
    return sc;
}

void scenario_free(struct scenario *sc)
{
    if (!sc)
        return;
    for (size_t i = 0; i < sc->nsecs; i++) {
        struct sc_section *s = sc->secs[i];

        for (size_t j = 0; j < s->nvals; j++)
            free(s->vals[j].value);
        free(s->vals);
        free(s->name);
        free(s->cls);
        free(s);
    }
    free(sc->secs);
    free(sc->path);
    free(sc->dir);
    free(sc->image_dir);
    free(sc->linebuf);
    free(sc);
}

/* The value slot of key `k` in section `s`, appended (empty) when it has none yet. */
static struct sc_value *sc_value_slot(struct sc_section *s, const struct scenario_key *k)
{
    struct sc_value *val = sc_find_value(s, k->key);
    struct sc_value *vals;

    if (val)
        return val;
    vals = realloc(s->vals, (s->nvals + 1) * sizeof(*vals));
    if (!vals) {
        fprintf(stderr, "cesim: out of memory\n");
        abort();
    }
    s->vals = vals;
    val = &s->vals[s->nvals++];
    val->key = k;
    val->value = NULL;
    return val;
}

/*
 * Give `key` the value `v` in section `s` (replacing an earlier one). `file`/`line` say
 * where it came from (line 0: --set). The key must be in the table for the section's
 * class, and a file may set a key only once.
 */
static int sc_assign(struct sc_section *s, const char *key, const char *v, const char *file,
                     int line, char *err, size_t errlen)
{
    const struct scenario_key *k = sc_find_key(s->cls, key);
    const struct sc_value *old = sc_find_value(s, key);
    char where[PATH_MAX + 16], why[256];
    struct sc_value *val;

    snprintf(where, sizeof(where), line ? "%s:%d" : "%s", file, line);
    if (!k) {
        sim_err(err, errlen, "%s: [%s] %s: unknown key (cesim --help lists them)", where, s->name,
               key);
        return -1;
    }
    if (sc_validate(k, v, why, sizeof(why)) < 0) {
        sim_err(err, errlen, "%s: [%s] %s: %s", where, s->name, key, why);
        return -1;
    }
    if (old && line && old->line && old->file == file) {
        sim_err(err, errlen, "%s: [%s] %s: set twice (first at line %d)", where, s->name, key,
               old->line);
        return -1;
    }
    val = sc_value_slot(s, k);
    free(val->value);
    val->value = sc_strdup(v);
    val->file = file;
    val->line = line;
    return 0;
}

/* A module NAME becomes the app's name in the ROM TOC: short, and no '.' (see --set). */
static int sc_check_module_name(const char *name)
{
    size_t n = strlen(name);

    if (n == 0 || n >= ROM_NAME_MAX)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!isalnum((unsigned char)name[i]) && name[i] != '_' && name[i] != '-')
            return -1;
    }
    return 0;
}

/* "[app.NAME]" or "[driver.NAME]" at line sc->line: a new module, in file order. */
static int sc_open_module(struct scenario *sc, const char *name, const char *cls)
{
    const char *mod = name + strlen(cls) + 1;
    struct sc_section *s;

    if (sc_check_module_name(mod) < 0) {
        sim_err(sc->err, sc->errlen,
               "%s:%d: [%s]: bad module name '%s' (1-%u characters: letters, digits, _ -)",
               sc->path, sc->line, name, mod, ROM_NAME_MAX - 1);
        return -1;
    }
    s = sc_add_section(sc, name, cls);
    s->is_module = true;
    s->file = sc->path;
    s->line = sc->line;
    s->mod = (struct scenario_module){
        .kind = strcmp(cls, "app") == 0 ? SCENARIO_APP : SCENARIO_DRIVER,
        .name = s->name + strlen(cls) + 1,
        .section = s->name,
        .file = s->file,
        .line = s->line,
    };
    return 0;
}

/* A "[name]" line, at physical line sc->line: open a section (each only once). */
static int sc_open_section(struct scenario *sc, const char *name)
{
    struct sc_section *s = sc_find_section(sc, name);

    if (s && s->file) {
        sim_err(sc->err, sc->errlen, "%s:%d: [%s]: section appears twice (first at line %d)",
               sc->path, sc->line, name, s->line);
        return -1;
    }
    if (s) { /* a fixed section, now written in the file */
        s->file = sc->path;
        s->line = sc->line;
        return 0;
    }
    if (strncmp(name, "app.", 4) == 0)
        return sc_open_module(sc, name, "app");
    if (strncmp(name, "driver.", 7) == 0)
        return sc_open_module(sc, name, "driver");
    sim_err(sc->err, sc->errlen,
           "%s:%d: [%s]: unknown section (kernel, board, cache, timing, sim, app.NAME, "
           "driver.NAME)",
           sc->path, sc->line, name);
    return -1;
}

/* Record our first error (with its line) for scenario_load() to report. */
static void sc_fail_here(struct scenario *sc)
{
    if (!sc->err_line)
        sc->err_line = sc->line;
}

/* If the (blank-stripped) line is a "[section]" header, open that section. */
static int sc_scan_header(struct scenario *sc, const char *line)
{
    const char *close;
    char name[128];

    if (line[0] != '[')
        return 0;
    close = strchr(line, ']');
    if (!close)
        return 0; /* inih reports the syntax error on this line */
    if ((size_t)(close - line - 1) >= sizeof(name)) {
        sim_err(sc->err, sc->errlen, "%s:%d: section name too long", sc->path, sc->line);
        return -1;
    }
    memcpy(name, line + 1, (size_t)(close - line - 1));
    name[close - line - 1] = '\0';
    return sc_open_section(sc, name);
}

/*
 * inih's line source: one physical line per call, leading blanks removed. Returns NULL
 * (end of input for inih) at the end of the file or after our first error.
 */
static char *sc_reader(char *str, int num, void *stream)
{
    struct scenario *sc = stream;
    ssize_t n;
    char *p;

    if (sc->err_line)
        return NULL;
    n = getline(&sc->linebuf, &sc->linecap, sc->f);
    if (n < 0)
        return NULL;
    sc->line++;
    p = sc->linebuf;
    while (*p == ' ' || *p == '\t')
        p++;
    p[strcspn(p, "\r\n")] = '\0';
    if (strlen(p) >= (size_t)num) {
        sim_err(sc->err, sc->errlen, "%s:%d: line too long (at most %d characters)", sc->path,
               sc->line, num - 1);
        sc_fail_here(sc);
        return NULL;
    }
    if (sc_scan_header(sc, p) < 0) {
        sc_fail_here(sc);
        return NULL;
    }
    strcpy(str, p);
    return str;
}

/* inih's callback for each "key = value" of the file. Returns 0 on error (inih's rule). */
static int sc_handler(void *user, const char *section, const char *name, const char *value)
{
    struct scenario *sc = user;
    struct sc_section *s;

    if (sc->err_line)
        return 0;
    if (section[0] == '\0') {
        sim_err(sc->err, sc->errlen, "%s:%d: %s: key outside any [section]", sc->path, sc->line,
               name);
        sc_fail_here(sc);
        return 0;
    }
    s = sc_find_section(sc, section);
    if (!s || !s->file) {
        sim_err(sc->err, sc->errlen, "%s:%d: [%s] %s: unknown section", sc->path, sc->line, section,
               name);
        sc_fail_here(sc);
        return 0;
    }
    if (sc_assign(s, name, value, sc->path, sc->line, sc->err, sc->errlen) < 0) {
        sc_fail_here(sc);
        return 0;
    }
    return 1;
}

static char *sc_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *d;

    if (!slash)
        return sc_strdup(".");
    if (slash == path)
        return sc_strdup("/");
    d = sc_strdup(path);
    d[slash - path] = '\0';
    return d;
}

/* inih's result and ours together: report the error of the earliest line. */
static int sc_parse_result(struct scenario *sc, int ret)
{
    if (ret == -2) {
        sim_err(sc->err, sc->errlen, "%s: out of memory", sc->path);
        return -1;
    }
    if (ret > 0 && (!sc->err_line || ret < sc->err_line)) {
        sim_err(sc->err, sc->errlen, "%s:%d: syntax error (expected [section] or key = value)",
               sc->path, ret);
        return -1;
    }
    return sc->err_line ? -1 : 0;
}

int scenario_load(struct scenario **out, const char *ini_path, const char *image_dir, char *err,
                  size_t errlen)
{
    struct scenario *sc;
    int ret;

    *out = NULL;
    sc = scenario_new(image_dir);
    if (!sc) {
        sim_err(err, errlen, "%s: out of memory", ini_path);
        return -1;
    }
    sc->path = sc_strdup(ini_path);
    free(sc->dir);
    sc->dir = sc_dirname(ini_path);
    sc->f = fopen(ini_path, "r");
    if (!sc->f) {
        sim_err(err, errlen, "%s: cannot open: %s", ini_path, strerror(errno));
        scenario_free(sc);
        return -1;
    }
    sc->err = err;
    sc->errlen = errlen;
    ret = ini_parse_stream(sc_reader, sc, sc_handler, sc);
    fclose(sc->f);
    sc->f = NULL;
    if (sc_parse_result(sc, ret) < 0) {
        scenario_free(sc);
        return -1;
    }
    sc->err = NULL;
    *out = sc;
    return 0;
}

/* ---- --set ---- */

/* Split "a.b.c=value" into section "a.b", key "c", value; 0 or -1. */
static int sc_split_assignment(const char *a, char *section, size_t seclen, char *key,
                               size_t keylen, const char **value)
{
    const char *eq = strchr(a, '=');
    const char *dot;
    size_t lhs;

    if (!eq)
        return -1;
    lhs = (size_t)(eq - a);
    dot = memrchr(a, '.', lhs);
    if (!dot || dot == a || dot + 1 == eq)
        return -1;
    if ((size_t)(dot - a) >= seclen || (size_t)(eq - dot - 1) >= keylen)
        return -1;
    memcpy(section, a, (size_t)(dot - a));
    section[dot - a] = '\0';
    memcpy(key, dot + 1, (size_t)(eq - dot - 1));
    key[eq - dot - 1] = '\0';
    *value = eq + 1;
    return 0;
}

/* "--set driver.mode=user": the key in every section of the class. */
static int sc_set_class(struct scenario *sc, const char *cls, const char *key, const char *v,
                        char *err, size_t errlen)
{
    char why[256];
    const struct scenario_key *k = sc_find_key(cls, key);

    if (!k) {
        sim_err(err, errlen, SC_SET_ORIGIN ": [%s] %s: unknown key (cesim --help lists them)", cls,
               key);
        return -1;
    }
    if (sc_validate(k, v, why, sizeof(why)) < 0) {
        sim_err(err, errlen, SC_SET_ORIGIN ": [%s] %s: %s", cls, key, why);
        return -1;
    }
    for (size_t i = 0; i < sc->nsecs; i++) {
        if (sc->secs[i]->is_module && strcmp(sc->secs[i]->cls, cls) == 0 &&
            sc_assign(sc->secs[i], key, v, SC_SET_ORIGIN, 0, err, errlen) < 0)
            return -1;
    }
    return 0;
}

int scenario_set(struct scenario *sc, const char *assignment, char *err, size_t errlen)
{
    char section[128], key[64];
    const char *v;
    struct sc_section *s;

    if (sc_split_assignment(assignment, section, sizeof(section), key, sizeof(key), &v) < 0) {
        sim_err(err, errlen, SC_SET_ORIGIN " '%s': expected section.key=value", assignment);
        return -1;
    }
    if (strcmp(section, "app") == 0 || strcmp(section, "driver") == 0)
        return sc_set_class(sc, section, key, v, err, errlen);
    s = sc_find_section(sc, section);
    if (!s) {
        const char *dot = strchr(section, '.');
        bool module =
            dot && (strncmp(section, "app.", 4) == 0 || strncmp(section, "driver.", 7) == 0);

        sim_err(err, errlen, SC_SET_ORIGIN ": [%s] %s: %s", section, key,
               module ? "no such module in the scenario" : "unknown section");
        return -1;
    }
    return sc_assign(s, key, v, SC_SET_ORIGIN, 0, err, errlen);
}

/* ---- queries ---- */

const char *scenario_get(const struct scenario *sc, const char *section, const char *key)
{
    const struct sc_section *s = sc_find_section(sc, section);
    const struct scenario_key *k;
    const struct sc_value *v;

    if (!s) {
        /* Only module sections can be absent; asking for another section is a host bug. */
        assert(strncmp(section, "app.", 4) == 0 || strncmp(section, "driver.", 7) == 0);
        return NULL;
    }
    k = sc_find_key(s->cls, key);
    assert(k && "scenario_get: key not in scenario_keys.c");
    v = sc_find_value(s, key);
    return v ? v->value : k->def;
}

bool scenario_is_set(const struct scenario *sc, const char *section, const char *key)
{
    const struct sc_section *s = sc_find_section(sc, section);

    return s && sc_find_value(s, key) != NULL;
}

/* The value of a key of type `type` that must have one (see scenario.h). */
static const char *sc_get_typed(const struct scenario *sc, const char *section, const char *key,
                                enum scenario_type type, const struct scenario_key **kout)
{
    const struct sc_section *s = sc_find_section(sc, section);
    const char *v = scenario_get(sc, section, key);

    assert(s && v);
    *kout = sc_find_key(s->cls, key);
    assert((*kout)->type == type);
    (void)type;
    return v;
}

uint64_t scenario_get_u64(const struct scenario *sc, const char *section, const char *key)
{
    const struct scenario_key *k;
    const char *v = sc_get_typed(sc, section, key, SCENARIO_INT, &k);
    uint64_t n = 0;
    int rc = sc_parse_int(v, &n);

    assert(rc == 0);
    (void)rc;
    return n;
}

uint64_t scenario_get_size(const struct scenario *sc, const char *section, const char *key)
{
    const struct scenario_key *k;
    const char *v = sc_get_typed(sc, section, key, SCENARIO_SIZE, &k);
    uint64_t n = 0;
    int rc = sc_parse_size(v, &n);

    assert(rc == 0);
    (void)rc;
    return n;
}

unsigned scenario_get_enum(const struct scenario *sc, const char *section, const char *key)
{
    const struct scenario_key *k;
    const char *v = sc_get_typed(sc, section, key, SCENARIO_ENUM, &k);
    int i = sc_enum_index(k->values, v);

    assert(i >= 0);
    return (unsigned)i;
}

size_t scenario_module_count(const struct scenario *sc)
{
    size_t n = 0;

    for (size_t i = 0; i < sc->nsecs; i++)
        n += sc->secs[i]->is_module;
    return n;
}

const struct scenario_module *scenario_module_at(const struct scenario *sc, size_t i)
{
    for (size_t j = 0; j < sc->nsecs; j++) {
        if (sc->secs[j]->is_module && i-- == 0)
            return &sc->secs[j]->mod;
    }
    return NULL;
}

const char *scenario_path(const struct scenario *sc)
{
    return sc->path;
}

void scenario_where(const struct scenario *sc, const char *section, const char *key, char *buf,
                    size_t buflen)
{
    const struct sc_section *s = sc_find_section(sc, section);
    const struct sc_value *v = s ? sc_find_value(s, key) : NULL;

    if (v && v->line)
        snprintf(buf, buflen, "%s:%d: [%s] %s", v->file, v->line, section, key);
    else if (v)
        snprintf(buf, buflen, "%s: [%s] %s", v->file, section, key);
    else if (s && s->file)
        snprintf(buf, buflen, "%s:%d: [%s] %s", s->file, s->line, section, key);
    else if (sc->path)
        snprintf(buf, buflen, "%s: [%s] %s", sc->path, section, key);
    else
        snprintf(buf, buflen, "[%s] %s", section, key);
}

/* ---- whole-scenario checks ---- */

static int sc_check_driver(const struct scenario *sc, size_t i, char *err, size_t errlen)
{
    const struct scenario_module *m = scenario_module_at(sc, i);
    const char *prefix = scenario_get(sc, m->section, "prefix");
    uint64_t index = scenario_get_u64(sc, m->section, "index");
    char where[256];

    if (!prefix) {
        scenario_where(sc, m->section, "prefix", where, sizeof(where));
        sim_err(err, errlen, "%s: required (three capital letters, e.g. SMP)", where);
        return -1;
    }
    for (size_t j = 0; j < i; j++) {
        const struct scenario_module *o = scenario_module_at(sc, j);

        if (o->kind != SCENARIO_DRIVER)
            continue;
        if (strcmp(scenario_get(sc, o->section, "prefix"), prefix) == 0 &&
            scenario_get_u64(sc, o->section, "index") == index) {
            scenario_where(sc, m->section, "index", where, sizeof(where));
            sim_err(err, errlen, "%s: device %s%u: is also [%s]", where, prefix, (unsigned)index,
                   o->section);
            return -1;
        }
    }
    return 0;
}

int scenario_check(const struct scenario *sc, char *err, size_t errlen)
{
    size_t n = scenario_module_count(sc);

    for (size_t i = 0; i < n; i++) {
        if (scenario_module_at(sc, i)->kind == SCENARIO_DRIVER &&
            sc_check_driver(sc, i, err, errlen) < 0)
            return -1;
    }
    return 0;
}

/* ---- image paths ---- */

static bool sc_has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int scenario_image_path(const struct scenario *sc, const char *section, char *buf, size_t buflen,
                        char *err, size_t errlen)
{
    const struct sc_section *s = sc_find_section(sc, section);
    const struct sc_value *v = s ? sc_find_value(s, "image") : NULL;
    const char *name;
    int n;

    assert(s && "scenario_image_path: no such section");
    name = v ? v->value : (s->is_module ? s->mod.name : "kernel");
    if (strchr(name, '/')) {
        bool from_set = v && v->line == 0;

        if (name[0] == '/' || from_set)
            n = snprintf(buf, buflen, "%s", name);
        else
            n = snprintf(buf, buflen, "%s/%s", sc->dir, name);
    } else {
        n = snprintf(buf, buflen, "%s/%s%s", sc->image_dir, name,
                     sc_has_suffix(name, ".elf") ? "" : ".elf");
    }
    if (n < 0 || (size_t)n >= buflen) {
        char where[256];

        scenario_where(sc, section, "image", where, sizeof(where));
        sim_err(err, errlen, "%s: path too long", where);
        return -1;
    }
    return 0;
}

/* ---- kernel settings ---- */

/* Board facts the kernel must know that are not [kernel] keys: the cache kind decides
 * between spec rules AA3 and AA4. */
static const struct scenario_derived sc_derived[] = {
    {"cache_tags", "cache", "tags"},
};
const size_t scenario_nderived = sizeof(sc_derived) / sizeof(sc_derived[0]);

const struct scenario_derived *scenario_derived_at(size_t i)
{
    return i < scenario_nderived ? &sc_derived[i] : NULL;
}

int scenario_kernel_settings(const struct scenario *sc, char *buf, size_t len, size_t *used,
                             char *err, size_t errlen)
{
    size_t off = 0;
    char num[24];

    for (size_t i = 0; i < scenario_nkeys; i++) {
        const struct scenario_key *k = &scenario_keys[i];
        const char *v;
        int n;

        if (strcmp(k->section, "kernel") != 0 || strcmp(k->key, "image") == 0)
            continue;
        v = scenario_get(sc, "kernel", k->key);
        if (!v)
            continue;
        if (k->type == SCENARIO_INT || k->type == SCENARIO_SIZE) {
            /* The kernel reads plain decimal: "1K" and "0x400" both arrive as "1024". */
            snprintf(num, sizeof(num), "%llu",
                     (unsigned long long)(k->type == SCENARIO_INT
                                              ? scenario_get_u64(sc, "kernel", k->key)
                                              : scenario_get_size(sc, "kernel", k->key)));
            v = num;
        }
        n = snprintf(buf + off, off < len ? len - off : 0, "%s=%s", k->key, v);
        if (n < 0 || off + (size_t)n + 2 > len) {
            sim_err(err, errlen, "[kernel] %s: the kernel settings do not fit in %zu bytes", k->key,
                   len);
            return -1;
        }
        off += (size_t)n + 1; /* keep the NUL snprintf wrote */
    }
    for (size_t i = 0; i < sizeof(sc_derived) / sizeof(sc_derived[0]); i++) {
        const struct scenario_derived *d = &sc_derived[i];
        const char *v = sc_find_key(d->section, d->key) ? scenario_get(sc, d->section, d->key) : NULL;
        int n;
        if (!v)
            continue;
        n = snprintf(buf + off, off < len ? len - off : 0, "%s=%s", d->setting, v);
        if (n < 0 || off + (size_t)n + 2 > len) {
            sim_err(err, errlen, "[%s] %s: the kernel settings do not fit in %zu bytes", d->section,
                   d->key, len);
            return -1;
        }
        off += (size_t)n + 1;
    }
    if (off + 1 > len) {
        sim_err(err, errlen, "[kernel]: the kernel settings do not fit in %zu bytes", len);
        return -1;
    }
    buf[off++] = '\0';
    *used = off;
    return 0;
}

/* ---- --help ---- */

static const char *sc_type_name(const struct scenario_key *k)
{
    switch (k->type) {
    case SCENARIO_INT: return "int";
    case SCENARIO_SIZE: return "size";
    case SCENARIO_STRING: return "string";
    case SCENARIO_ENUM: return k->values;
    }
    return "?";
}

static void sc_print_key(FILE *out, const struct scenario_key *k)
{
    bool module = strcmp(k->section, "app") == 0 || strcmp(k->section, "driver") == 0;
    char name[64];

    snprintf(name, sizeof(name), "%s%s.%s", k->section, module ? ".NAME" : "", k->key);
    fprintf(out, "    %-30s %-14s %-10s %s\n", name, sc_type_name(k),
            k->def ? (k->def[0] ? k->def : "\"\"") : "-", k->doc);
}

static bool sc_section_has_rows(const char *section)
{
    for (size_t i = 0; i < scenario_nkeys; i++)
        if (strcmp(scenario_keys[i].section, section) == 0)
            return true;
    return false;
}

/* Our rows grouped by section, each section followed by the rows other tables add to it. */
void scenario_print_keys(FILE *out)
{
    fprintf(out, "Scenario keys ([section] key = value in the INI file, or "
                 "--set section.key=value):\n");
    for (size_t i = 0; i < scenario_nkeys; i++) {
        const struct scenario_key *k = &scenario_keys[i];
        bool module = strcmp(k->section, "app") == 0 || strcmp(k->section, "driver") == 0;
        bool last = i + 1 == scenario_nkeys || strcmp(scenario_keys[i + 1].section, k->section);

        if (i == 0 || strcmp(scenario_keys[i - 1].section, k->section) != 0)
            fprintf(out, "  [%s%s]\n", k->section, module ? ".NAME" : "");
        sc_print_key(out, k);
        if (last && !strcmp(k->section, "kernel"))
            for (size_t d = 0; d < scenario_nderived; d++)
                fprintf(out, "    %-30s %-14s %-10s %s\n", sc_derived[d].setting, "(derived)", "-",
                        "kernel setting `cache_tags` = vivt|pipt, taken from [cache] tags");
        for (size_t e = 0; last && e < sc_next; e++)
            for (size_t j = 0; j < sc_ext[e].n; j++)
                if (strcmp(sc_ext[e].rows[j].section, k->section) == 0)
                    sc_print_key(out, &sc_ext[e].rows[j]);
    }
    /* Sections only another table fills. */
    for (size_t e = 0; e < sc_next; e++)
        for (size_t j = 0; j < sc_ext[e].n; j++) {
            const struct scenario_key *k = &sc_ext[e].rows[j];
            if (sc_section_has_rows(k->section))
                continue;
            if (j == 0 || strcmp(sc_ext[e].rows[j - 1].section, k->section) != 0)
                fprintf(out, "  [%s]\n", k->section);
            sc_print_key(out, k);
        }
}
