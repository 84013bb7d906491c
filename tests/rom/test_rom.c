/*
 * test_rom.c: host tests of the ROM builder and loader (sim/rom_build.c,
 * sim/rom_image.c) on tiny inputs built from tests/rom/ by the cross compiler: a stand-in
 * kernel (tkernel.S), an assembly app whose words cross segments both ways
 * (mod_reloc.S), a C app (mod_hello.c), a driver exporting TST_* (mod_tst.c), and
 * inputs that must be refused (a module without --emit-relocs, one with ARMv7
 * relocations, one too big, patched, truncated and random files).
 *
 * Expected numbers are worked out by hand in the comments, from the layout rules in
 * rom_build.h. Each test builds the ROMs it needs; none depends on another's output.
 * test_build_good also leaves ROMT_DIR/out/boot.rom, which tests/rom.mk boots on QEMU.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "rom.h"
#include "rom_build.h"
#include "rom_image.h"
#include "scenario.h"
#include "scenario_cm.h"

#define IMG ROMT_DIR /* bare image names resolve here */
#define TMP ROMT_DIR "/tmp"
#define OUT ROMT_DIR "/out"
#define ROM_INI "tests/rom/rom.ini"

static char err[1024];

/* ---- files ---- */

static void make_dirs(void)
{
    mkdir(ROMT_DIR, 0777);
    mkdir(TMP, 0777);
    mkdir(OUT, 0777);
}

static uint8_t *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

static void write_all(const char *path, const void *buf, size_t size)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, size, f), size);
    fclose(f);
}

static bool file_exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4); /* the host is little-endian, like the files */
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return v;
}

/* A copy of `src` with a 32- or 16-bit field patched, written to TMP/<name>. */
static void patched_copy(const char *src, const char *name, size_t offset, uint32_t value,
                         unsigned width)
{
    char path[256];
    size_t size;
    uint8_t *buf = read_all(src, &size);

    assert_true(offset + width <= size);
    if (width == 2) {
        buf[offset] = (uint8_t)value;
        buf[offset + 1] = (uint8_t)(value >> 8);
    } else if (width == 1) {
        buf[offset] = (uint8_t)value;
    } else {
        put32(buf + offset, value);
    }
    snprintf(path, sizeof(path), "%s/%s", TMP, name);
    write_all(path, buf, size);
    free(buf);
}

/* Seeded xorshift: the same "random" bytes on every run. */
static uint32_t rng_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* ---- building ---- */

static struct scenario *load_ini_text(const char *name, const char *text, char *ini, size_t inilen)
{
    struct scenario *sc;
    FILE *f;

