/*
 * uaccess.c: pointer checks and the C side of the protected copies (see uaccess.h).
 */
#include "uaccess.h"

#include "proc.h"
#include "vmem.h"

struct ex_entry {
    uint32_t insn, fixup;
};

extern const struct ex_entry __ex_table_start[], __ex_table_end[]; /* kernel/kernel.ld */

int uaccess_ok(const struct process *p, int kernel_caller, uint32_t va, uint32_t len, int write)
{
    if (len == 0)
        return 1;
    if (kernel_caller)
        return va != 0 && len - 1u <= UINT32_MAX - va; /* not NULL, no wrap-around */
    return vm_user_access_ok(p, va, len, write);
}

int copy_from_caller(int kernel_caller, void *dst, uint32_t src, uint32_t n)
{
    if (kernel_caller)
        return kaccess_copy(dst, (const void *)src, n);
    return uaccess_copy_from_user(dst, src, n);
}

int copy_to_caller(int kernel_caller, uint32_t dst, const void *src, uint32_t n)
{
    if (kernel_caller)
        return kaccess_copy((void *)dst, src, n);
    return uaccess_copy_to_user(dst, src, n);
}

int strncpy_from_caller(int kernel_caller, char *dst, uint32_t src, uint32_t size)
{
    if (src == 0)
        return -1;
    if (kernel_caller)
        return kaccess_strncpy(dst, (const char *)src, size);
    return uaccess_strncpy_from_user(dst, src, size);
}

uint32_t uaccess_fixup(uint32_t pc)
{
    for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++) {
        if (e->insn == pc)
            return e->fixup;
    }
    return 0;
}
