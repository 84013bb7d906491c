/*
 * mod_hello.c: a small C app for test_rom.c, compiled like every guest module (the
 * Makefile's GUEST_CFLAGS) and linked by guest/module.ld with --emit-relocs. It never
 * runs in the tests; its compiled code gives the builder ordinary relocations and
 * symbols (hello!main, hello!greeting).
 */
#include <stdint.h>

int main(int argc, const char *const *argv);

const char greeting[] = "hello from a ROM module";
const char *volatile message = greeting; /* .data pointing into .rodata (text) */
static uint32_t calls;                   /* .bss */

int main(int argc, const char *const *argv)
{
    calls++;
    return argc > 1 && argv[1][0] == message[0];
}

__attribute__((section(".text.start"), noreturn)) void _start(void);

void _start(void)
{
    static const char *const args[] = {"hello", "x"};

    for (;;)
        main(2, args);
}
