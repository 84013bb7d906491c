/*
 * rom.h: the ROM image's table of contents, written by `cesim mkrom` (sim/rom_build.c)
 * and read by the kernel at boot (kernel/rom.c). Like Windows CE's romimage: modules
 * are placed and relocated at build time; code executes in place from the ROM pages,
 * initialised data is copied out at load.
 *
 * The TOC sits at the fixed physical address ROM_TOC_PA. Everything is little-endian,
 * fixed size, and versioned; the kernel refuses a TOC whose magic or version differ.
 */
#ifndef CESIM_ROM_H
#define CESIM_ROM_H

#include <stdint.h>

#define ROM_TOC_PA 0x00008000u
#define ROM_TOC_MAX 0x00008000u /* the TOC must end below KERNEL_LOAD_PA */
#define ROM_TOC_MAGIC 0x4D4F5243u /* "CROM" */
#define ROM_TOC_VERSION 1u

#define ROM_NAME_MAX 16u
#define ROM_ARGS_MAX 128u
#define ROM_MAX_MODULES 32u
#define ROM_SETTINGS_MAX 4096u

enum rom_module_kind {
    ROM_MOD_APP = 1,    /* started at boot with args, in list order */
    ROM_MOD_DRIVER = 2, /* loaded by the device manager under its prefix */
};

enum rom_module_flags {
    ROM_MODF_KERNEL_MODE = 1u << 0, /* driver loaded into the kernel process */
};

/* Stream-interface entry points a driver exports (XXX_Init ...), by index. */
enum rom_export {
    ROM_EXP_INIT,
    ROM_EXP_DEINIT,
    ROM_EXP_OPEN,
    ROM_EXP_CLOSE,
    ROM_EXP_IOCONTROL,
    ROM_EXP_COUNT
};

struct rom_module {
    char name[ROM_NAME_MAX]; /* app name, or driver prefix such as "SMP1" */
    uint32_t kind;           /* enum rom_module_kind */
    uint32_t flags;          /* enum rom_module_flags */
    uint32_t text_pa;        /* text + rodata, page aligned, executed in place */
    uint32_t text_va;        /* where it was relocated to run */
    uint32_t text_size;
    uint32_t data_pa;        /* initial image of .data in the ROM, page aligned */
    uint32_t data_va;        /* where .data must be copied to (page aligned) */
    uint32_t data_size;
    uint32_t bss_size;       /* zeroed after .data, at data_va + data_size */
    uint32_t entry;          /* app: _start; driver: 0 (see exports) */
    uint32_t exports[ROM_EXP_COUNT]; /* driver entry points (VA), 0 when absent */
    char args[ROM_ARGS_MAX]; /* app command line, NUL terminated */
};

struct rom_toc {
    uint32_t magic;
    uint32_t version;
    uint32_t toc_size;      /* sizeof(struct rom_toc) as written */
    uint32_t ram_size;      /* board.ram in bytes */
    uint32_t rom_end_pa;    /* first free physical byte after the image, page aligned */
    uint32_t nmodules;
    uint32_t settings_size; /* bytes used in settings[] */
    uint32_t reserved;
    /* kernel.* scenario keys without the prefix: "key=value\0key=value\0\0" */
    char settings[ROM_SETTINGS_MAX];
    struct rom_module modules[ROM_MAX_MODULES];
};

/* The ROM ELF's symbol for the kernel's CP15 section, found by the simulator. */
#define ROM_SYM_CP15_START "__cp15_start"
#define ROM_SYM_CP15_END "__cp15_end"

#endif
