/*
 * test_scenario.c: host tests of the scenario parser (sim/scenario.c): a good file read
 * back key by key, defaults, every error case with its exact "file:line: [section] key"
 * message, --set overrides (one module, every module of a kind, paths), the kernel
 * settings block of the ROM TOC, and the --help table. Expectations are written by hand.
 *
 * Each test writes its own INI file under ROMT_DIR/tmp/ (named after the test) and
 * shares nothing with the others.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "scenario.h"
#include "scenario_cm.h"

#define IMG ROMT_DIR        /* the image directory the tests pass */
#define TMP ROMT_DIR "/tmp" /* where each test writes its INI file */
#define GOOD "tests/rom/good.ini"

static char err[1024];

/* Write `text` to TMP/<name>.ini; the path is returned in `path`. */
static void write_ini(const char *name, const char *text, char *path, size_t len)
{
    FILE *f;

    mkdir(ROMT_DIR, 0777);
    mkdir(TMP, 0777);
    snprintf(path, len, "%s/%s.ini", TMP, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Loading `text` fails with "<path>" followed by `tail`. */
static void expect_load_error(const char *name, const char *text, const char *tail)
{
    char path[256], want[1024];
    struct scenario *sc = (struct scenario *)1;

    write_ini(name, text, path, sizeof(path));
    err[0] = '\0';
    assert_int_equal(scenario_load(&sc, path, IMG, err, sizeof(err)), -1);
    assert_null(sc);
    snprintf(want, sizeof(want), "%s%s", path, tail);
    assert_string_equal(err, want);
}

/* Loading works, but scenario_check() fails with "<path>" followed by `tail`. */
static void expect_check_error(const char *name, const char *text, const char *tail)
{
    char path[256], want[1024];
    struct scenario *sc;

    write_ini(name, text, path, sizeof(path));
    assert_int_equal(scenario_load(&sc, path, IMG, err, sizeof(err)), 0);
    assert_int_equal(scenario_check(sc, err, sizeof(err)), -1);
    snprintf(want, sizeof(want), "%s%s", path, tail);
    assert_string_equal(err, want);
    scenario_free(sc);
}

static struct scenario *load_good(void)
{
    struct scenario *sc;

    assert_int_equal(scenario_load(&sc, GOOD, IMG, err, sizeof(err)), 0);
    return sc;
}

static void image_is(const struct scenario *sc, const char *section, const char *want)
{
    char path[512];

    assert_int_equal(scenario_image_path(sc, section, path, sizeof(path), err, sizeof(err)), 0);
    assert_string_equal(path, want);
}

/* ---- the good file ---- */

static void test_good_values(void **state)
{
    struct scenario *sc = load_good();

    (void)state;
    assert_string_equal(scenario_path(sc), GOOD);
    assert_string_equal(scenario_get(sc, "kernel", "tick_hz"), "0x64");
    assert_int_equal(scenario_get_u64(sc, "kernel", "tick_hz"), 100);
    assert_int_equal(scenario_get_enum(sc, "kernel", "reflector"), 1); /* alias|copy */
    assert_int_equal(scenario_get_size(sc, "kernel", "small_copy_threshold"), 1024);
    assert_int_equal(scenario_get_size(sc, "board", "ram"), 64u << 20);
    assert_int_equal(scenario_get_u64(sc, "board", "cpu_hz"), 100000000);
    assert_int_equal(scenario_get_u64(sc, "sim", "max_insns"), 1000000);
    assert_string_equal(scenario_get(sc, "app.first", "args"), "-v --count 3");
    assert_string_equal(scenario_get(sc, "driver.smp", "prefix"), "SMP");
    assert_int_equal(scenario_get_u64(sc, "driver.smp", "index"), 2);
    assert_string_equal(scenario_get(sc, "driver.smp", "mode"), "user");
    assert_true(scenario_is_set(sc, "kernel", "tick_hz"));
    assert_false(scenario_is_set(sc, "kernel", "marshal_policy"));
    scenario_free(sc);
}

static void test_good_defaults_fill_in(void **state)
{
    struct scenario *sc = load_good();

    (void)state;
    assert_string_equal(scenario_get(sc, "kernel", "marshal_policy"), "docs");
    assert_int_equal(scenario_get_enum(sc, "kernel", "marshal_policy"), 0);
    assert_string_equal(scenario_get(sc, "kernel", "alias_uncache"), "on");
    assert_string_equal(scenario_get(sc, "cache", "model"), "on");
    assert_string_equal(scenario_get(sc, "app.second", "args"), "");
    assert_int_equal(scenario_get_u64(sc, "driver.blk", "index"), 1);
    assert_string_equal(scenario_get(sc, "driver.blk", "mode"), "kernel");
    assert_null(scenario_get(sc, "app.nosuch", "args"));
    scenario_free(sc);
}

static void test_good_modules_in_file_order(void **state)
{
    struct scenario *sc = load_good();
    const struct scenario_module *m;

    (void)state;
    assert_int_equal(scenario_module_count(sc), 4);
    m = scenario_module_at(sc, 0);
    assert_int_equal(m->kind, SCENARIO_APP);
    assert_string_equal(m->name, "first");
    assert_string_equal(m->section, "app.first");
    assert_string_equal(m->file, GOOD);
    assert_int_equal(m->line, 14);
    m = scenario_module_at(sc, 1);
    assert_int_equal(m->kind, SCENARIO_DRIVER);
    assert_string_equal(m->name, "smp");
    assert_string_equal(scenario_module_at(sc, 2)->name, "second");
    assert_string_equal(scenario_module_at(sc, 3)->section, "driver.blk");
    assert_null(scenario_module_at(sc, 4));
    assert_int_equal(scenario_check(sc, err, sizeof(err)), 0);
    scenario_free(sc);
}

static void test_good_image_paths(void **state)
{
    struct scenario *sc = load_good();

    (void)state;
    image_is(sc, "kernel", "tests/rom/../kernels/k.elf"); /* '/': from the INI's dir */
    image_is(sc, "app.first", IMG "/first.elf");          /* no image: the NAME */
    image_is(sc, "driver.smp", IMG "/smp.elf");
    image_is(sc, "app.second", IMG "/other.elf"); /* bare name */
    image_is(sc, "driver.blk", "tests/rom/sub/blk.elf");
    scenario_free(sc);
}

static void test_good_where(void **state)
{
    struct scenario *sc = load_good();
    char where[256];

    (void)state;
    scenario_where(sc, "board", "ram", where, sizeof(where));
    assert_string_equal(where, GOOD ":11: [board] ram");
    scenario_where(sc, "app.first", "image", where, sizeof(where)); /* unset: the section */
    assert_string_equal(where, GOOD ":14: [app.first] image");
    scenario_where(sc, "cache", "model", where, sizeof(where)); /* section not in file */
    assert_string_equal(where, GOOD ": [cache] model");
    scenario_free(sc);
}

/* ---- defaults ---- */

static void test_defaults_of_empty_scenario(void **state)
{
    struct scenario *sc = scenario_new("img");

    (void)state;
    assert_non_null(sc);
    assert_null(scenario_path(sc));
    assert_int_equal(scenario_module_count(sc), 0);
    assert_int_equal(scenario_get_u64(sc, "kernel", "tick_hz"), 1000);
    assert_int_equal(scenario_get_size(sc, "board", "ram"), 128u << 20);
    assert_int_equal(scenario_get_u64(sc, "board", "cpu_hz"), 200000000);
    assert_int_equal(scenario_get_u64(sc, "sim", "max_insns"), 0);
    assert_int_equal(scenario_get_size(sc, "kernel", "small_copy_threshold"), 0);
    assert_string_equal(scenario_get(sc, "kernel", "reflector"), "alias");
    assert_null(scenario_get(sc, "kernel", "image"));
    image_is(sc, "kernel", "img/kernel.elf");
    assert_int_equal(scenario_check(sc, err, sizeof(err)), 0);
    scenario_free(sc);
}

static void test_settings_block(void **state)
{
    /* [kernel] keys in table order, then cache_tags, derived from [cache] tags. */
    static const char want[] = "tick_hz=100\0marshal_policy=docs\0reflector=copy\0"
                               "small_copy_threshold=1024\0alias_uncache=on\0console=uart\0"
                               "cache_tags=vivt\0";
    struct scenario *sc = load_good();
    char buf[4096];
    size_t used = 0;

    (void)state;
    /* sizeof(want) counts the final NUL: the block ends with two. */
    assert_int_equal(scenario_kernel_settings(sc, buf, sizeof(buf), &used, err, sizeof(err)), 0);
    assert_int_equal(used, sizeof(want));
    assert_memory_equal(buf, want, sizeof(want));
    scenario_free(sc);
}

static void test_settings_block_overflow(void **state)
{
    struct scenario *sc = scenario_new("img");
    char buf[20];
    size_t used = 0;

    (void)state;
    /* "tick_hz=1000\0" fits, "marshal_policy=docs\0" and the final NUL do not. */
    assert_int_equal(scenario_kernel_settings(sc, buf, sizeof(buf), &used, err, sizeof(err)), -1);
    assert_string_equal(err, "[kernel] marshal_policy: the kernel settings do not fit in 20 bytes");
    scenario_free(sc);
}

/* ---- errors while loading: file:line: [section] key ---- */

static void test_error_bad_size(void **state)
{
    (void)state;
    expect_load_error("bad_size", "[kernel]\ntick_hz = 5\n\n[board]\n  ram = abc\n",
                      ":5: [board] ram: bad size 'abc'");
    expect_load_error("bad_size2", "[board]\nram = 64MB\n", ":2: [board] ram: bad size '64MB'");
    expect_load_error("bad_size3", "[board]\nram = 512M\n",
                      ":2: [board] ram: 536870912 out of range 1048576..268435456");
    expect_load_error("bad_size4", "[board]\nram = 1048577\n",
                      ":2: [board] ram: 1048577 is not a multiple of 4096");
}

static void test_error_bad_int(void **state)
{
    (void)state;
    expect_load_error("bad_int", "[sim]\nmax_insns = 12abc\n",
                      ":2: [sim] max_insns: bad integer '12abc'");
    expect_load_error("bad_int2", "[sim]\nmax_insns = -1\n",
                      ":2: [sim] max_insns: bad integer '-1'");
    expect_load_error("bad_int3", "[sim]\nmax_insns =\n", ":2: [sim] max_insns: bad integer ''");
    expect_load_error("bad_int4", "[kernel]\ntick_hz = 0\n",
                      ":2: [kernel] tick_hz: 0 out of range 1..100000");
    expect_load_error("bad_int5", "[driver.d]\nprefix = DRV\nindex = 10\n",
                      ":3: [driver.d] index: 10 out of range 0..9");
}

static void test_error_bad_enum(void **state)
{
    (void)state;
    expect_load_error("bad_enum", "[kernel]\nreflector = mirror\n",
                      ":2: [kernel] reflector: 'mirror' is not one of alias|copy");
    expect_load_error("bad_enum2", "[driver.d]\nmode = User\n",
                      ":2: [driver.d] mode: 'User' is not one of kernel|user");
}

static void test_error_bad_string(void **state)
{
    char text[300];

    (void)state;
    expect_load_error("bad_prefix", "[driver.d]\nprefix = smp\n",
                      ":2: [driver.d] prefix: must be three capital letters A-Z");
    expect_load_error("bad_prefix2", "[driver.d]\nprefix = SMPX\n",
                      ":2: [driver.d] prefix: too long: 4 characters, at most 3");
    snprintf(text, sizeof(text), "[app.a]\nargs = %0128d\n", 0);
    expect_load_error("long_args", text, ":2: [app.a] args: too long: 128 characters, at most 127");
}

static void test_error_unknown_key(void **state)
{
    (void)state;
    expect_load_error("unknown_key", "[kernel]\ntick_hz = 10\ntick = 10\n",
                      ":3: [kernel] tick: unknown key (cesim --help lists them)");
    expect_load_error("unknown_key2", "[app.a]\nprefix = ABC\n",
                      ":2: [app.a] prefix: unknown key (cesim --help lists them)");
}

static void test_error_sections(void **state)
{
    (void)state;
    expect_load_error("unknown_section", "[network]\nspeed = 1\n",
                      ":1: [network]: unknown section (kernel, board, cache, timing, sim, "
                      "app.NAME, driver.NAME)");
    expect_load_error("unknown_section2", "[kernel]\n[apps.x]\n",
                      ":2: [apps.x]: unknown section (kernel, board, cache, timing, sim, "
                      "app.NAME, driver.NAME)");
    expect_load_error("outside", "tick_hz = 5\n[kernel]\n",
                      ":1: tick_hz: key outside any [section]");
    expect_load_error("twice", "[board]\nram = 1M\n[board]\ncpu_hz = 1000000\n",
                      ":3: [board]: section appears twice (first at line 1)");
    expect_load_error("twice_mod", "[app.a]\n\n[app.a]\n",
                      ":3: [app.a]: section appears twice (first at line 1)");
}

static void test_error_module_names(void **state)
{
    (void)state;
    expect_load_error(
        "name_dot", "[app.a.b]\n",
        ":1: [app.a.b]: bad module name 'a.b' (1-15 characters: letters, digits, _ -)");
    expect_load_error("name_empty", "[driver.]\n",
                      ":1: [driver.]: bad module name '' (1-15 characters: letters, digits, _ -)");
    expect_load_error("name_long", "[app.abcdefghijklmnop]\n",
                      ":1: [app.abcdefghijklmnop]: bad module name 'abcdefghijklmnop' (1-15 "
                      "characters: letters, digits, _ -)");
}

static void test_error_duplicate_key(void **state)
{
    (void)state;
    expect_load_error("dup_key", "[kernel]\ntick_hz = 10\ntick_hz = 20\n",
                      ":3: [kernel] tick_hz: set twice (first at line 2)");
}

static void test_error_syntax(void **state)
{
    (void)state;
    expect_load_error("syntax", "[kernel]\njunk line\n",
                      ":2: syntax error (expected [section] or key = value)");
    expect_load_error("syntax2", "[kernel\ntick_hz = 5\n",
                      ":1: syntax error (expected [section] or key = value)");
    /* The earliest error wins: the syntax error on line 2, not the bad value on line 3. */
    expect_load_error("syntax3", "[kernel]\nnonsense\ntick_hz = x\n",
                      ":2: syntax error (expected [section] or key = value)");
}

static void test_error_long_line(void **state)
{
    char text[400];

    (void)state;
    snprintf(text, sizeof(text), "[app.a]\n; %0250d\n", 0);
    expect_load_error("long_line", text, ":2: line too long (at most 199 characters)");
}

static void test_error_missing_file(void **state)
{
    struct scenario *sc;

    (void)state;
    assert_int_equal(scenario_load(&sc, TMP "/nosuch.ini", IMG, err, sizeof(err)), -1);
    assert_string_equal(err, TMP "/nosuch.ini: cannot open: No such file or directory");
}

/* ---- errors of the whole scenario (scenario_check) ---- */

static void test_check_prefix_required(void **state)
{
    (void)state;
    expect_check_error("no_prefix", "[app.hello]\n[driver.x]\nindex = 3\n",
                       ":2: [driver.x] prefix: required (three capital letters, e.g. SMP)");
}

static void test_check_duplicate_device(void **state)
{
    (void)state;
    expect_check_error("dup_device",
                       "[driver.a]\nprefix = SMP\n\n[driver.b]\nprefix = SMP\nindex = 1\n",
                       ":6: [driver.b] index: device SMP1: is also [driver.a]");
    /* Without an index line, the error points at the section. */
    expect_check_error("dup_device2", "[driver.a]\nprefix = SMP\n\n[driver.b]\nprefix = SMP\n",
                       ":4: [driver.b] index: device SMP1: is also [driver.a]");
}

/* ---- --set ---- */

static void test_set_kernel_key(void **state)
{
    struct scenario *sc = load_good();
    char where[256];

    (void)state;
    assert_int_equal(scenario_set(sc, "kernel.tick_hz=250", err, sizeof(err)), 0);
    assert_int_equal(scenario_get_u64(sc, "kernel", "tick_hz"), 250);
    assert_int_equal(scenario_set(sc, "kernel.marshal_policy=ce7", err, sizeof(err)), 0);
    assert_true(scenario_is_set(sc, "kernel", "marshal_policy"));
    assert_int_equal(scenario_get_enum(sc, "kernel", "marshal_policy"), 1);
    scenario_where(sc, "kernel", "tick_hz", where, sizeof(where));
    assert_string_equal(where, "--set: [kernel] tick_hz");
    /* Later sets win. */
    assert_int_equal(scenario_set(sc, "kernel.tick_hz=300", err, sizeof(err)), 0);
    assert_int_equal(scenario_get_u64(sc, "kernel", "tick_hz"), 300);
    scenario_free(sc);
}

static void test_set_every_driver_then_one(void **state)
{
    struct scenario *sc = load_good();

    (void)state;
    assert_int_equal(scenario_set(sc, "driver.mode=user", err, sizeof(err)), 0);
    assert_string_equal(scenario_get(sc, "driver.smp", "mode"), "user");
    assert_string_equal(scenario_get(sc, "driver.blk", "mode"), "user");
    assert_int_equal(scenario_set(sc, "driver.blk.mode=kernel", err, sizeof(err)), 0);
    assert_string_equal(scenario_get(sc, "driver.smp", "mode"), "user");
    assert_string_equal(scenario_get(sc, "driver.blk", "mode"), "kernel");
    scenario_free(sc);
}

static void test_set_app_args(void **state)
{
    struct scenario *sc = load_good();

    (void)state;
    assert_int_equal(scenario_set(sc, "app.second.args=a b=c", err, sizeof(err)), 0);
    assert_string_equal(scenario_get(sc, "app.second", "args"), "a b=c");
    assert_string_equal(scenario_get(sc, "app.first", "args"), "-v --count 3");
    assert_int_equal(scenario_set(sc, "app.args=", err, sizeof(err)), 0);
    assert_string_equal(scenario_get(sc, "app.first", "args"), "");
    assert_string_equal(scenario_get(sc, "app.second", "args"), "");
    scenario_free(sc);
}

static void test_set_image_paths(void **state)
{
    struct scenario *sc = load_good();

    (void)state;
    /* A path given on the command line is relative to the current directory. */
    assert_int_equal(scenario_set(sc, "kernel.image=build/k2.elf", err, sizeof(err)), 0);
    image_is(sc, "kernel", "build/k2.elf");
    assert_int_equal(scenario_set(sc, "app.first.image=prog.elf", err, sizeof(err)), 0);
    image_is(sc, "app.first", IMG "/prog.elf"); /* ".elf" not added twice */
    scenario_free(sc);
}

static void test_set_on_empty_scenario(void **state)
{
    struct scenario *sc = scenario_new("img");

    (void)state;
    assert_int_equal(scenario_set(sc, "board.ram=32M", err, sizeof(err)), 0);
    assert_int_equal(scenario_get_size(sc, "board", "ram"), 32u << 20);
    assert_int_equal(scenario_set(sc, "driver.mode=user", err, sizeof(err)), 0); /* no drivers */
    scenario_free(sc);
}

static void expect_set_error(const char *assignment, const char *want)
{
    struct scenario *sc = load_good();

    assert_int_equal(scenario_set(sc, assignment, err, sizeof(err)), -1);
    assert_string_equal(err, want);
    scenario_free(sc);
}

static void test_set_errors(void **state)
{
    (void)state;
    expect_set_error("kernel.tick_hz=abc", "--set: [kernel] tick_hz: bad integer 'abc'");
    expect_set_error("kernel.nokey=1",
                     "--set: [kernel] nokey: unknown key (cesim --help lists them)");
    expect_set_error("driver.mode=both", "--set: [driver] mode: 'both' is not one of kernel|user");
    expect_set_error("driver.smp.prefix=sm", "--set: [driver.smp] prefix: '"
                                             "sm' is too short (at least 3 characters)");
    expect_set_error("app.ghost.args=1", "--set: [app.ghost] args: no such module in the scenario");
    expect_set_error("network.speed=1", "--set: [network] speed: unknown section");
    expect_set_error("nosuch", "--set 'nosuch': expected section.key=value");
    expect_set_error("tick_hz=5", "--set 'tick_hz=5': expected section.key=value");
    expect_set_error("kernel.=5", "--set 'kernel.=5': expected section.key=value");
}

static void test_set_then_check(void **state)
{
    struct scenario *sc = load_good();

    (void)state;
    assert_int_equal(scenario_set(sc, "driver.blk.prefix=SMP", err, sizeof(err)), 0);
    assert_int_equal(scenario_set(sc, "driver.blk.index=2", err, sizeof(err)), 0);
    assert_int_equal(scenario_check(sc, err, sizeof(err)), -1);
    assert_string_equal(err, "--set: [driver.blk] index: device SMP2: is also [driver.smp]");
    scenario_free(sc);
}

/* ---- --help ---- */

static void test_print_keys(void **state)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    (void)state;
    assert_non_null(f);
    scenario_print_keys(f);
    fclose(f);
    assert_non_null(strstr(text, "  [kernel]\n"));
    assert_non_null(strstr(text, "kernel.marshal_policy"));
    assert_non_null(strstr(text, "docs|ce7"));
    assert_non_null(strstr(text, "  [driver.NAME]\n"));
    assert_non_null(strstr(text, "driver.NAME.prefix"));
    assert_non_null(strstr(text, "board.ram"));
    free(text);
}

/* Every row of the key table is well formed, and its default passes its own checks. */
static void test_key_table_consistent(void **state)
{
    struct scenario *sc = scenario_new("img");
    char line[256], path[256];

    (void)state;
    for (size_t i = 0; i < scenario_nkeys; i++) {
        const struct scenario_key *k = &scenario_keys[i];

        assert_non_null(k->doc);
        assert_true(k->type != SCENARIO_ENUM || k->values);
        for (size_t j = 0; j < i; j++)
            assert_false(strcmp(k->section, scenario_keys[j].section) == 0 &&
                         strcmp(k->key, scenario_keys[j].key) == 0);
        if (!k->def || strcmp(k->section, "app") == 0 || strcmp(k->section, "driver") == 0)
            continue;
        snprintf(line, sizeof(line), "%s.%s=%s", k->section, k->key, k->def);
        assert_int_equal(scenario_set(sc, line, err, sizeof(err)), 0);
    }
    /* Module defaults, through a file with one app and one driver. */
    write_ini("table", "[app.a]\n[driver.d]\nprefix = DRV\n", path, sizeof(path));
    scenario_free(sc);
    assert_int_equal(scenario_load(&sc, path, IMG, err, sizeof(err)), 0);
    assert_int_equal(scenario_set(sc, "app.args=", err, sizeof(err)), 0);
    assert_int_equal(scenario_set(sc, "driver.index=1", err, sizeof(err)), 0);
    assert_int_equal(scenario_set(sc, "driver.mode=kernel", err, sizeof(err)), 0);
    scenario_free(sc);
}

/* The cache model's parameters join [cache] and [timing] from the model's own table:
 * defaults come from it, values are checked by its parser, and the configuration built
 * from a scenario carries what was set. */
static void test_cache_model_keys(void **state)
{
    struct scenario *sc = scenario_new(".");
    struct cm_config cfg;
    char err[256];

    (void)state;
    assert_string_equal(scenario_get(sc, "cache", "tags"), "vivt");
    assert_string_equal(scenario_get(sc, "timing", "line_fill"), "30");
    assert_string_equal(scenario_get(sc, "cache", "wbuf_words"), "16");
    assert_int_equal(scenario_set(sc, "timing.line_fill=abc", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "line_fill"));
    assert_int_equal(scenario_set(sc, "cache.size_d=32K", err, sizeof(err)), 0);
    assert_int_equal(scenario_set(sc, "cache.tags=pipt", err, sizeof(err)), 0);
    assert_int_equal(scenario_set(sc, "cache.wbuf_words=8", err, sizeof(err)), 0);
    assert_int_equal(scenario_cm_config(sc, &cfg, err, sizeof(err)), 0);
    assert_int_equal(cfg.size_d, 32 * 1024);
    assert_int_equal(cfg.tags, CM_TAGS_PIPT);
    assert_int_equal(cfg.wbuf_words, 8);
    assert_int_equal(cfg.timing.line_fill, 30);
    scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cache_model_keys),
        cmocka_unit_test(test_good_values),
        cmocka_unit_test(test_good_defaults_fill_in),
        cmocka_unit_test(test_good_modules_in_file_order),
        cmocka_unit_test(test_good_image_paths),
        cmocka_unit_test(test_good_where),
        cmocka_unit_test(test_defaults_of_empty_scenario),
        cmocka_unit_test(test_settings_block),
        cmocka_unit_test(test_settings_block_overflow),
        cmocka_unit_test(test_error_bad_size),
        cmocka_unit_test(test_error_bad_int),
        cmocka_unit_test(test_error_bad_enum),
        cmocka_unit_test(test_error_bad_string),
        cmocka_unit_test(test_error_unknown_key),
        cmocka_unit_test(test_error_sections),
        cmocka_unit_test(test_error_module_names),
        cmocka_unit_test(test_error_duplicate_key),
        cmocka_unit_test(test_error_syntax),
        cmocka_unit_test(test_error_long_line),
        cmocka_unit_test(test_error_missing_file),
        cmocka_unit_test(test_check_prefix_required),
        cmocka_unit_test(test_check_duplicate_device),
        cmocka_unit_test(test_set_kernel_key),
        cmocka_unit_test(test_set_every_driver_then_one),
        cmocka_unit_test(test_set_app_args),
        cmocka_unit_test(test_set_image_paths),
        cmocka_unit_test(test_set_on_empty_scenario),
        cmocka_unit_test(test_set_errors),
        cmocka_unit_test(test_set_then_check),
        cmocka_unit_test(test_print_keys),
        cmocka_unit_test(test_key_table_consistent),
    };

    if (scenario_cm_register())
        return 1;
    return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
