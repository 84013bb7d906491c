/*
 * cm_timing.c: the memory bus as seen from the core, with the write buffer in front of it.
 *
 * One bus, one clock. The model keeps `now` (the core's cycle) and `bus_free` (the cycle
 * at which the bus has finished everything queued on it: the rest of a line fill after its
 * critical word, a write-back from the write-back buffer, words in the write buffer).
 * Work is queued in program order, so a single number is enough:
 *
 *  - a line fill starts when the bus is free, stalls the core until the critical word
 *    (timing.critical_word) and keeps the bus for timing.line_fill; the dirty victim it
 *    evicted sits in the write-back buffer (8 words) and goes out right after the fill,
 *    so its cost shows only if another bus access follows soon;
 *  - an uncached read, an unbuffered write and a table walk wait for the bus to be free
 *    (which drains the write buffer: reads are never reordered before buffered writes,
 *    a model assumption) and then stall for their own transfer;
 *  - a buffered write costs timing.buffered_write while the write buffer has room
 *    (wbuf.words data words in at most wbuf.entries address runs); the buffer drains at
 *    timing.drain_word cycles a word whenever the bus is otherwise free. A write that finds
 *    it full waits for the oldest run to finish.
 *
 * Words of a run count against the buffer until the whole run is done (a slight
 * overestimate of occupancy), and a word merges into the youngest run if it continues it
 * and nothing was queued on the bus behind that run.
 */
#include "cm_internal.h"

/* Cycles an access starting now waits for the bus to finish queued work. */
uint32_t cm_bus_wait(struct cm_model *m, unsigned b)
{
    if (m->bus_free <= m->now)
        return 0;
    uint32_t w = (uint32_t)(m->bus_free - m->now);
    m->split[b].bus_wait_cycles += w;
    return w;
}

/*
 * A line fill starting now, followed on the bus by the write-back of the victim
 * (wb_cycles, 0 if it was clean). Returns the core's stall until the critical word.
 */
uint32_t cm_bus_fill(struct cm_model *m, unsigned b, uint32_t wb_cycles)
{
    const struct cm_timing *t = &m->cfg.timing;
    uint32_t wait = cm_bus_wait(m, b);
    m->bus_free = m->now + wait + t->line_fill + wb_cycles;
    return wait + t->critical_word;
}

/* A transfer the core waits for (uncached read, unbuffered write, walk, clean): cycles. */
uint32_t cm_bus_transfer(struct cm_model *m, unsigned b, uint32_t cycles)
{
    uint32_t wait = cm_bus_wait(m, b);
    m->bus_free = m->now + wait + cycles;
    return wait + cycles;
}

/* Forget runs that have reached memory by cycle t. */
static void wbuf_retire(struct cm_wbuf *wb, uint64_t t)
{
    while (wb->count && wb->e[wb->head].done <= t) {
        wb->words -= wb->e[wb->head].words;
        wb->head = (wb->head + 1u) % CM_WBUF_MAX_ENTRIES;
        wb->count--;
    }
}

static struct cm_wbuf_entry *wbuf_tail(struct cm_wbuf *wb)
{
    return &wb->e[(wb->head + wb->count - 1u) % CM_WBUF_MAX_ENTRIES];
}

/* Merge into the youngest run if the words continue it and nothing queued behind it. */
static bool wbuf_merge(struct cm_model *m, uint32_t pa, uint32_t words)
{
    struct cm_wbuf *wb = &m->wb;
    if (!wb->count || wb->words + words > m->cfg.wbuf_words)
        return false;
    struct cm_wbuf_entry *e = wbuf_tail(wb);
    if (e->next_pa != pa || e->done != m->bus_free)
        return false;
    e->words += words;
    e->next_pa += 4u * words;
    e->done += (uint64_t)words * m->cfg.timing.drain_word;
    wb->words += words;
    m->bus_free = e->done;
    return true;
}

/*
 * Put words (1 or 2) at physical address pa into the write buffer. Returns the stall
 * cycles spent waiting for room (the caller adds timing.buffered_write).
 */
uint32_t cm_wbuf_write(struct cm_model *m, unsigned b, uint32_t pa, uint32_t words)
{
    struct cm_wbuf *wb = &m->wb;
    pa &= ~3u;
    wbuf_retire(wb, m->now);
    m->split[b].buffered_writes++;
    if (wbuf_merge(m, pa, words))
        return 0;
    uint64_t t = m->now;
    while (wb->count == m->cfg.wbuf_entries || wb->words + words > m->cfg.wbuf_words) {
        t = wb->e[wb->head].done;
        wbuf_retire(wb, t);
    }
    uint64_t start = t > m->bus_free ? t : m->bus_free;
    struct cm_wbuf_entry *e = &wb->e[(wb->head + wb->count) % CM_WBUF_MAX_ENTRIES];
    e->next_pa = pa + 4u * words;
    e->words = words;
    e->done = start + (uint64_t)words * m->cfg.timing.drain_word;
    wb->count++;
    wb->words += words;
    m->bus_free = e->done;
    uint32_t stall = (uint32_t)(t - m->now);
    if (stall) {
        m->split[b].wbuf_stalls++;
        m->split[b].wbuf_stall_cycles += stall;
    }
    return stall;
}

/* Drain write buffer (c7,c10,4): wait until every queued bus transfer is done. */
uint32_t cm_wbuf_drain(struct cm_model *m, unsigned b)
{
    uint32_t wait = cm_bus_wait(m, b);
    wbuf_retire(&m->wb, m->now + wait);
    assert(m->wb.count == 0);
    return wait;
}
