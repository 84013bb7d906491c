/*
 * err.h: the simulator's one error convention. Functions that can fail return 0 or -1
 * and write one line (no newline) into a caller's buffer; sim_err() writes it, and
 * tolerates a NULL or empty buffer (callers that only want the status).
 */
#ifndef CESIM_ERR_H
#define CESIM_ERR_H

#include <stddef.h>

void sim_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
