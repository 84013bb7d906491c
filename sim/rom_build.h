/*
 * rom_build.h: `cesim mkrom`, the romimage step. From a scenario it writes ONE ELF32
 * little-endian ARM executable that boots both on
 * `qemu-system-arm -M versatilepb -cpu arm926 -nographic -semihosting -kernel ROM`
 * (QEMU loads each PT_LOAD at p_paddr and jumps to e_entry, MMU off) and on cesim:
 *
 *   - the kernel's PT_LOADs, unchanged (VA 0x8001xxxx, PA 0x0001xxxx as linked); the
 *     ROM's entry is the kernel's (physical) entry;
 *   - the table of contents (rom.h) as its own PT_LOAD at ROM_TOC_PA;
 *   - each app and driver (guest/module.ld: linked at 0 with --emit-relocs, a text and
 *     a data segment), placed and relocated, text and initial data as two PT_LOADs
 *     with p_vaddr = p_paddr (the run addresses are in the TOC, and in the section
 *     headers, so that objdump shows the code where it runs);
 *   - a symbol table: the kernel's symbols, and each module's functions and objects at
 *     their relocated addresses, named "<module>!<symbol>" ("hello!main", "SMP1!SMP_Init").
 *
 * Placement (physical): modules follow the kernel's highest segment end (bss included),
 * in scenario order, each text then data, each starting on a page. rom_end_pa is the page
 * after the last. Nothing may pass board.ram.
 *
 * Placement (virtual), per module:
 *   text_va = VM_USER_IMAGE (0x00010000) for apps and user-mode drivers (each runs in a
 *             process of its own); for kernel-mode drivers, consecutive ranges from
 *             VM_KDRIVERS (0xC0000000) up, each starting on a VM_ALLOC_GRANULE (64 KB);
 *   data_va = text_va + text_size rounded up to VM_ALLOC_GRANULE: text and data are two
 *             separate 64 KB-granular regions (R-X mapped onto the ROM pages, RW private),
 *             and a data reference relocated with the text delta cannot go unnoticed.
 *   A kernel-mode driver's range ends at data_va + data_size + bss_size rounded up to
 *   VM_ALLOC_GRANULE (one granule at least); the next one starts there.
 *
 * Relocation, from the SHT_REL sections --emit-relocs keeps (for sections in the image):
 * a word's target moves by the delta of the segment the target symbol's section lies in
 * (text: text_va - linked text address; data: data_va - linked data address); a place
 * moves by the delta of its own segment.
 *   R_ARM_ABS32, R_ARM_TARGET1              += target delta
 *   R_ARM_REL32, R_ARM_PREL31, R_ARM_CALL,
 *   R_ARM_JUMP24, R_ARM_PC24                += target delta - place delta (0 within one
 *                                              segment; range-checked)
 *   R_ARM_V4BX, R_ARM_NONE                  nothing
 *   anything else                           an error naming module, section, offset, type
 * Absolute symbols do not move; undefined weak ones stay as the linker resolved them.
 *
 * Error convention: 0 or -1 with one line (no newline) in `err`. The output is written to
 * a temporary file and renamed: on error no output file is left, and an existing one is
 * untouched.
 */
#ifndef CESIM_ROM_BUILD_H
#define CESIM_ROM_BUILD_H

#include <stddef.h>

struct scenario;
struct rom_image;

/* `cesim mkrom SCENARIO -o out_path`. Calls scenario_check() first. */
int rom_build(const struct scenario *sc, const char *out_path, char *err, size_t errlen);

/*
 * `cesim run SCENARIO`: build the ROM into a temporary file ($TMPDIR or /tmp), load it
 * with rom_image_load(), remove the file. The caller frees img with rom_image_free().
 */
int rom_build_load(const struct scenario *sc, struct rom_image *img, char *err, size_t errlen);

#endif
