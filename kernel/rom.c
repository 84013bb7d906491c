/*
 * rom.c: reading the ROM image's table of contents, written by `cesim mkrom` at
 * ROM_TOC_PA (kernel/abi/rom.h). The TOC is read through the cached RAM window, which
 * boot.S mapped over the start of RAM. Everything in it is checked once here, before
 * anything uses it: a bare kernel (no TOC) or a TOC this kernel does not understand
 * ends the run with a message and exit status 1.
 */
#include "toc.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "kernel.h"

#define WHY_MAX 96

static const struct rom_toc *toc;
static uint32_t free_pa;

static void rom_reject(const char *why)
{
    kprintf("kernel: bad ROM table of contents at 0x%08lx: %s\n", (unsigned long)ROM_TOC_PA, why);
    kernel_exit(KERNEL_EXIT_BAD_ROM);
}

/* [pa, pa + size) lies inside [lo, hi) without wrapping. */
static int pa_range_within(uint32_t pa, uint32_t size, uint32_t lo, uint32_t hi)
{
    return pa >= lo && pa <= hi && size <= hi - pa;
}

static const char *check_header(const struct rom_toc *t, uint32_t image_end)
{
    if (t->toc_size != sizeof(struct rom_toc))
        return "toc_size differs from this kernel's struct rom_toc";
    if (t->ram_size == 0 || t->ram_size > BOARD_RAM_SIZE_MAX || (t->ram_size & PAGE_MASK))
        return "ram_size is not a whole number of pages up to BOARD_RAM_SIZE_MAX";
    if ((t->rom_end_pa & PAGE_MASK) || t->rom_end_pa < image_end || t->rom_end_pa > t->ram_size)
        return "rom_end_pa is unaligned, inside the kernel image or beyond RAM";
    if (t->nmodules > ROM_MAX_MODULES)
        return "more than ROM_MAX_MODULES modules";
    if (t->settings_size > ROM_SETTINGS_MAX ||
        (t->settings_size > 0 && t->settings[t->settings_size - 1] != '\0'))
        return "settings block too long or not NUL-terminated";
    return NULL;
}

/* Where a module may sit: after the kernel image (its .bss included), inside the ROM. */
static const char *check_module(const struct rom_module *m, uint32_t image_end, uint32_t rom_end)
{
    if (strnlen(m->name, ROM_NAME_MAX) == ROM_NAME_MAX || m->name[0] == '\0')
        return "name empty or not NUL-terminated";
    if (strnlen(m->args, ROM_ARGS_MAX) == ROM_ARGS_MAX)
        return "args not NUL-terminated";
    if (m->kind != ROM_MOD_APP && m->kind != ROM_MOD_DRIVER)
        return "unknown kind";
    if ((m->text_pa | m->text_va | m->data_pa | m->data_va) & PAGE_MASK)
        return "text or data not page aligned";
    if (!pa_range_within(m->text_pa, m->text_size, image_end, rom_end))
        return "text outside the ROM area after the kernel image";
    if (m->data_size && !pa_range_within(m->data_pa, m->data_size, image_end, rom_end))
        return "data outside the ROM area after the kernel image";
    return NULL;
}

static void check_modules(const struct rom_toc *t, uint32_t image_end)
{
    for (unsigned i = 0; i < t->nmodules; i++) {
        const char *why = check_module(&t->modules[i], image_end, t->rom_end_pa);
        if (why) {
            char msg[WHY_MAX];
            snprintf(msg, sizeof(msg), "module %u: %s", i, why);
            rom_reject(msg);
        }
    }
}

void rom_init(void)
{
    const struct rom_toc *t = (const struct rom_toc *)KERNEL_VA(ROM_TOC_PA);
    uint32_t image_end = PAGE_ROUND_UP(kernel_end_pa());
    const char *why;

    if (t->magic != ROM_TOC_MAGIC) {
        kprintf("kernel: no ROM table of contents at 0x%08lx (found 0x%08lx, want 0x%08lx):\n"
                "kernel: boot a ROM image made by `cesim mkrom SCENARIO.ini`, not the bare "
                "kernel\n",
                (unsigned long)ROM_TOC_PA, (unsigned long)t->magic, (unsigned long)ROM_TOC_MAGIC);
        kernel_exit(KERNEL_EXIT_BAD_ROM);
    }
    if (t->version != ROM_TOC_VERSION) {
        char msg[WHY_MAX];
        snprintf(msg, sizeof(msg), "version %lu, this kernel reads version %lu",
                 (unsigned long)t->version, (unsigned long)ROM_TOC_VERSION);
        rom_reject(msg);
    }
    why = check_header(t, image_end);
    if (why)
        rom_reject(why);
    check_modules(t, image_end);
    toc = t;
    free_pa = t->rom_end_pa > image_end ? t->rom_end_pa : image_end;
}

uint32_t rom_ram_size(void)
{
    return toc->ram_size;
}

uint32_t rom_free_pa(void)
{
    return free_pa;
}

unsigned rom_module_count(void)
{
    return toc->nmodules;
}

const struct rom_module *rom_module_at(unsigned i)
{
    return &toc->modules[i];
}

/* Settings are "key=value\0key=value\0", settings_size bytes (validated above). */
const char *kernel_setting(const char *key)
{
    size_t klen = strlen(key);
    const char *p = toc->settings;
    const char *end = toc->settings + toc->settings_size;

    while (p < end && *p) {
        if (strncmp(p, key, klen) == 0 && p[klen] == '=')
            return p + klen + 1;
        p += strlen(p) + 1;
    }
    return NULL;
}

static int parse_u32(const char *s, uint32_t *out)
{
    uint32_t base = 10, v = 0;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!*s)
        return -1;
    for (; *s; s++) {
        uint32_t d;
        if (*s >= '0' && *s <= '9')
            d = (uint32_t)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (uint32_t)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (uint32_t)(*s - 'A' + 10);
        else
            return -1;
        if (v > (UINT32_MAX - d) / base)
            return -1;
        v = v * base + d;
    }
    *out = v;
    return 0;
}

uint32_t kernel_setting_u32(const char *key, uint32_t dflt)
{
    const char *s = kernel_setting(key);
    uint32_t v;

    if (!s)
        return dflt;
    if (parse_u32(s, &v) != 0) {
        kprintf("kernel: setting %s=%s is not a number\n", key, s);
        kernel_exit(KERNEL_EXIT_BAD_ROM);
    }
    return v;
}
