/*
 * scenario.h: a scenario is the INI file that says what one cesim run is: which kernel,
 * which apps and drivers (in file order), the board, cache, timing and simulator
 * settings, and the kernel settings that travel to the guest in the ROM's table of
 * contents (rom.h). It is parsed with libinih.
 *
 *   [kernel]        image, and kernel settings (tick_hz, marshal_policy, ...)
 *   [board]         ram (with K/M/G suffix), cpu_hz
 *   [cache]         cache model settings
 *   [timing]        cycle model settings
 *   [sim]           max_insns, ...
 *   [app.NAME]      image, args               one app, started at boot in file order
 *   [driver.NAME]   prefix, index, image, mode   one driver, device "<prefix><index>:"
 *
 * Every key is declared once in one table (scenario_keys.c): an unknown key, a bad value
 * or a missing required key is an error naming the file, the line and the key, such as
 * `hello.ini:7: [board] ram: bad size 'abc'`. Values set on the command line with
 * `--set section.key=value` are checked against the same table and name `--set`.
 *
 * Error convention: functions return 0 or -1 and write one line (no newline) to `err`.
 */
#ifndef CESIM_SCENARIO_H
#define CESIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum scenario_type {
    SCENARIO_INT,    /* unsigned decimal or 0x hex, 64 bits */
    SCENARIO_SIZE,   /* like INT, with an optional K, M or G suffix (powers of 1024) */
    SCENARIO_STRING, /* any text; `max` bounds its length */
    SCENARIO_ENUM,   /* one of `values`, written "a|b|c" */
};

/*
 * One row of the key table. `section` is the section's class: "kernel", "board",
 * "cache", "timing", "sim", or "app" / "driver" for every [app.NAME] / [driver.NAME].
 * `def` is written as it would be in an INI file; NULL means no default (the key is
 * required, or its default is computed, which `doc` then says).
 */
struct scenario_key {
    const char *section;
    const char *key;
    enum scenario_type type;
    const char *values; /* SCENARIO_ENUM: allowed values, "a|b" */
    const char *def;
    uint64_t min, max; /* INT, SIZE: bounds (max 0: none); STRING: length bounds */
    uint64_t align;    /* INT, SIZE: the value must be a multiple of this (0: any) */
    /* Extra check of a value that passed its type; 0 or -1 with a reason in `why`. */
    int (*check)(const char *value, char *why, size_t whylen);
    const char *doc; /* one line, for `cesim --help` */
    /* Keys another table owns (scenario_add_keys): its name for the key, and a check that
     * is told which key it checks. */
    const char *ext_name;
    int (*check_key)(const struct scenario_key *k, const char *value, char *why, size_t whylen);
};

extern const struct scenario_key scenario_keys[];
extern const size_t scenario_nkeys;

/*
 * Add keys that another component's table defines (the cache model's parameters), in one
 * of the fixed sections. Set-up only, before any scenario is parsed; `rows` must stay
 * valid. Returns 0, or -1 when the registry is full.
 */
int scenario_add_keys(const struct scenario_key *rows, size_t n);

enum scenario_module_kind { SCENARIO_APP, SCENARIO_DRIVER };

/* An [app.NAME] or [driver.NAME] section, in file order. */
struct scenario_module {
    enum scenario_module_kind kind;
    const char *name;    /* NAME */
    const char *section; /* "app.NAME" or "driver.NAME", for scenario_get() */
    const char *file;    /* where the section was opened (the INI path, or "--set") */
    int line;
};

struct scenario;

/*
 * An empty scenario (every key at its default), for a run without an INI file (such as
 * `cesim run ROM --set ...`). `image_dir` is where bare image names are looked up
 * (the CLI passes "<dir of the cesim binary>/guest"). NULL only when out of memory.
 */
struct scenario *scenario_new(const char *image_dir);

/* Parse `ini_path` into a new scenario; on error *out is NULL. */
int scenario_load(struct scenario **out, const char *ini_path, const char *image_dir, char *err,
                  size_t errlen);

void scenario_free(struct scenario *sc);

/*
 * Apply one `--set` assignment, "section.key=value": "kernel.tick_hz=100";
 * "driver.mode=user" sets the key in every [driver.*] section (likewise "app.args=");
 * "driver.NAME.mode=user" and "app.NAME.args=..." set one module. Later sets win.
 * The module named must exist. A relative image path given here is relative to the
 * current directory (one in the INI file is relative to the INI file's directory).
 */
int scenario_set(struct scenario *sc, const char *assignment, char *err, size_t errlen);

/*
 * Checks that need the whole scenario: required keys present, device names unique.
 * Call after the last scenario_set(); rom_build() calls it too.
 */
int scenario_check(const struct scenario *sc, char *err, size_t errlen);

/*
 * The effective value of a key: the value set (file or --set), else the table's
 * default, else NULL. `section` is a section's full name ("kernel", "app.hello").
 * Asking for a key the table does not have is a host bug (assert).
 */
const char *scenario_get(const struct scenario *sc, const char *section, const char *key);

/* Whether the key was given a value in the file or by --set (not a default). */
bool scenario_is_set(const struct scenario *sc, const char *section, const char *key);

/*
 * Typed getters, for keys of that type that have a value (validated when set, so they
 * cannot fail; a key of another type or without a value is a host bug).
 * scenario_get_enum returns the index of the value in the key's `values`.
 */
uint64_t scenario_get_u64(const struct scenario *sc, const char *section, const char *key);
uint64_t scenario_get_size(const struct scenario *sc, const char *section, const char *key);
unsigned scenario_get_enum(const struct scenario *sc, const char *section, const char *key);

/* Apps and drivers, in file order. */
size_t scenario_module_count(const struct scenario *sc);
const struct scenario_module *scenario_module_at(const struct scenario *sc, size_t i);

/* The INI file's path as given, or NULL for scenario_new(). */
const char *scenario_path(const struct scenario *sc);

/*
 * The image file of [kernel] or of a module section. A value containing '/' is a path
 * (relative to the INI file's directory, or to the current directory for --set); a
 * bare name NAME is <image_dir>/NAME.elf (".elf" not added twice). Without a value:
 * <image_dir>/kernel.elf for the kernel, the module's NAME for a module.
 */
int scenario_image_path(const struct scenario *sc, const char *section, char *buf, size_t buflen,
                        char *err, size_t errlen);

/*
 * Where an error about a key should point: "hello.ini:7: [board] ram" (the line of the
 * value, or of the section when the key has no value, or "--set"). For rom_build().
 */
void scenario_where(const struct scenario *sc, const char *section, const char *key, char *buf,
                    size_t buflen);

/*
 * The kernel settings block of the ROM TOC: every [kernel] key but `image`, in table
 * order, defaults included, as "key=value\0key=value\0\0"; int and size values in plain
 * decimal ("1K" becomes "1024"). *used gets the bytes written, the final NUL included.
 * Error when it does not fit in `len`.
 */
int scenario_kernel_settings(const struct scenario *sc, char *buf, size_t len, size_t *used,
                             char *err, size_t errlen);

/*
 * Kernel settings taken from other sections (written by scenario_kernel_settings after
 * the [kernel] keys): setting `cache_tags` is [cache] tags.
 */
struct scenario_derived {
    const char *setting; /* name in the TOC settings block */
    const char *section, *key;
};
extern const size_t scenario_nderived;
const struct scenario_derived *scenario_derived_at(size_t i);

/* Print the key table (section, key, type, default, doc), for `cesim --help`. */
void scenario_print_keys(FILE *out);

#endif