    make_dirs();
    snprintf(ini, inilen, "%s/%s.ini", TMP, name);
    f = fopen(ini, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(scenario_load(&sc, ini, IMG, err, sizeof(err)), 0);
    return sc;
}

/* Build `text` (an INI) into OUT/<name>.rom; the build must fail with exactly `want`,
 * where "%s" stands for the INI's path, and leave no output file. */
static void expect_build_error(const char *name, const char *text, const char *want_fmt)
{
    char ini[256], out[256], want[1024];
    struct scenario *sc = load_ini_text(name, text, ini, sizeof(ini));

    snprintf(out, sizeof(out), "%s/%s.rom", OUT, name);
    unlink(out);
    err[0] = '\0';
    assert_int_equal(rom_build(sc, out, err, sizeof(err)), -1);
    snprintf(want, sizeof(want), want_fmt, ini);
    assert_string_equal(err, want);
    assert_false(file_exists(out));
    scenario_free(sc);
}

/* Build rom.ini (with optional --set assignments) into OUT/<name>.rom and load it. */
static void build_good(const char *name, struct rom_image *img, const char *set)
{
    char out[256];
    struct scenario *sc;

    make_dirs();
    assert_int_equal(scenario_load(&sc, ROM_INI, IMG, err, sizeof(err)), 0);
    if (set)
        assert_int_equal(scenario_set(sc, set, err, sizeof(err)), 0);
    snprintf(out, sizeof(out), "%s/%s.rom", OUT, name);
    if (rom_build(sc, out, err, sizeof(err)) != 0)
        fail_msg("rom_build: %s", err);
    scenario_free(sc);
    if (rom_image_load(out, img, err, sizeof(err)) != 0)
        fail_msg("rom_image_load: %s", err);
}

/* The 32-bit word at physical address pa in the image's segments. */
static uint32_t word_at(const struct rom_image *img, uint32_t pa)
{
    for (size_t i = 0; i < img->nsegs; i++) {
        const struct rom_segment *s = &img->segs[i];

        if (pa >= s->pa && pa + 4 <= s->pa + s->filesz)
            return get32(s->bytes + (pa - s->pa));
    }
    fail_msg("no ROM bytes at 0x%08x", pa);
    return 0;
}

static const struct rom_module *module(const struct rom_image *img, unsigned i)
{
    assert_true(i < img->toc.nmodules);
    return &img->toc.modules[i];
}

static uint32_t sym(const struct rom_image *img, const char *name)
{
    const struct rom_sym *s = rom_image_find_sym(img, name);

    if (!s)
        fail_msg("no symbol %s", name);
    return s->value;
}

/* ---- a good ROM ---- */

/*
 * rom.ini: apps reloc, hello; kernel-mode drivers TST1, TST3; user-mode driver TST2.
 * The tiny kernel ends at PA 0x11104 (data 0x11000 + 4 bytes + 256 of bss), so modules
 * start at 0x12000; each of them has less than a page of text and of data, so each
 * takes two pages, in file order.
 */
static void test_build_good_layout(void **state)
{
    struct rom_image img;
    static const uint32_t text_pa[] = {0x12000, 0x14000, 0x16000, 0x18000, 0x1a000};
    static const char *const names[] = {"reloc", "TST1", "hello", "TST2", "TST3"};

    (void)state;
    build_good("boot", &img, NULL); /* also the ROM tests/rom.mk boots on QEMU */
    assert_true(img.has_toc);
    assert_int_equal(img.entry, 0x10000); /* the kernel's physical entry */
    assert_int_equal(img.ram_size, 64u << 20);
    assert_int_equal(img.toc.magic, ROM_TOC_MAGIC);
    assert_int_equal(img.toc.version, ROM_TOC_VERSION);
    assert_int_equal(img.toc.toc_size, sizeof(struct rom_toc));
    assert_int_equal(img.toc.ram_size, 64u << 20);
    assert_int_equal(img.toc.nmodules, 5);
    assert_int_equal(img.toc.rom_end_pa, 0x1c000);
    for (unsigned i = 0; i < 5; i++) {
        assert_string_equal(module(&img, i)->name, names[i]);
        assert_int_equal(module(&img, i)->text_pa, text_pa[i]);
        assert_int_equal(module(&img, i)->data_pa, text_pa[i] + 0x1000);
    }
    /* One PT_LOAD for the TOC, two for the kernel, two per module. */
    assert_int_equal(img.nsegs, 1 + 2 + 2 * 5);
    assert_int_equal(img.segs[0].pa, ROM_TOC_PA);
    rom_image_free(&img);
}

/* rom.ini sets tick_hz and marshal_policy; the others are defaults; sizes in decimal. */
static void test_build_good_settings(void **state)
{
    static const char want[] = "tick_hz=250\0marshal_policy=ce7\0reflector=alias\0"
                               "small_copy_threshold=1024\0alias_uncache=on\0console=uart\0"
                               "cache_tags=vivt\0";
    struct rom_image img;

    (void)state;
    build_good("settings", &img, "kernel.small_copy_threshold=1K");
    assert_int_equal(img.toc.settings_size, sizeof(want)); /* counts the final NUL */
    assert_memory_equal(img.toc.settings, want, sizeof(want));
    rom_image_free(&img);
}

/*
 * mod_reloc.S, linked at 0: text 0x24 bytes at 0x0000, data 0x18 bytes at 0x1000, 4 of
 * bss. It runs at text_va 0x10000 (VM_USER_IMAGE), data_va 0x20000 (text rounded up to
 * 64 KB): text delta +0x10000, data delta +0x1F000.
 */
static void test_reloc_module_placement(void **state)
{
    struct rom_image img;
    const struct rom_module *m;

    (void)state;
    build_good("reloc", &img, NULL);
    m = module(&img, 0);
    assert_int_equal(m->kind, ROM_MOD_APP);
    assert_int_equal(m->flags, 0);
    assert_int_equal(m->text_va, 0x10000);
    assert_int_equal(m->text_size, 0x24);
    assert_int_equal(m->data_va, 0x20000);
    assert_int_equal(m->data_size, 0x18);
    assert_int_equal(m->bss_size, 4);
    assert_int_equal(m->entry, 0x10000);
    assert_string_equal(m->args, "one two");
    rom_image_free(&img);
}

static void test_reloc_text_words(void **state)
{
    struct rom_image img;
    uint32_t t;

    (void)state;
    build_good("reloc_text", &img, NULL);
    t = module(&img, 0)->text_pa;
    assert_int_equal(word_at(&img, t + 0x08), 0xeb000000); /* bl helper: same segment */
    assert_int_equal(word_at(&img, t + 0x0c), 0xeafffffb); /* b _start: same segment */
    assert_int_equal(word_at(&img, t + 0x14), 0x00020000); /* counter: 0x1000 + 0x1F000 */
    assert_int_equal(word_at(&img, t + 0x18), 0x00010010); /* helper: 0x10 + 0x10000 */
    /* counter - .: linked 0x1000 - 0x1c = 0xfe4; runs 0x20000 - 0x1001c = 0xffe4. */
    assert_int_equal(word_at(&img, t + 0x1c), 0x0000ffe4);
    assert_int_equal(word_at(&img, t + 0x20), 0x00020018); /* bss_word: 0x1018 + 0x1F000 */
    rom_image_free(&img);
}

static void test_reloc_data_words(void **state)
{
    struct rom_image img;
    uint32_t d;

    (void)state;
    build_good("reloc_data", &img, NULL);
    d = module(&img, 0)->data_pa;
    assert_int_equal(word_at(&img, d + 0x00), 7);          /* counter: not relocated */
    assert_int_equal(word_at(&img, d + 0x04), 0x00010000); /* _start */
    assert_int_equal(word_at(&img, d + 0x08), 0x00010010); /* helper */
    assert_int_equal(word_at(&img, d + 0x0c), 0x00020000); /* counter */
    /* helper(PREL31) at data+0x10: linked 0x10 - 0x1010 = -0x1000 -> 0x7ffff000;
     * runs 0x10010 - 0x20010 = -0x10000 -> 0x7fff0000 (31 bits). */
    assert_int_equal(word_at(&img, d + 0x10), 0x7fff0000);
    assert_int_equal(word_at(&img, d + 0x14), 0x00010010); /* helper(TARGET1) */
    rom_image_free(&img);
}

/* Kernel-mode drivers get consecutive 64 KB-granular ranges from 0xC0000000 up. */
static void test_driver_placement_and_exports(void **state)
{
    struct rom_image img;
    const struct rom_module *k1, *u2, *k3;
    uint32_t init;

    (void)state;
    build_good("drivers", &img, NULL);
    k1 = module(&img, 1);
    u2 = module(&img, 3);
    k3 = module(&img, 4);
    assert_int_equal(k1->kind, ROM_MOD_DRIVER);
    assert_int_equal(k1->flags, ROM_MODF_KERNEL_MODE);
    assert_int_equal(k1->text_va, 0xC0000000);
    assert_int_equal(k1->data_va, 0xC0010000);
    assert_int_equal(k1->entry, 0);
    assert_int_equal(u2->flags, 0); /* user mode: runs at VM_USER_IMAGE */
    assert_int_equal(u2->text_va, 0x00010000);
    assert_int_equal(u2->data_va, 0x00020000);
    /* TST1 takes 0xC0000000-0xC001FFFF (text granule, data granule): TST3 follows. */
    assert_int_equal(k3->text_va, 0xC0020000);
    assert_int_equal(k3->data_va, 0xC0030000);
    init = sym(&img, "TST1!TST_Init");
    assert_int_equal(k1->exports[ROM_EXP_INIT], init);
    assert_true(init >= k1->text_va && init < k1->text_va + k1->text_size);
    assert_int_equal(k1->exports[ROM_EXP_DEINIT], sym(&img, "TST1!TST_Deinit"));
    assert_int_equal(k1->exports[ROM_EXP_OPEN], sym(&img, "TST1!TST_Open"));
    assert_int_equal(k1->exports[ROM_EXP_CLOSE], 0); /* mod_tst.c has no TST_Close */
    assert_int_equal(k1->exports[ROM_EXP_IOCONTROL], sym(&img, "TST1!TST_IOControl"));
    /* The same image at three places: the exports move with the text. */
    assert_int_equal(u2->exports[ROM_EXP_INIT], init - 0xC0000000 + 0x10000);
    assert_int_equal(k3->exports[ROM_EXP_IOCONTROL], k1->exports[ROM_EXP_IOCONTROL] + 0x20000);
    rom_image_free(&img);
}

static void test_driver_mode_set_for_all(void **state)
{
    struct rom_image img;

    (void)state;
    build_good("all_user", &img, "driver.mode=user");
    for (unsigned i = 1; i < 5; i += 2) {
        assert_int_equal(module(&img, i)->flags, 0);
        assert_int_equal(module(&img, i)->text_va, 0x10000);
    }
    rom_image_free(&img);
}

/* ---- symbols ---- */

static void test_symbols(void **state)
{
    struct rom_image img, kernel;
    const struct rom_sym *s;

    (void)state;
    build_good("symbols", &img, NULL);
    assert_int_equal(rom_image_load(IMG "/kernel.elf", &kernel, err, sizeof(err)), 0);
    /* The kernel's symbols, unchanged. */
    assert_int_equal(sym(&img, ROM_SYM_CP15_START), sym(&kernel, ROM_SYM_CP15_START));
    assert_int_equal(sym(&img, ROM_SYM_CP15_END), sym(&kernel, ROM_SYM_CP15_END));
    assert_int_equal(sym(&img, "boot_count"), sym(&kernel, "boot_count"));
    assert_int_equal(sym(&img, "_start"), 0x80010000);
    /* Module symbols, relocated and prefixed. */
    s = rom_image_find_sym(&img, "reloc!helper");
    assert_non_null(s);
    assert_int_equal(s->value, 0x10010);
    assert_int_equal(s->type, STT_FUNC);
    assert_int_equal(sym(&img, "reloc!counter"), 0x20000);
    assert_int_equal(sym(&img, "reloc!bss_word"), 0x20018);
    assert_int_equal(rom_image_find_sym(&img, "hello!main")->type, STT_FUNC);
    assert_int_equal(rom_image_find_sym(&img, "hello!greeting")->type, STT_OBJECT);
    assert_null(rom_image_find_sym(&img, "helper")); /* only with a module prefix */
    assert_null(rom_image_find_sym(&img, "$a"));     /* mapping symbols are skipped */
    rom_image_free(&kernel);
    rom_image_free(&img);
}

static void test_symbol_at_address(void **state)
{
    struct rom_image img;

    (void)state;
    build_good("sym_at", &img, NULL);
    assert_string_equal(rom_image_sym_at(&img, 0x80010010)->name, "_start");
    assert_string_equal(rom_image_module_sym_at(&img, "", 0x80010098)->name, "cp15_clean_all");
    assert_string_equal(rom_image_module_sym_at(&img, "reloc", 0x10014)->name, "reloc!helper");
    assert_string_equal(rom_image_module_sym_at(&img, "reloc", 0x10004)->name, "reloc!_start");
    assert_string_equal(rom_image_module_sym_at(&img, "hello", 0x10000)->name, "hello!_start");
    assert_string_equal(rom_image_module_sym_at(&img, "TST3", 0xC0020000)->name, "TST3!TST_Init");
    assert_null(rom_image_sym_at(&img, 0x100));
    assert_null(rom_image_module_sym_at(&img, "nosuch", 0x10004));
    rom_image_free(&img);
}

/* The kernel's segments are copied as linked: same addresses, sizes and bytes. */
static void test_kernel_segments_unchanged(void **state)
{
    struct rom_image img, kernel;

    (void)state;
    build_good("kernel_segs", &img, NULL);
    assert_int_equal(rom_image_load(IMG "/kernel.elf", &kernel, err, sizeof(err)), 0);
    assert_false(kernel.has_toc);
    assert_int_equal(kernel.nsegs, 2);
    for (size_t i = 0; i < 2; i++) {
        const struct rom_segment *k = &kernel.segs[i], *r = &img.segs[1 + i];

        assert_int_equal(r->pa, k->pa);
        assert_int_equal(r->va, k->va);
        assert_int_equal(r->filesz, k->filesz);
        assert_int_equal(r->memsz, k->memsz);
        assert_int_equal(r->flags, k->flags);
        assert_memory_equal(r->bytes, k->bytes, k->filesz);
    }
    assert_int_equal(kernel.segs[0].va, 0x80010000);
    assert_int_equal(kernel.segs[1].memsz, 0x104); /* 4 bytes of data, 256 of bss */
    rom_image_free(&kernel);
    rom_image_free(&img);
}

/* No apps, no drivers: the TOC says so, and the free memory starts after the kernel. */
static void test_kernel_only(void **state)
{
    char ini[256];
    struct scenario *sc =
        load_ini_text("kernel_only", "[kernel]\nconsole = semihost\n", ini, sizeof(ini));
    struct rom_image img;

    (void)state;
    assert_int_equal(rom_build(sc, OUT "/kernel_only.rom", err, sizeof(err)), 0);
    assert_int_equal(rom_image_load(OUT "/kernel_only.rom", &img, err, sizeof(err)), 0);
    assert_int_equal(img.toc.nmodules, 0);
    assert_int_equal(img.toc.rom_end_pa, 0x12000); /* kernel bss ends at 0x11104 */
    assert_int_equal(img.toc.ram_size, 128u << 20);
    assert_int_equal(img.nsegs, 3);
    rom_image_free(&img);
    scenario_free(sc);
}

/* ---- build errors ---- */

static void test_error_missing_images(void **state)
{
    (void)state;
    expect_build_error("no_kernel", "[kernel]\nimage = nokernel\n",
                       "%s:2: [kernel] image: " IMG
                       "/nokernel.elf: cannot open: No such file or directory");
    expect_build_error("no_module", "[app.ghost]\n",
                       "%s:1: [app.ghost] image: " IMG
                       "/ghost.elf: cannot open: No such file or directory");
}

static void test_error_wrong_elf_identity(void **state)
{
    (void)state;
    make_dirs();
    patched_copy(IMG "/hello.elf", "machine.elf", 18, 62, 2); /* e_machine = EM_X86_64 */
    expect_build_error("machine", "[app.m]\nimage = ./machine.elf\n",
                       "%s:2: [app.m] image: " TMP "/./machine.elf: machine 62 is not ARM (40)");
    patched_copy(IMG "/hello.elf", "class.elf", 4, 2, 1); /* EI_CLASS = ELFCLASS64 */
    expect_build_error("class", "[app.c]\nimage = ./class.elf\n",
                       "%s:2: [app.c] image: " TMP "/./class.elf: not a 32-bit ELF file");
    patched_copy(IMG "/hello.elf", "endian.elf", 5, 2, 1); /* EI_DATA = ELFDATA2MSB */
    expect_build_error("endian", "[app.e]\nimage = ./endian.elf\n",
                       "%s:2: [app.e] image: " TMP "/./endian.elf: not little-endian");
}

static void test_error_relocatable_object(void **state)
{
    char ini[256];
    struct scenario *sc = load_ini_text("object", "[app.o]\n", ini, sizeof(ini));

    (void)state;
    assert_int_equal(scenario_set(sc, "app.o.image=" ROMT_OBJ "/mod_hello.o", err, sizeof(err)), 0);
    assert_int_equal(rom_build(sc, OUT "/object.rom", err, sizeof(err)), -1);
    assert_string_equal(err, "--set: [app.o] image: " ROMT_OBJ "/mod_hello.o: not an executable "
                             "(ELF type 1; modules are linked with guest/module.ld)");
    scenario_free(sc);
}

static void test_error_no_emit_relocs(void **state)
{
    (void)state;
    expect_build_error("norel", "[app.h]\nimage = hello_norel\n",
                       IMG "/hello_norel.elf: no relocations for its code or data "
                           "(link with -Wl,--emit-relocs)");
}

static void test_error_unsupported_relocation(void **state)
{
    (void)state;
    expect_build_error("v7", "[app.v7]\n",
                       IMG "/v7.elf [app.v7]: relocation R_ARM_MOVW_ABS_NC (43) at .text+0x0 "
                           "(0x00000000): type not supported (modules are ARM code for the "
                           "ARM926, built with the Makefile's GUEST_CFLAGS)");
}

static void test_error_missing_symbols(void **state)
{
    (void)state;
    expect_build_error("no_init", "[driver.h]\nprefix = HEL\nimage = hello\n",
                       IMG "/hello.elf [driver.h]: missing symbol HEL_Init (a driver with "
                           "prefix HEL exports at least HEL_Init and HEL_IOControl)");
    expect_build_error("no_start", "[app.t]\nimage = tst\n",
                       IMG "/tst.elf [app.t]: missing symbol _start in its text");
    expect_build_error("no_prefix", "[driver.d]\nimage = tst\n",
                       "%s:1: [driver.d] prefix: required (three capital letters, e.g. SMP)");
}

/* big.elf: 1 MB of data. Text page 0x12000, data 0x13000-0x112FFF: needs 0x113000. */
static void test_error_larger_than_ram(void **state)
{
    (void)state;
    expect_build_error("big", "[board]\nram = 1M\n[app.big]\n",
                       IMG "/big.elf: the image does not fit in RAM: needs 1100 KB, board.ram "
                           "is 1024 KB");
}

static void test_error_too_many_modules(void **state)
{
    char text[4096];
    size_t off = 0;

    (void)state;
    for (int i = 0; i < 33; i++) /* two lines each: app 33 opens on line 65 */
        off += (size_t)snprintf(text + off, sizeof(text) - off, "[app.a%d]\nimage = reloc\n", i);
    expect_build_error("many", text, "%s:65: [app.a32]: too many modules, the TOC holds 32");
}

static void test_error_duplicate_module_name(void **state)
{
    (void)state;
    expect_build_error("dup_name",
                       "[app.TST1]\nimage = reloc\n[driver.t]\nprefix = TST\n"
                       "image = tst\n",
                       "%s:3: [driver.t] index: module name TST1 is already used in the ROM");
}

/* tkernel's first PT_LOAD: program headers at 52, 32 bytes each; p_paddr at +12. */
static void test_error_kernel_layout(void **state)
{
    (void)state;
    make_dirs();
    patched_copy(IMG "/kernel.elf", "lowkernel.elf", 52 + 12, 0x9000, 4);
    expect_build_error("lowkernel", "[kernel]\nimage = ./lowkernel.elf\n",
                       TMP "/./lowkernel.elf: segment at 0x00009000-0x0000909c overlaps the "
                           "TOC window 0x00008000-0x00010000");
    patched_copy(IMG "/kernel.elf", "ventry.elf", 24, 0x80010000, 4); /* e_entry */
    expect_build_error("ventry", "[kernel]\nimage = ./ventry.elf\n",
                       TMP "/./ventry.elf: entry point 0x80010000 is not in an executable "
                           "segment at its physical address (link the kernel's entry at its "
                           "load address)");
}

/* Truncated, random and corrupted module files: an error (or a good ROM), never a crash. */
static void test_error_truncated_and_random(void **state)
{
    static const size_t cuts[] = {0, 10, 52, 100, 200, 4096, 6000, 11000};
    char ini[256], path[256], out[256];
    size_t size;
    uint8_t *elf = read_all(IMG "/hello.elf", &size);
    uint32_t seed = 12345;

    (void)state;
    struct scenario *sc = load_ini_text("trunc", "[app.t]\nimage = ./cut.elf\n", ini, sizeof(ini));
    snprintf(path, sizeof(path), "%s/cut.elf", TMP);
    snprintf(out, sizeof(out), "%s/trunc.rom", OUT);
    for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
        assert_true(cuts[i] < size);
        write_all(path, elf, cuts[i]);
        err[0] = '\0';
        assert_int_equal(rom_build(sc, out, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "cut.elf"));
    }
    write_all(path, elf, 0);
    assert_int_equal(rom_build(sc, out, err, sizeof(err)), -1);
    assert_non_null(strstr(err, TMP "/./cut.elf: not an ELF file"));
    for (size_t i = 0; i < size; i++) /* random bytes */
        elf[i] = (uint8_t)rng_next(&seed);
    write_all(path, elf, 4096);
    assert_int_equal(rom_build(sc, out, err, sizeof(err)), -1);
    assert_non_null(strstr(err, TMP "/./cut.elf: not an ELF file"));
    assert_false(file_exists(out));
    scenario_free(sc);
    free(elf);
}

