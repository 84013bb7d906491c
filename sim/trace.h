/*
 * trace.h: the instruction trace (--trace FILE), one line per instruction with
 * capstone's disassembly, for a bounded window of the run (--trace-from N, the first
 * instruction to show, and --trace-count N, how many).
 *
 * Each instruction line is followed by a line per data access it made (VA, PA, hit, miss
 * or uncached, cycles) when the cache model is on. Tracing costs a code hook on every
 * instruction; it is installed only when asked.
 */
#ifndef CESIM_TRACE_H
#define CESIM_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct machine;
struct rom_image;

struct trace_config {
    const char *path;
    uint64_t from;  /* first instruction number shown (0 = from the start) */
    uint64_t count; /* instructions shown at most */
};

#define TRACE_COUNT_DEFAULT 1000000u

struct trace;

/* Start tracing `m` (before machine_run). `img` names functions, may be NULL. */
struct trace *trace_open(struct machine *m, const struct trace_config *cfg,
                         const struct rom_image *img, char *err, size_t errlen);
void trace_close(struct trace *t);

/* Whether the instruction being executed lies in the trace's window. */
bool trace_in_window(const struct trace *t);

/* One data access of the traced instruction: VA, PA, and what the cache made of it
 * ("hit", "miss", "uncached") with its modelled cycles. */
void trace_mem(struct trace *t, bool write, uint32_t va, uint32_t pa, unsigned size,
               const char *outcome, uint32_t cycles);

#endif
