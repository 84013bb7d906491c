/*
 * vmem.h: the virtual memory of processes: regions (reservations of whole 64 KB
 * granules, VM_ALLOC_GRANULE) holding committed 4 KB pages, as VirtualAlloc sees them,
 * plus the regions the kernel makes itself (image, stacks, the trampoline page, aliases
 * of another process's pages, device windows). A page is committed when its page-table
 * entry maps it: the tables are the only record of commitment and protection.
 *
 * User processes allocate in [VM_USER_BASE, VM_USER_TRAMPOLINE), never in the board's
 * device window (physical device addresses, which Unicorn 2.0.1 would see as MMIO by
 * virtual address, DESIGN.md section 4); the kernel process allocates in
 * [KVM_ALLOC_BASE, KVM_ALLOC_END) of the kernel's virtual range.
 *
 * Physical pages the page allocator does not manage (ROM text, device registers) are
 * mapped but never freed; managed pages are freed by reference (kernel/page.h).
 */
#ifndef KERNEL_VMEM_H
#define KERNEL_VMEM_H

#include <stdint.h>

#include "list.h"

struct process;

/* The last granule of user space: the kernel's trampoline page (kernel/tramp.S). */
#define VM_USER_TRAMPOLINE (VM_USER_END - VM_ALLOC_GRANULE)
/* Kernel virtual memory for VirtualAlloc from kernel mode (the kernel process); the
 * kernel heap keeps the first megabytes of VM_KVIRT, marshaling aliases the rest below. */
#define KVM_ALLOC_BASE 0xE0000000u
#define KVM_ALLOC_END VM_KVIRT_END

#define USER_STACK_RESERVE VM_ALLOC_GRANULE
#define USER_STACK_COMMIT 0x8000u /* the top 32 KB; the rest is an unmapped guard */

enum vm_kind {
    VM_REGION_ALLOC,  /* VirtualAlloc */
    VM_REGION_IMAGE,  /* the ROM image: text in place, data owned */
    VM_REGION_STACK,  /* a thread's stack, or a driver host's call stack */
    VM_REGION_KERNEL, /* the trampoline page */
    VM_REGION_ALIAS,  /* VirtualAllocCopyEx: another process's pages */
    VM_REGION_IO,     /* MmMapIoSpace: device registers */
};

struct vm_region {
    struct list_node link;
    uint32_t base, size; /* granule aligned */
    uint32_t kind;
    uint32_t protect;    /* PAGE_* it was made with */
    struct process *src; /* alias: the source process (a reference is held) */
    uint32_t src_va;     /* alias: page-aligned start of the source range */
    uint32_t uncached;   /* alias: the source pages were made uncached (AA3) */
};

/* Read the kernel settings vmem depends on (kernel.alias_uncache). */
void vm_init(void);
/* kernel.alias_uncache: aliases uncache their pages (on, the default). */
int vm_alias_uncache(void);
/* PAGE_* to AP and C/B bits for p; -1 when the protection is not supported. */
int vm_prot_decode(const struct process *p, uint32_t protect, uint32_t *ap, uint32_t *attr);
/* Reserve [addr, addr + size) (addr 0: anywhere; top_down: highest fit first). 0, or
 * ERROR_INVALID_ADDRESS / ERROR_NOT_ENOUGH_MEMORY. */
uint32_t vm_reserve(struct process *p, uint32_t addr, uint32_t size, enum vm_kind kind,
                    uint32_t protect, int top_down, struct vm_region **out);
/* Commit [va, va + size) inside one region: fresh zeroed pages where nothing is
 * mapped, protection `protect` on all. 0, or an ERROR_* code. */
uint32_t vm_commit(struct process *p, uint32_t va, uint32_t size, uint32_t protect);
/* Map physical pages (ROM text, devices, not owned) at va in a region. */
uint32_t vm_map_physical(struct process *p, uint32_t va, uint32_t pa, uint32_t size, uint32_t ap,
                         uint32_t attr);
uint32_t vm_decommit(struct process *p, uint32_t va, uint32_t size);
uint32_t vm_protect(struct process *p, uint32_t va, uint32_t size, uint32_t protect, uint32_t *old);
/* Unmap and free a whole region (aliases give their sources back their attributes). */
void vm_release(struct process *p, struct vm_region *r);
void vm_release_all(struct process *p);
/* The region holding va, or NULL. */
struct vm_region *vm_find(const struct process *p, uint32_t va);

/* Every page of [va, va + len) is mapped in p with user read (or write) permission. */
int vm_user_access_ok(const struct process *p, uint32_t va, uint32_t len, int write);

/* Alias the pages of [src_va, src_va + size) of src into dst (VirtualAllocCopyEx):
 * the same physical pages, same offset in the page; with `uncache`, the source pages and
 * the alias are mapped uncached until the alias goes (AA3, K4). 0 and *dst_va, or an
 * ERROR_* code. The caller checked the source range (vm_user_access_ok). */
uint32_t vm_alias(struct process *src, uint32_t src_va, uint32_t size, struct process *dst,
                  uint32_t protect, int uncache, uint32_t *dst_va);

/* The per-page count of AA3 (struct page_meta.uncached), for every alias maker (this
 * file's, and kernel/marshal.c's in the kernel's marshaling window): the page at va of
 * src, physical pa, is made uncached in src by the first alias (its lines cleaned and
 * invalidated first by kernel/mmu.c: K4) and gets its region's attributes back when
 * the last alias goes, if src still maps that very page. */
void vm_source_uncache(struct process *src, uint32_t va, uint32_t pa);
void vm_source_recache(struct process *src, uint32_t va, uint32_t pa);

/* Walk [va, va + n) of p through its page tables, one piece per page, each seen through
 * the kernel's cached RAM window: fn(kernel_ptr, offset, len, ctx), stopping at a
 * non-zero return. Works whichever address space is mapped: lines of p's own mapping
 * are cleaned and invalidated first when p is mapped, and the window's lines afterwards
 * (a VIVT cache keeps the two apart). -1 when a page is not accessible to user code
 * (write: writable), before anything is touched; else fn's last result. */
int vm_process_pages(struct process *p, uint32_t va, uint32_t n, int write,
                     int (*fn)(void *kptr, uint32_t off, uint32_t len, void *ctx), void *ctx);

#endif