static void test_fuzzed_headers(void **state)
{
    char ini[256], path[256], out[256];
    size_t size;
    uint8_t *orig = read_all(IMG "/hello.elf", &size);
    uint8_t *elf = malloc(size);
    uint32_t seed = 2024;
    int failed = 0;

    (void)state;
    struct scenario *sc = load_ini_text("fuzz", "[app.f]\nimage = ./fuzz.elf\n", ini, sizeof(ini));
    snprintf(path, sizeof(path), "%s/fuzz.elf", TMP);
    snprintf(out, sizeof(out), "%s/fuzz.rom", OUT);
    for (int round = 0; round < 300; round++) {
        memcpy(elf, orig, size);
        for (int k = 0; k < 4; k++) {
            /* Hit the ELF header and program headers, or the section headers at the end. */
            uint32_t r = rng_next(&seed);
            size_t at = (r & 1) ? (r >> 8) % 0x100 : size - 1 - (r >> 8) % 0x3c0;

            elf[at] = (uint8_t)rng_next(&seed);
        }
        write_all(path, elf, size);
        err[0] = '\0';
        if (rom_build(sc, out, err, sizeof(err)) == 0) {
            struct rom_image img; /* whatever we wrote must load */

            assert_int_equal(rom_image_load(out, &img, err, sizeof(err)), 0);
            rom_image_free(&img);
        } else {
            assert_true(err[0] != '\0');
            failed++;
        }
    }
    assert_true(failed > 0);
    scenario_free(sc);
    free(orig);
    free(elf);
}

