/*
 * rom_image.h: reading a ROM image (the ELF `cesim mkrom` writes, rom_build.h) for
 * `cesim run`: its loadable segments at their physical addresses, the entry point, a
 * validated copy of the table of contents (rom.h), and the symbols, to find the kernel's
 * CP15 section and to name functions in traces.
 *
 * Any ELF32 little-endian ARM executable loads (a bare test kernel has no TOC), but
 * everything is checked once here, so the simulator can copy segments into guest RAM
 * without further checks: segments lie inside RAM and do not overlap, and a TOC, when
 * present, has the right magic, version and size, and its modules point inside the
 * image.
 *
 * Also the ELF helpers rom_build.c shares (rom_elf_*): open a file with libelf and check
 * it is an ELF32 little-endian ARM executable.
 *
 * Error convention: 0 or -1 with one line (no newline) in `err`.
 */
#ifndef CESIM_ROM_IMAGE_H
#define CESIM_ROM_IMAGE_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rom.h"

struct scenario;

/* One PT_LOAD of the ROM. `bytes` holds filesz bytes; the rest up to memsz is zero. */
struct rom_segment {
    uint32_t pa; /* where it is loaded (p_paddr) */
    uint32_t va; /* p_vaddr: the kernel's run address; = pa for modules and the TOC */
    uint32_t filesz;
    uint32_t memsz;
    uint32_t flags; /* PF_R | PF_W | PF_X */
    uint8_t *bytes; /* owned by the image; rom_image_apply_overrides() patches the TOC's */
};

struct rom_sym {
    const char *name; /* kernel symbols as linked; module symbols as "hello!main" */
    uint32_t value;
    uint32_t size;
    unsigned char type; /* STT_FUNC, STT_OBJECT, ... */
    unsigned char bind; /* STB_LOCAL, STB_GLOBAL, STB_WEAK */
};

struct rom_image {
    char *path;
    uint32_t entry;           /* physical: where the CPU starts, MMU off */
    uint32_t ram_size;        /* the TOC's board.ram; BOARD_RAM_SIZE_DEFAULT without a TOC */
    struct rom_segment *segs; /* sorted by pa */
    size_t nsegs;
    bool has_toc;
    struct rom_toc toc;   /* a copy, valid when has_toc */
    struct rom_sym *syms; /* every defined symbol, sorted by name */
    size_t nsyms;
    const struct rom_sym **funcs; /* the STT_FUNC ones, sorted by address */
    size_t nfuncs;

    /* private */
    uint8_t *file;
    size_t file_size;
    char *names;
};

/* Load and validate a ROM (or any ELF32 ARM executable). On error *img is empty. */
int rom_image_load(const char *path, struct rom_image *img, char *err, size_t errlen);

void rom_image_free(struct rom_image *img);

/* A symbol by exact name (a global one when several share it), or NULL. */
const struct rom_sym *rom_image_find_sym(const struct rom_image *img, const char *name);

/*
 * The nearest STT_FUNC symbol at or below `addr`, or NULL. User addresses are ambiguous
 * (every app runs at VM_USER_IMAGE): rom_image_module_sym_at() looks only at one
 * module's symbols ("hello" for "hello!*"; "" for the kernel's own).
 */
const struct rom_sym *rom_image_sym_at(const struct rom_image *img, uint32_t addr);
const struct rom_sym *rom_image_module_sym_at(const struct rom_image *img, const char *module,
                                              uint32_t addr);

/*
 * `cesim run ROM --set ...`: patch an already-built ROM before it is copied to guest
 * RAM. Every [kernel] setting the scenario *explicitly* sets (scenario_is_set) replaces
 * or joins the TOC's settings; a [board] ram it sets replaces the TOC's ram_size (the
 * image must still fit). Values not set keep what the ROM was built with. Both the copy
 * in img->toc and the TOC segment's bytes are patched. [kernel] image cannot change.
 */
int rom_image_apply_overrides(struct rom_image *img, const struct scenario *sc, char *err,
                              size_t errlen);

/* ---- shared ELF helpers (rom_build.c uses them too) ---- */

/* An input ELF file read into memory, header checked. */
struct rom_elf {
    const char *path;
    uint8_t *buf;
    size_t size;
    Elf *elf;
    GElf_Ehdr ehdr;
    size_t nphdr;
    size_t nshdr;
    size_t shstrndx;
};

/* Read `path` and check it is an ELF32 little-endian ARM ET_EXEC file. */
int rom_elf_open(struct rom_elf *e, const char *path, char *err, size_t errlen);
void rom_elf_close(struct rom_elf *e);

/* Program header i, checked: file bytes inside the file, filesz <= memsz, 32-bit range. */
int rom_elf_phdr(const struct rom_elf *e, size_t i, GElf_Phdr *ph, char *err, size_t errlen);

/* Section header i, checked: non-NOBITS contents inside the file. */
int rom_elf_shdr(const struct rom_elf *e, size_t i, GElf_Shdr *sh, char *err, size_t errlen);

/* A section's name ("?" when unreadable). */
const char *rom_elf_secname(const struct rom_elf *e, const GElf_Shdr *sh);

/*
 * The symbol table: index of the SHT_SYMTAB section (0 when there is none), its
 * symbol count, and the index of its string table, all checked.
 */
int rom_elf_symtab(const struct rom_elf *e, size_t *symndx, size_t *nsyms, size_t *strndx,
                   char *err, size_t errlen);

/* Symbol i of the table found by rom_elf_symtab(), and its name (checked, never NULL). */
int rom_elf_sym(const struct rom_elf *e, size_t symndx, size_t strndx, size_t i, GElf_Sym *sym,
                const char **name, char *err, size_t errlen);

#endif
