/*
 * app.h: running the ROM's apps. For now apps run in kernel context, one after the
 * other (see kernel/app.c); the process work replaces this with real processes.
 */
#ifndef KERNEL_APP_H
#define KERNEL_APP_H

#include <stdint.h>

/* Run every ROM_MOD_APP in TOC order; the first non-zero exit code, else 0. */
int apps_run_all(void);
/* ExitProcess: back to the launcher with `code`. Returns only when no app is running. */
void app_exit_current(int code);

/* kernel/app_call.S */
int app_enter(uint32_t entry, uint32_t arg0, uint32_t arg1, uint32_t sp, uint32_t *kernel_sp);
void app_leave(uint32_t kernel_sp, int code) __attribute__((noreturn));
void app_returned(int code) __attribute__((noreturn));

#endif