/* A failed build leaves an existing output untouched and no temporary file behind. */
static void test_failed_build_keeps_output(void **state)
{
    char ini[256];
    struct scenario *sc = load_ini_text("keep", "[app.ghost]\n", ini, sizeof(ini));
    size_t size;
    uint8_t *old;
    DIR *d;
    struct dirent *e;

    (void)state;
    write_all(OUT "/keep.rom", "old", 3);
    assert_int_equal(rom_build(sc, OUT "/keep.rom", err, sizeof(err)), -1);
    old = read_all(OUT "/keep.rom", &size);
    assert_int_equal(size, 3);
    assert_memory_equal(old, "old", 3);
    free(old);
    d = opendir(OUT);
    assert_non_null(d);
    while ((e = readdir(d)))
        assert_null(strstr(e->d_name, "keep.rom."));
    closedir(d);
    assert_int_equal(rom_build(sc, ROMT_DIR "/nodir/x.rom", err, sizeof(err)), -1);
    scenario_free(sc);
    /* A good scenario to a directory that does not exist. */
    assert_int_equal(scenario_load(&sc, ROM_INI, IMG, err, sizeof(err)), 0);
    assert_int_equal(rom_build(sc, ROMT_DIR "/nodir/x.rom", err, sizeof(err)), -1);
    assert_string_equal(err, ROMT_DIR "/nodir/x.rom: cannot create: No such file or directory");
    scenario_free(sc);
}

