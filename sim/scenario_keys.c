/*
 * scenario_keys.c: THE table of scenario keys. Every key an INI file or `--set` may name
 * is one row here, with its type, allowed values, default and a one-line doc; the parser
 * rejects anything else, and `cesim --help` prints this table. To add a key, add a row
 * (keep the rows of a section together: --help prints them in this order).
 *
 * [kernel] keys other than `image` are kernel settings: they go, defaults included, into
 * the ROM's table of contents as "key=value" strings for the kernel to read at boot.
 */
#include <ctype.h>
#include <stdio.h>

#include "board.h"
#include "rom.h"
#include "scenario.h"
#include "vm.h"

/* A driver prefix names the stream entry points (SMP_Init ...): three capital letters. */
static int check_prefix(const char *value, char *why, size_t whylen)
{
    for (int i = 0; i < 3; i++) {
        if (!isupper((unsigned char)value[i]))
            goto bad;
    }
    if (value[3] == '\0')
        return 0;
bad:
    snprintf(why, whylen, "must be three capital letters A-Z");
    return -1;
}

const struct scenario_key scenario_keys[] = {
    /* [kernel] */
    {.section = "kernel",
     .key = "image",
     .type = SCENARIO_STRING,
     .min = 1,
     .max = 4095,
     .doc = "kernel ELF (default <image_dir>/kernel.elf)"},
    {.section = "kernel",
     .key = "tick_hz",
     .type = SCENARIO_INT,
     .def = "1000",
     .min = 1,
     .max = 100000,
     .doc = "scheduler tick rate, Hz"},
    {.section = "kernel",
     .key = "marshal_policy",
     .type = SCENARIO_ENUM,
     .values = "docs|ce7",
     .def = "docs",
     .doc = "marshaling rules: as documented, or as CE 7 ships (spec/marshal.md)"},
    {.section = "kernel",
     .key = "reflector",
     .type = SCENARIO_ENUM,
     .values = "alias|copy",
     .def = "alias",
     .doc = "how the reflector shows caller buffers to a user-mode driver"},
    {.section = "kernel",
     .key = "small_copy_threshold",
     .type = SCENARIO_SIZE,
     .def = "0",
     .doc = "bytes up to which a kernel-mode alias duplicates instead (0: off)"},
    {.section = "kernel",
     .key = "alias_uncache",
     .type = SCENARIO_ENUM,
     .values = "on|off",
     .def = "on",
     .doc = "uncache aliased pages on the VIVT cache (off: fault injection)"},
    {.section = "kernel",
     .key = "console",
     .type = SCENARIO_ENUM,
     .values = "uart|semihost",
     .def = "uart",
     .doc = "console output: PL011 UART0, or semihosting SYS_WRITE0"},

    /* [board] */
    {.section = "board",
     .key = "ram",
     .type = SCENARIO_SIZE,
     .def = "128M",
     .min = 1u << 20,
     .max = BOARD_RAM_SIZE_MAX,
     .align = VM_PAGE_SIZE,
     .doc = "RAM size, whole pages (QEMU needs -m for more than 128M)"},
    {.section = "board",
     .key = "cpu_hz",
     .type = SCENARIO_INT,
     .def = "200000000",
     .min = 1000000,
     .max = 4000000000u,
     .doc = "core clock, Hz: converts modelled cycles to simulated time"},

    /* [cache]: the cache model's own parameters join from its table (scenario_cm.c) */
    {.section = "cache",
     .key = "model",
     .type = SCENARIO_ENUM,
     .values = "on|off",
     .def = "on",
     .doc = "model the L1 caches"},

    /* [timing]: the cycle model's parameters, all from its table (scenario_cm.c) */

    /* [sim] */
    {.section = "sim",
     .key = "max_insns",
     .type = SCENARIO_INT,
     .def = "0",
     .doc = "instruction budget, 0: none (exit status 4 when it runs out)"},

    /* [app.NAME] */
    {.section = "app",
     .key = "image",
     .type = SCENARIO_STRING,
     .min = 1,
     .max = 4095,
     .doc = "app ELF (default NAME, i.e. <image_dir>/NAME.elf)"},
    {.section = "app",
     .key = "args",
     .type = SCENARIO_STRING,
     .def = "",
     .max = ROM_ARGS_MAX - 1,
     .doc = "command line passed to the app"},

    /* [driver.NAME] */
    {.section = "driver",
     .key = "prefix",
     .type = SCENARIO_STRING,
     .min = 3,
     .max = 3,
     .check = check_prefix,
     .doc = "entry point prefix: SMP for SMP_Init ... SMP_IOControl (required)"},
    {.section = "driver",
     .key = "index",
     .type = SCENARIO_INT,
     .def = "1",
     .max = 9,
     .doc = "device index: prefix SMP, index 1 is device \"SMP1:\""},
    {.section = "driver",
     .key = "image",
     .type = SCENARIO_STRING,
     .min = 1,
     .max = 4095,
     .doc = "driver ELF (default NAME, i.e. <image_dir>/NAME.elf)"},
    {.section = "driver",
     .key = "mode",
     .type = SCENARIO_ENUM,
     .values = "kernel|user",
     .def = "kernel",
     .doc = "load into the kernel process, or into a driver host process"},
};

const size_t scenario_nkeys = sizeof(scenario_keys) / sizeof(scenario_keys[0]);
