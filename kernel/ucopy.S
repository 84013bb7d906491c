/*
 * ucopy.S: the kernel's protected copies (spec/marshal.md A3). Every load or store
 * that may touch a caller's memory is marked with USER_ACCESS, which records its address
 * and a fixup in the .ex_table section: a data abort at that instruction in kernel mode
 * resumes at the fixup (kernel/fault.c), which returns -1 instead of crashing the kernel.
 *
 * The uaccess_* copies use LDRT/STRT: the access is checked with user permissions even
 * though the kernel makes it, so a kernel write to a read-only user page faults (and
 * fails) as the user's own write would. The kaccess_* ones are for callers that are
 * kernel code (A2: kernel-mode drivers), whose pointers may be kernel addresses.
 *
 * All are leaves that use only r0-r3 and ip and never touch the stack, so one shared
 * fixup serves them all: lr still holds the caller's return address.
 *
 *   int uaccess_copy_from_user(void *dst, uint32_t usrc, uint32_t n)  0 or -1
 *   int uaccess_copy_to_user(uint32_t udst, const void *src, uint32_t n)
 *   int kaccess_copy(void *dst, const void *src, uint32_t n)
 *   int uaccess_strncpy_from_user(char *dst, uint32_t usrc, uint32_t size)
 *   int kaccess_strncpy(char *dst, const char *src, uint32_t size)
 *       length without the NUL, -1 on a fault, -2 when no NUL lies within size bytes
 */
    .syntax unified
    .arm
    .text

.macro USER_ACCESS insn:vararg
9999:
    \insn
    .pushsection .ex_table, "a"
    .word   9999b, uaccess_fault
    .popsection
.endm

.macro FUNC name
    .globl \name
    .type \name, %function
    .p2align 2
\name:
.endm

/* Word-aligned copies move words, the rest bytes. \ld and \st name the accesses. */
.macro COPY ldw, stw, ldb, stb
    orr     ip, r0, r1
    tst     ip, #3
    bne     2f
1:  cmp     r2, #4
    blo     2f
    \ldw    r3, [r1], #4
    \stw    r3, [r0], #4
    sub     r2, r2, #4
    b       1b
2:  cmp     r2, #0
    beq     3f
    \ldb    r3, [r1], #1
    \stb    r3, [r0], #1
    sub     r2, r2, #1
    b       2b
3:  mov     r0, #0
    bx      lr
.endm

.macro LDRT_U reg, mem:vararg
    USER_ACCESS ldrt \reg, \mem
.endm
.macro LDRBT_U reg, mem:vararg
    USER_ACCESS ldrbt \reg, \mem
.endm
.macro STRT_U reg, mem:vararg
    USER_ACCESS strt \reg, \mem
.endm
.macro STRBT_U reg, mem:vararg
    USER_ACCESS strbt \reg, \mem
.endm
.macro LDR_K reg, mem:vararg
    USER_ACCESS ldr \reg, \mem
.endm
.macro LDRB_K reg, mem:vararg
    USER_ACCESS ldrb \reg, \mem
.endm
.macro STR_K reg, mem:vararg
    USER_ACCESS str \reg, \mem
.endm
.macro STRB_K reg, mem:vararg
    USER_ACCESS strb \reg, \mem
.endm
.macro LDR_P reg, mem:vararg
    ldr \reg, \mem
.endm
.macro LDRB_P reg, mem:vararg
    ldrb \reg, \mem
.endm
.macro STR_P reg, mem:vararg
    str \reg, \mem
.endm
.macro STRB_P reg, mem:vararg
    strb \reg, \mem
.endm

FUNC uaccess_copy_from_user
    COPY LDRT_U, STR_P, LDRBT_U, STRB_P
    .size uaccess_copy_from_user, . - uaccess_copy_from_user

FUNC uaccess_copy_to_user
    COPY LDR_P, STRT_U, LDRB_P, STRBT_U
    .size uaccess_copy_to_user, . - uaccess_copy_to_user

FUNC kaccess_copy
    COPY LDR_K, STR_K, LDRB_K, STRB_K
    .size kaccess_copy, . - kaccess_copy

.macro STRNCPY ldb
    mov     ip, #0
1:  cmp     ip, r2
    bhs     3f
    \ldb    r3, [r1], #1
    strb    r3, [r0, ip]
    cmp     r3, #0
    beq     2f
    add     ip, ip, #1
    b       1b
2:  mov     r0, ip
    bx      lr
3:  mvn     r0, #1
    bx      lr
.endm

FUNC uaccess_strncpy_from_user
    STRNCPY LDRBT_U
    .size uaccess_strncpy_from_user, . - uaccess_strncpy_from_user

FUNC kaccess_strncpy
    STRNCPY LDRB_K
    .size kaccess_strncpy, . - kaccess_strncpy

/* Where a faulting access resumes: the copy failed. */
FUNC uaccess_fault
    mvn     r0, #0
    bx      lr
    .size uaccess_fault, . - uaccess_fault