/* ---- the loader ---- */

static void test_load_errors(void **state)
{
    struct rom_image img;
    uint8_t junk[512];
    uint32_t seed = 99;

    (void)state;
    make_dirs();
    assert_int_equal(rom_image_load(TMP "/nosuch.rom", &img, err, sizeof(err)), -1);
    assert_string_equal(err, TMP "/nosuch.rom: cannot open: No such file or directory");
    for (size_t i = 0; i < sizeof(junk); i++)
        junk[i] = (uint8_t)rng_next(&seed);
    write_all(TMP "/junk.rom", junk, sizeof(junk));
    assert_int_equal(rom_image_load(TMP "/junk.rom", &img, err, sizeof(err)), -1);
    assert_string_equal(err, TMP "/junk.rom: not an ELF file");
    assert_int_equal(rom_image_load(TMP, &img, err, sizeof(err)), -1);
    assert_string_equal(err, TMP ": not a regular file");
}

/* A copy of a good ROM with one TOC field patched must be refused with `want`. */
static void expect_toc_refused(const char *name, size_t field, uint32_t value, const char *why)
{
    struct rom_image img;
    char path[256], want[512];
    size_t toc_off;

    build_good(name, &img, NULL);
    toc_off = (size_t)(img.segs[0].bytes - img.file); /* segs[0] is the TOC (lowest pa) */
    rom_image_free(&img);
    snprintf(path, sizeof(path), "%s/%s.rom", OUT, name);
    patched_copy(path, "patched.rom", toc_off + field, value, 4);
    assert_int_equal(rom_image_load(TMP "/patched.rom", &img, err, sizeof(err)), -1);
    snprintf(want, sizeof(want), "%s/patched.rom: %s", TMP, why);
    assert_string_equal(err, want);
}

