/*
 * machine.h: one simulated system: the Unicorn CPU, guest RAM, the board's devices,
 * the host page-table walker, CP15 interception, and the run loop with its budget.
 *
 * Hooks (each installed once, kept few because every hook costs on every hit):
 *   block  - counts instructions, advances simulated time, injects IRQs, stops runs;
 *   intr   - SWI (syscalls, semihosting), prefetch and data aborts: exception entry;
 *   invalid instruction - undefined-instruction exception entry;
 *   code   - on the kernel's CP15 section only (cp15.c);
 *   unmapped memory - a guest access to no device and no RAM: guest fatal.
 */
#ifndef CESIM_MACHINE_H
#define CESIM_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <unicorn/unicorn.h>

#include "cp15.h"
#include "kobs.h"
#include "memsys.h"
#include "mmu.h"
#include "vpb.h"

/* Why a run ended; the CLI maps these to exit statuses. */
enum machine_stop {
    STOP_NONE,
    STOP_EXIT,   /* semihosting exit: exit_code holds the guest's status */
    STOP_PANIC,  /* the kernel reported a fatal error through semihosting */
    STOP_FATAL,  /* the simulator could not go on: fatal_msg says why */
    STOP_BUDGET, /* --max-insns spent */
};

enum exc_kind { EXC_UNDEF, EXC_SWI, EXC_PABT, EXC_DABT, EXC_IRQ, EXC_FIQ, EXC_KINDS };

struct machine_config {
    uint32_t ram_size;
    uint64_t cpu_hz;
    uint64_t max_insns; /* 0 = no budget */
    const struct cm_config *cache; /* the cache model's parameters; NULL = model off */
};

struct machine_stats {
    uint64_t exceptions[EXC_KINDS];
    uint64_t semihost_calls;
    uint64_t idle_cycles; /* skipped by wait-for-interrupt */
};

/* Where the guest's console bytes go (UART and semihosting writes). */
typedef void (*machine_console_fn)(void *opaque, const char *bytes, size_t len);

struct machine {
    uc_engine *uc;
    struct machine_config cfg;
    uint8_t *ram;
    uint8_t *dummy; /* backs every unused virtual range, see machine.c */
    size_t dummy_size;
    struct vpb board;
    struct mmu mmu;
    struct cp15 cp15;
    struct memsys mem;
    struct kobs kobs; /* the kernel's kinfo block, when it has one */
    struct machine_stats stats;

    uint64_t insns;
    uint64_t cycles; /* modelled (1 per instruction with the model off); the board's clock */

    /* The block being executed: lets aborts correct the instruction count. */
    uint32_t block_pc, block_size;

    enum machine_stop stop;
    bool stop_pending; /* set in hooks that may not stop Unicorn themselves */
    bool restart;      /* a hook redirected the PC in a way that ended uc_emu_start */
    int exit_code;
    char fatal_msg[512];

    machine_console_fn console;
    void *console_opaque;
    struct trace *trace; /* --trace, or NULL */
};

int machine_create(struct machine *m, const struct machine_config *cfg, char *err, size_t errlen);
void machine_destroy(struct machine *m);

/* Copy bytes into guest physical memory (set-up: ROM segments, test code). */
int machine_load(struct machine *m, uint32_t pa, const void *bytes, uint32_t len);

/* Arm the CP15 interception on [start, end) (a kernel's VA range) and its physical alias. */
int machine_hook_cp15(struct machine *m, uint32_t start, uint32_t end, uint32_t pa_offset,
                      char *err, size_t errlen);

/* Start at `entry` in SVC mode with IRQ/FIQ masked and the MMU off, r0/r1 as given, and
 * run until the guest exits, fails or spends its budget. */
enum machine_stop machine_run(struct machine *m, uint32_t entry, uint32_t r0, uint32_t r1);

/* Exception entry done by the simulator (Unicorn delivers none to the guest vectors).
 * `lr` is the value LR of the new mode must hold. */
void machine_exception(struct machine *m, enum exc_kind kind, uint32_t lr);

/* Guest-visible memory helpers through the current translation (privileged view).
 * Return false if some byte is not readable. */
bool machine_read_virt(struct machine *m, uint32_t va, void *out, uint32_t len);
uint32_t machine_reg(struct machine *m, int uc_reg);
void machine_set_reg(struct machine *m, int uc_reg, uint32_t v);

/* Stop with a fatal error (from any hook). */
void machine_fatal(struct machine *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void machine_console_write(struct machine *m, const char *bytes, size_t len);

const char *exc_name(enum exc_kind k);

#endif
