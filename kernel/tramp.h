/*
 * tramp.h: the trampoline page (kernel/tramp.S) and where user code sees it.
 */
#ifndef KERNEL_TRAMP_H
#define KERNEL_TRAMP_H

#include <stdint.h>

#include "kernel.h"
#include "vmem.h"

enum tramp_entry { TRAMP_EXIT_THREAD, TRAMP_UPCALL_RETURN };

extern char tramp_start[], tramp_exit_thread[], tramp_upcall_return[];

static inline uint32_t tramp_page_pa(void)
{
    return KERNEL_PA((uint32_t)tramp_start);
}

static inline uint32_t tramp_user_va(enum tramp_entry e)
{
    const char *at = e == TRAMP_EXIT_THREAD ? tramp_exit_thread : tramp_upcall_return;

    return VM_USER_TRAMPOLINE + (uint32_t)(at - tramp_start);
}

#endif
