/*
 * toc.h: the kernel's view of the ROM image's table of contents (kernel/abi/rom.h),
 * read once at boot by rom_init() and validated there: every later user may trust it.
 */
#ifndef KERNEL_TOC_H
#define KERNEL_TOC_H

#include <stdint.h>

#include "rom.h"

/* Validate the TOC and every module entry; without a usable TOC, say why and exit 1. */
void rom_init(void);

uint32_t rom_ram_size(void);
/* First physical byte no image, kernel or module uses: the page allocator's start. */
uint32_t rom_free_pa(void);
unsigned rom_module_count(void);
const struct rom_module *rom_module_at(unsigned i);

/* A kernel setting from the scenario's [kernel] section, or NULL when absent. */
const char *kernel_setting(const char *key);
/* The same, as a number (decimal or 0x hex); absent: dflt; malformed: message, exit 1. */
uint32_t kernel_setting_u32(const char *key, uint32_t dflt);

#endif