static void test_load_bad_toc(void **state)
{
    (void)state;
    expect_toc_refused("toc_magic", offsetof(struct rom_toc, magic), 0x12345678,
                       "TOC at 0x00008000: bad magic");
    expect_toc_refused("toc_version", offsetof(struct rom_toc, version), 2,
                       "TOC at 0x00008000: version differs from this cesim's (rebuild the ROM)");
    expect_toc_refused("toc_count", offsetof(struct rom_toc, nmodules), 33,
                       "TOC at 0x00008000: too many modules");
    expect_toc_refused("toc_settings", offsetof(struct rom_toc, settings_size), 3,
                       "TOC at 0x00008000: malformed settings");
    expect_toc_refused("toc_end", offsetof(struct rom_toc, rom_end_pa), 0x1b000,
                       "segment at 0x0001b000 ends above the TOC's rom_end_pa 0x0001b000");
    expect_toc_refused("toc_text",
                       offsetof(struct rom_toc, modules) + offsetof(struct rom_module, text_pa),
                       0x30000, "TOC module 0: text outside the image");
    expect_toc_refused("toc_entry",
                       offsetof(struct rom_toc, modules) + offsetof(struct rom_module, entry),
                       0x30000, "TOC module 0: entry outside its text");
}

/* Program header 3 is reloc's text (after the TOC's and the kernel's two). */
static void test_load_bad_segments(void **state)
{
    struct rom_image img;
    const size_t paddr = 52 + 3 * 32 + 12;

    (void)state;
    build_good("segs", &img, NULL);
    rom_image_free(&img);
    patched_copy(OUT "/segs.rom", "overlap.rom", paddr, 0x11000, 4);
    assert_int_equal(rom_image_load(TMP "/overlap.rom", &img, err, sizeof(err)), -1);
    assert_string_equal(err, TMP "/overlap.rom: segments at 0x00011000 and 0x00011000 overlap");
    patched_copy(OUT "/segs.rom", "outside.rom", paddr, 0x04000000, 4);
    assert_int_equal(rom_image_load(TMP "/outside.rom", &img, err, sizeof(err)), -1);
    assert_string_equal(err, TMP "/outside.rom: segment at 0x04000000 ends above the TOC's "
                                 "rom_end_pa 0x0001c000");
}

