/*
 * sys_mem.c: the memory system calls. Errors (GetLastError):
 *   ERROR_INVALID_PARAMETER  bad size, type or protection; a caller pointer failing A1
 *                            (or a copy faulting, A3); VirtualFree(MEM_RELEASE) with a
 *                            size or not at a region's base
 *   ERROR_INVALID_ADDRESS    a range that is not (or not wholly) inside one region of the
 *                            right kind, or not committed where it must be
 *   ERROR_NOT_ENOUGH_MEMORY  out of pages, heap or address space
 *   ERROR_INVALID_HANDLE     a handle that names no process
 *   ERROR_NOACCESS           Read/WriteProcessMemory: the target range is not accessible
 *                            (to user code) in the target process
 */
#include "arm.h"
#include "cetypes.h"
#include "kernel.h"
#include "proc.h"
#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"
#include "vmem.h"

#define ALLOC_TYPES (MEM_COMMIT | MEM_RESERVE | MEM_TOP_DOWN)
#define PROTECT_WRITABLE (PAGE_READWRITE | PAGE_EXECUTE_READWRITE)
#define COPY_EX_ARGS 5u
#define RPM_ARGS 5u
#define RPM_DONE 4
#define IO_PAGE_PA BOARD_TIMER23_PA /* the one device open to drivers */

/* LPVOID VirtualAlloc(LPVOID addr, DWORD size, DWORD type, DWORD protect): NULL on
 * failure. MEM_RESERVE rounds addr down to 64 KB; MEM_COMMIT alone commits pages of an
 * existing reservation (or, with addr NULL, reserves too). */
uint32_t sys_VirtualAlloc(struct sc *c)
{
    uint32_t addr = c->a[0], size = c->a[1], type = c->a[2], prot = c->a[3], ap, attr, err;
    struct vm_region *r;

    if (size == 0 || (type & ~ALLOC_TYPES) || !(type & (MEM_COMMIT | MEM_RESERVE)) ||
        vm_prot_decode(c->p, prot, &ap, &attr) != 0)
        return sc_fail(ERROR_INVALID_PARAMETER, 0);
    if ((type & MEM_RESERVE) || addr == 0) {
        err = vm_reserve(c->p, addr, size, VM_REGION_ALLOC, prot, (type & MEM_TOP_DOWN) != 0, &r);
        if (err)
            return sc_fail(err, 0);
        if (!(type & MEM_COMMIT))
            return r->base;
        err = vm_commit(c->p, addr ? addr : r->base, size, prot);
        if (err) {
            vm_release(c->p, r);
            return sc_fail(err, 0);
        }
        return r->base;
    }
    r = vm_find(c->p, addr);
    if (!r || r->kind != VM_REGION_ALLOC)
        return sc_fail(ERROR_INVALID_ADDRESS, 0);
    err = vm_commit(c->p, addr, size, prot);
    return err ? sc_fail(err, 0) : PAGE_ROUND_DOWN(addr);
}

/* BOOL VirtualFree(LPVOID addr, DWORD size, DWORD type): MEM_RELEASE (size 0, addr a
 * region's base) or MEM_DECOMMIT (size 0: the whole region). */
uint32_t sys_VirtualFree(struct sc *c)
{
    uint32_t addr = c->a[0], size = c->a[1], type = c->a[2], err;
    struct vm_region *r = vm_find(c->p, addr);

    if (type == MEM_RELEASE) {
        if (size != 0 || !r || r->base != addr ||
            (r->kind != VM_REGION_ALLOC && r->kind != VM_REGION_ALIAS))
            return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
        vm_release(c->p, r);
        return TRUE;
    }
    if (type != MEM_DECOMMIT || !r)
        return sc_fail(r ? ERROR_INVALID_PARAMETER : ERROR_INVALID_ADDRESS, FALSE);
    if (size == 0) {
        if (r->base != addr)
            return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
        size = r->size;
    }
    err = vm_decommit(c->p, addr, size);
    return err ? sc_fail(err, FALSE) : TRUE;
}

/* BOOL VirtualProtect(LPVOID, DWORD size, DWORD newProtect, PDWORD oldProtect): every
 * page committed; oldProtect must be writable (A1). */
uint32_t sys_VirtualProtect(struct sc *c)
{
    uint32_t old, err;

    if (c->a[3] == 0 || !sc_ptr_ok(c, c->a[3], sizeof(DWORD), 1))
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    err = vm_protect(c->p, c->a[0], c->a[1], c->a[2], &old);
    if (err)
        return sc_fail(err, FALSE);
    if (copy_to_caller(c->kernel, c->a[3], &old, sizeof(old)) != 0)
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    return TRUE;
}

static struct process *process_of(struct sc *c, uint32_t h)
{
    struct process *p = (struct process *)handle_lookup(c->p, h, KOBJ_PROCESS);

    return p && !p->dead && !p->exiting ? p : NULL;
}

