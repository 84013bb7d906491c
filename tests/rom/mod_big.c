/*
 * mod_big.c: an app with 1 MB of initialised data, for test_rom.c's "image larger than
 * RAM" case (board.ram = 1M).
 */
char big[1u << 20] = {1};

__attribute__((section(".text.start"), noreturn)) void _start(void);

void _start(void)
{
    for (;;)
        big[1]++;
}