static void test_overrides(void **state)
{
    /* cache_tags comes from [cache] tags: the kernel's choice between AA3 and AA4. */
    static const char want[] = "tick_hz=100\0marshal_policy=ce7\0reflector=alias\0"
                               "small_copy_threshold=4096\0alias_uncache=on\0console=semihost\0"
                               "cache_tags=pipt\0";
    struct rom_image img;
    struct scenario *sc = scenario_new(IMG);

    (void)state;
    build_good("override", &img, NULL);
    assert_int_equal(scenario_set(sc, "cache.tags=pipt", err, sizeof(err)), 0);
    assert_int_equal(scenario_set(sc, "kernel.tick_hz=100", err, sizeof(err)), 0);
    assert_int_equal(scenario_set(sc, "kernel.console=semihost", err, sizeof(err)), 0);
    assert_int_equal(scenario_set(sc, "kernel.small_copy_threshold=4K", err, sizeof(err)), 0);
    assert_int_equal(scenario_set(sc, "board.ram=32M", err, sizeof(err)), 0);
    assert_int_equal(rom_image_apply_overrides(&img, sc, err, sizeof(err)), 0);
    /* What was not set keeps the ROM's value: marshal_policy=ce7 from rom.ini. */
    assert_int_equal(img.toc.settings_size, sizeof(want));
    assert_memory_equal(img.toc.settings, want, sizeof(want));
    assert_int_equal(img.toc.ram_size, 32u << 20);
    assert_int_equal(img.ram_size, 32u << 20);
    /* The bytes the simulator copies to RAM carry the same TOC. */
    assert_memory_equal(img.segs[0].bytes, &img.toc, sizeof(img.toc));
    rom_image_free(&img);
    scenario_free(sc);
}

