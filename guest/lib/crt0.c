/*
 * crt0.c: an app's first code. The loader (kernel/app.c) has mapped the image, copied
 * .data, zeroed .bss and set up the stack, so all that is left: run the static
 * constructors (__init_array, C++ and __attribute__((constructor))), split the command
 * line into argc/argv (argv[0] is the app's name), call main, and hand its result to
 * ExitProcess.
 *
 * Entry contract: _start(args, name), both NUL-terminated strings in the app's memory.
 * The command line splits at spaces and tabs; "double quotes" group words.
 */
#include <windows.h>

#include "rom.h"

#define ARGV_MAX 16

int main(int argc, char **argv);

typedef void (*init_fn)(void);
extern init_fn __init_array_start[], __init_array_end[];

static void run_init_array(void)
{
    for (init_fn *f = __init_array_start; f < __init_array_end; f++)
        (*f)();
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Split `line` in place into argv[first...]; returns the new argc. */
static int split_args(char *line, char **argv, int argc)
{
    char *p = line;

    while (argc < ARGV_MAX) {
        while (is_space(*p))
            p++;
        if (!*p)
            break;
        char quote = *p == '"' ? *p++ : 0;
        argv[argc++] = p;
        while (*p && (quote ? *p != quote : !is_space(*p)))
            p++;
        if (!*p)
            break;
        *p++ = '\0';
    }
    argv[argc] = NULL;
    return argc;
}

__attribute__((section(".text.start"), noreturn, used)) void _start(const char *args,
                                                                    const char *name)
{
    static char line[ROM_ARGS_MAX];
    static char *argv[ARGV_MAX + 1];
    int i = 0, argc;

    for (; i < (int)ROM_ARGS_MAX - 1 && args[i]; i++)
        line[i] = args[i];
    line[i] = '\0';
    argv[0] = (char *)name;
    argc = split_args(line, argv, 1);
    run_init_array();
    ExitProcess((UINT)main(argc, argv));
}
