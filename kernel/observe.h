/*
 * observe.h: keeping the kinfo block (kernel/abi/kinfo.h) current. The block is the
 * simulator's view of the kernel; on QEMU it is plain memory nobody reads. Every writer
 * runs with IRQs masked (kernel code does, spec: one CPU), so records are never torn by
 * another writer; a record's sequence number is stored last, after a compiler barrier,
 * so an outside reader that sees seq N sees record N whole.
 */
#ifndef KERNEL_OBSERVE_H
#define KERNEL_OBSERVE_H

#include <stdint.h>

#include "kinfo.h"

struct thread;

extern struct kinfo cesim_kinfo;

/* Magic, version and the alias window, once at boot. */
void kinfo_init(uint32_t alias_base, uint32_t alias_end);
/* t runs now (context switch), or its serving state changed while it runs. */
void kinfo_thread(const struct thread *t);
/* A marshaling call of thread tid begins: begin_tid, then begin_seq++. */
void kinfo_begin(uint32_t tid);
/* A marshaling call ends: r (its seq ignored) published as the next record. */
void kinfo_record(const struct kinfo_marshal *r);
/* A misuse finding (its seq ignored) published as the next diag. */
void kinfo_diag(const struct kinfo_diag *d);
/* live[i] now holds l (kind KINFO_LIVE_FREE: the slot is empty). */
void kinfo_live(unsigned i, const struct kinfo_live *l);

#endif