static void test_override_errors(void **state)
{
    struct rom_image img;
    struct scenario *sc = scenario_new(IMG);

    (void)state;
    build_good("override_err", &img, NULL);
    assert_int_equal(scenario_set(sc, "kernel.image=other", err, sizeof(err)), 0);
    assert_int_equal(rom_image_apply_overrides(&img, sc, err, sizeof(err)), -1);
    assert_string_equal(err, "--set: [kernel] image: cannot change in " OUT
                             "/override_err.rom (the kernel is built in)");
    rom_image_free(&img);
    scenario_free(sc);
    sc = scenario_new(IMG);
    assert_int_equal(rom_image_load(IMG "/kernel.elf", &img, err, sizeof(err)), 0);
    assert_int_equal(scenario_set(sc, "kernel.tick_hz=10", err, sizeof(err)), 0);
    assert_int_equal(rom_image_apply_overrides(&img, sc, err, sizeof(err)), -1);
    assert_string_equal(err, "--set: [kernel] tick_hz: cannot change in " IMG
                             "/kernel.elf, which has no TOC");
    rom_image_free(&img);
    scenario_free(sc);
}

/* `cesim run SCENARIO`: built to a temporary file, loaded, the file removed. */
static void test_build_load(void **state)
{
    struct rom_image img;
    struct scenario *sc;
    DIR *d;
    struct dirent *e;
    int files = 0;

    (void)state;
    make_dirs();
    mkdir(ROMT_DIR "/tmpdir", 0777);
    setenv("TMPDIR", ROMT_DIR "/tmpdir", 1);
    assert_int_equal(scenario_load(&sc, ROM_INI, IMG, err, sizeof(err)), 0);
    assert_int_equal(rom_build_load(sc, &img, err, sizeof(err)), 0);
    assert_int_equal(img.toc.nmodules, 5);
    rom_image_free(&img);
    scenario_free(sc);
    d = opendir(ROMT_DIR "/tmpdir");
    assert_non_null(d);
    while ((e = readdir(d)))
        files += e->d_name[0] != '.';
    closedir(d);
    assert_int_equal(files, 0);
    unsetenv("TMPDIR");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_good_layout),
        cmocka_unit_test(test_build_good_settings),
        cmocka_unit_test(test_reloc_module_placement),
        cmocka_unit_test(test_reloc_text_words),
        cmocka_unit_test(test_reloc_data_words),
        cmocka_unit_test(test_driver_placement_and_exports),
        cmocka_unit_test(test_driver_mode_set_for_all),
        cmocka_unit_test(test_symbols),
        cmocka_unit_test(test_symbol_at_address),
        cmocka_unit_test(test_kernel_segments_unchanged),
        cmocka_unit_test(test_kernel_only),
        cmocka_unit_test(test_error_missing_images),
        cmocka_unit_test(test_error_wrong_elf_identity),
        cmocka_unit_test(test_error_relocatable_object),
        cmocka_unit_test(test_error_no_emit_relocs),
        cmocka_unit_test(test_error_unsupported_relocation),
        cmocka_unit_test(test_error_missing_symbols),
        cmocka_unit_test(test_error_larger_than_ram),
        cmocka_unit_test(test_error_too_many_modules),
        cmocka_unit_test(test_error_duplicate_module_name),
        cmocka_unit_test(test_error_kernel_layout),
        cmocka_unit_test(test_error_truncated_and_random),
        cmocka_unit_test(test_fuzzed_headers),
        cmocka_unit_test(test_failed_build_keeps_output),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_load_bad_toc),
        cmocka_unit_test(test_load_bad_segments),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_override_errors),
        cmocka_unit_test(test_build_load),
    };

    if (scenario_cm_register())
        return 1;
    return cmocka_run_group_tests_name("rom", tests, NULL, NULL);
}
