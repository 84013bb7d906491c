/*
 * ldsyms.S: the kernel/abi values the linker script needs, as absolute symbols.
 * ld cannot read C headers; it can read symbols, so kernel/kernel.ld is written in
 * terms of these and no address is typed twice.
 */
#include "kernel.h"

    .globl  __abi_kernel_load_pa, __abi_kram_cached, __abi_section_size, __abi_page_size
    .globl  __abi_cp15_pa, __abi_cp15_pa_end
    .set    __abi_kernel_load_pa, KERNEL_LOAD_PA
    .set    __abi_kram_cached, VM_KRAM_CACHED
    .set    __abi_section_size, VM_SECTION_SIZE
    .set    __abi_page_size, VM_PAGE_SIZE
    .set    __abi_cp15_pa, KERNEL_CP15_PA
    .set    __abi_cp15_pa_end, KERNEL_CP15_PA + VM_PAGE_SIZE