/* LPVOID VirtualAllocCopyEx(HANDLE hSrcProc, HANDLE hDstProc, LPVOID pAddr, DWORD cbSize,
 * DWORD fdwProtect): the source pages themselves, mapped into the destination (uncached
 * on both sides while the alias lives, with kernel.alias_uncache on). NULL on failure.
 * Freed with VirtualFree(MEM_RELEASE) of the returned address rounded down to 64 KB, or
 * with the destination process. */
uint32_t sys_VirtualAllocCopyEx(struct sc *c)
{
    struct process *src, *dst;
    uint32_t va, err, ap, attr, prot;

    if (sc_stack_args(c, COPY_EX_ARGS) != 0)
        return sc_fail(ERROR_INVALID_PARAMETER, 0);
    src = process_of(c, c->a[0]);
    dst = process_of(c, c->a[1]);
    prot = c->a[4];
    if (!src || !dst)
        return sc_fail(ERROR_INVALID_HANDLE, 0);
    if (c->a[3] == 0 || vm_prot_decode(dst, prot, &ap, &attr) != 0 ||
        !vm_user_access_ok(src, c->a[2], c->a[3], (prot & PROTECT_WRITABLE) != 0))
        return sc_fail(ERROR_INVALID_PARAMETER, 0);
    err = vm_alias(src, c->a[2], c->a[3], dst, prot, vm_alias_uncache(), &va);
    return err ? sc_fail(err, 0) : va;
}

struct rpm_ctx {
    int kernel;
    uint32_t buf;
};

static int piece_to_caller(void *kptr, uint32_t off, uint32_t len, void *ctx)
{
    struct rpm_ctx *r = ctx;

    return copy_to_caller(r->kernel, r->buf + off, kptr, len);
}

static int piece_from_caller(void *kptr, uint32_t off, uint32_t len, void *ctx)
{
    struct rpm_ctx *r = ctx;

    return copy_from_caller(r->kernel, kptr, r->buf + off, len);
}

/* Read/WriteProcessMemory(HANDLE, LPCVOID base, LPVOID buf, DWORD n, LPDWORD done):
 * through the target's page tables and the kernel's RAM window, whichever address space
 * is mapped. */
static uint32_t process_memory(struct sc *c, int write)
{
    struct process *p;
    struct rpm_ctx r = {c->kernel, 0};
    uint32_t n, done_ptr;

    if (sc_stack_args(c, RPM_ARGS) != 0)
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    p = process_of(c, c->a[0]);
    r.buf = c->a[2];
    n = c->a[3];
    done_ptr = c->a[RPM_DONE];
    if (!p)
        return sc_fail(ERROR_INVALID_HANDLE, FALSE);
    if ((n && !r.buf) || !sc_ptr_ok(c, r.buf, n, !write) ||
        (done_ptr && !sc_ptr_ok(c, done_ptr, sizeof(DWORD), 1)))
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    if (vm_process_pages(p, c->a[1], n, write, write ? piece_from_caller : piece_to_caller, &r) !=
        0)
        return sc_fail(ERROR_NOACCESS, FALSE);
    if (done_ptr && copy_to_caller(c->kernel, done_ptr, &n, sizeof(n)) != 0)
        return sc_fail(ERROR_INVALID_PARAMETER, FALSE);
    return TRUE;
}

uint32_t sys_ReadProcessMemory(struct sc *c)
{
    return process_memory(c, 0);
}

uint32_t sys_WriteProcessMemory(struct sc *c)
{
    return process_memory(c, 1);
}

/* PVOID MmMapIoSpace(PHYSICAL_ADDRESS (r0 low, r1 high), ULONG size, BOOLEAN cache):
 * only the sample device page; always uncached. */
uint32_t sys_MmMapIoSpace(struct sc *c)
{
    uint32_t pa = c->a[0], size = c->a[2], err;
    struct vm_region *r;

    if (c->a[1] != 0 || size == 0 || PAGE_ROUND_DOWN(pa) != IO_PAGE_PA ||
        size > VM_PAGE_SIZE - (pa & PAGE_MASK))
        return sc_fail(ERROR_INVALID_PARAMETER, 0);
    if (c->kernel)
        return DEV_VA(pa);
    err = vm_reserve(c->p, 0, VM_PAGE_SIZE, VM_REGION_IO, PAGE_READWRITE | PAGE_NOCACHE, 0, &r);
    if (err)
        return sc_fail(err, 0);
    err = vm_map_physical(c->p, r->base, IO_PAGE_PA, VM_PAGE_SIZE, AP_RW, ATTR_UNCACHED);
    if (err) {
        vm_release(c->p, r);
        return sc_fail(err, 0);
    }
    return r->base + (pa & PAGE_MASK);
}

/* void MmUnmapIoSpace(PVOID, ULONG): a mapping MmMapIoSpace made (kernel mode: none). */
uint32_t sys_MmUnmapIoSpace(struct sc *c)
{
    struct vm_region *r = vm_find(c->p, c->a[0]);

    if (c->kernel)
        return 0;
    if (!r || r->kind != VM_REGION_IO)
        return sc_fail(ERROR_INVALID_PARAMETER, 0);
    vm_release(c->p, r);
    return 0;
}
