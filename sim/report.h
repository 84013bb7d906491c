/*
 * report.h: what a run reports (DESIGN.md section 7): a human-readable summary on
 * stdout and, with --json FILE, a JSON document. Everything measured is modelled
 * cycles and counts; host time appears only under "host".
 */
#ifndef CESIM_REPORT_H
#define CESIM_REPORT_H

#include <stdio.h>

struct machine;
struct rom_image;

struct report_run {
    const char *scenario; /* the INI or ROM path given */
    const struct rom_image *img; /* names call sites; may be NULL */
    double host_seconds;
    int exit_status;      /* what cesim exits with */
};

const char *report_stop_name(const struct machine *m);
void report_summary(FILE *out, const struct machine *m, const struct report_run *run);
int report_json(const char *path, const struct machine *m, const struct report_run *run,
                char *err, size_t errlen);

#endif
