/*
 * observe.c: the kinfo block and its writers (see observe.h).
 */
#include "observe.h"

#include <string.h>

#include "proc.h"
#include "sched.h"

#define BARRIER() __asm__ volatile("" ::: "memory") /* stores before stay before */

/* Found by name through the ROM's symbols (KINFO_SYM); kept even if nothing read it. */
struct kinfo cesim_kinfo __attribute__((used));

void kinfo_init(uint32_t alias_base, uint32_t alias_end)
{
    cesim_kinfo.alias_base = alias_base;
    cesim_kinfo.alias_end = alias_end;
    cesim_kinfo.version = KINFO_VERSION;
    BARRIER();
    cesim_kinfo.magic = KINFO_MAGIC; /* last: the block is valid from here on */
}

void kinfo_thread(const struct thread *t)
{
    const struct process *where = t->active ? t->active : t->owner;
    uint32_t flags = 0;

    if (t->owner == &kernel_process)
        flags |= KINFO_THREAD_KERNEL; /* no process of its own: ISTs, workers, idle */
    if (t->serve_proc)
        flags |= KINFO_THREAD_SERVING;
    cesim_kinfo.cur_pid = where ? where->pid : 0;
    cesim_kinfo.cur_tid = t->tid;
    cesim_kinfo.serving_pid = t->serve_proc ? t->serve_proc->pid : 0;
    cesim_kinfo.cur_flags = flags;
}

void kinfo_begin(uint32_t tid)
{
    /* In this order (kinfo.h): a reader that sees the new begin_seq knows whose it is. */
    cesim_kinfo.begin_tid = tid;
    BARRIER();
    cesim_kinfo.begin_seq++;
}

void kinfo_record(const struct kinfo_marshal *r)
{
    uint32_t seq = cesim_kinfo.marshal_seq + 1u;
    struct kinfo_marshal *slot = &cesim_kinfo.ring[(seq - 1u) % KINFO_RING];

    slot->seq = 0; /* torn until the last store: no reader takes it for an old record */
    BARRIER();
    memcpy((char *)slot + sizeof(slot->seq), (const char *)r + sizeof(r->seq),
           sizeof(*r) - sizeof(r->seq));
    BARRIER();
    slot->seq = seq;
    BARRIER();
    cesim_kinfo.marshal_seq = seq;
}

void kinfo_diag(const struct kinfo_diag *d)
{
    uint32_t seq = cesim_kinfo.diag_seq + 1u;
    struct kinfo_diag *slot = &cesim_kinfo.diags[(seq - 1u) % KINFO_DIAG_RING];

    slot->seq = 0;
    BARRIER();
    memcpy((char *)slot + sizeof(slot->seq), (const char *)d + sizeof(d->seq),
           sizeof(*d) - sizeof(d->seq));
    BARRIER();
    slot->seq = seq;
    BARRIER();
    cesim_kinfo.diag_seq = seq;
}

void kinfo_live(unsigned i, const struct kinfo_live *l)
{
    if (i < KINFO_LIVE_MAX)
        cesim_kinfo.live[i] = *l;
}
