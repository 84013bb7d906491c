/*
 * kobs.h: kernel observation, reading the kernel's kinfo block (kernel/abi/kinfo.h) to attribute
 * costs to marshaling calls, to know which thread runs (for misuse checks), and to list
 * live buffers (leaks) and the kernel's own misuse findings at the end of a run.
 *
 * The block hook polls two sequence numbers per block (two loads from guest RAM); a
 * change means a marshaling call began or ended. A call's cost is the modelled cycles
 * between its begin mark and its record, so copies, page-table changes and cache
 * maintenance inside the call all count, exactly as the model charged them.
 */
#ifndef CESIM_KOBS_H
#define CESIM_KOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kinfo.h"

struct machine;
struct rom_image;

/* One marshaling call as the report lists it. */
struct kobs_call {
    struct kinfo_marshal rec;
    uint64_t begin_cycle, cycles;
    uint64_t insns;
};

#define KOBS_BEGIN_SLOTS 16u /* threads with a marshaling call under way at once */

struct kobs {
    const struct kinfo *k;  /* in guest RAM; NULL when the kernel has no kinfo block */
    uint32_t seen_begin, seen_seq, seen_diag;
    struct {
        uint32_t tid;
        uint64_t cycle, insns;
    } begin[KOBS_BEGIN_SLOTS];
    struct kobs_call *calls;
    size_t ncalls, cap;
    struct kinfo_diag *diags; /* the kernel's findings, copied as they appear */
    size_t ndiags, diag_cap;
    uint64_t lost; /* records overwritten in the ring before they were read */
};

/* Find the block through the ROM's symbols (no block: observation off). */
void kobs_attach(struct machine *m, const struct rom_image *img);
void kobs_free(struct kobs *o);

/* From the block hook: collect what changed. */
static inline bool kobs_changed(const struct kobs *o)
{
    return o->k && (o->k->begin_seq != o->seen_begin || o->k->marshal_seq != o->seen_seq ||
                    o->k->diag_seq != o->seen_diag);
}
void kobs_poll(struct machine *m);

/* Whether the running thread is a kernel thread serving no caller (K5). */
static inline bool kobs_no_caller(const struct kobs *o)
{
    return o->k && o->k->magic == KINFO_MAGIC &&
           (o->k->cur_flags & (KINFO_THREAD_KERNEL | KINFO_THREAD_SERVING)) == KINFO_THREAD_KERNEL;
}

/* Whether va lies in the kernel's window of marshaling aliases. */
static inline bool kobs_is_alias(const struct kobs *o, uint32_t va)
{
    return o->k && va >= o->k->alias_base && va < o->k->alias_end;
}

const char *kobs_api_name(uint32_t api);
const char *kobs_mode_name(uint32_t mode);
const char *kobs_diag_name(uint32_t kind);

#endif
