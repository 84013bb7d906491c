/*
 * syscalls.c: the system call stubs, one per entry of CE_SYSCALL_LIST
 * (kernel/abi/syscall.h), generated here so that a new number needs no new code.
 * Each compiles to
 *
 *   push {r7, lr}   r7 is callee-saved in the AAPCS; lr must survive an svc made in SVC
 *                   mode (apps run in kernel context for now: the exception overwrites
 *                   LR_svc), hence the "lr" clobber
 *   mov  r7, #nr    the call number
 *   svc  #0         arguments in r0-r3, result in r0 (a fifth argument, when a call
 *                   needs one, would sit at [sp, #8] at the svc: check the .lst)
 *   pop  {r7, pc}
 *
 * Every stub takes four words and returns one: the real prototypes (ceapi.h) differ,
 * which the AAPCS makes harmless, since arguments and result travel in r0-r3 either way.
 * This file therefore does not include ceapi.h.
 */
#include <stdint.h>

#include "syscall.h"

#define SYSCALL_STUB(nr, name)                                                                     \
    uint32_t name(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3);                             \
    uint32_t name(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)                              \
    {                                                                                              \
        register uint32_t r0 __asm__("r0") = a0;                                                   \
        register uint32_t r1 __asm__("r1") = a1;                                                   \
        register uint32_t r2 __asm__("r2") = a2;                                                   \
        register uint32_t r3 __asm__("r3") = a3;                                                   \
        register uint32_t r7 __asm__("r7") = nr;                                                   \
        __asm__ volatile("svc %[imm]"                                                              \
                         : "+r"(r0)                                                                \
                         : "r"(r1), "r"(r2), "r"(r3), "r"(r7), [imm] "i"(CE_SYSCALL_SVC_IMM)       \
                         : "memory", "lr", "cc");                                                  \
        return r0;                                                                                 \
    }

CE_SYSCALL_LIST(SYSCALL_STUB)
