/*
 * tracegen.c: a deterministic din trace generator for the cachesim benchmark and goldens.
 *
 *     tracegen N SEED > trace.din
 *
 * Writes N references shaped roughly like a program: about 60% instruction fetches that
 * run sequentially through a 256 KB code region and branch now and then (mostly inside a
 * hot 8 KB loop), and data references that are 2/3 reads, 1/3 writes, spread over a hot
 * 2 KB stack (45%), a 1 MB array walked with a stride of 4 (25%), an 8 KB heap (27%) and
 * a 16 MB region (3%).
 * About one line in 200 is a misc (label 3) record, and one in 2 M a flush (label 4).
 * The same N and SEED always give the same bytes (xorshift64, no libc randomness).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CODE_BASE 0x00010000u
#define HOT_CODE 0x00018000u
#define STACK_TOP 0x7fff0000u
#define ARRAY 0x01000000u
#define HEAP 0x02000000u
#define WIDE 0x10000000u

static uint64_t rng_state;

static uint32_t rnd(void)
{
    uint64_t x = rng_state; /* xorshift64, Marsaglia 2003 */
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rng_state = x;
    return (uint32_t)(x >> 32);
}

static uint32_t next_pc(uint32_t pc)
{
    uint32_t r = rnd() % 64u;
    if (r < 7u) /* a taken branch: mostly into the hot loop */
        return (r < 6u ? HOT_CODE + (rnd() % 8192u) : CODE_BASE + (rnd() % 262144u)) & ~3u;
    return pc + 4u;
}

static uint32_t data_addr(uint32_t *array_pos)
{
    uint32_t r = rnd() % 100u;
    if (r < 45u)
        return STACK_TOP - 2048u + (rnd() % 2048u);
    if (r < 70u) {
        *array_pos = (*array_pos + 4u) % (1u << 20);
        return ARRAY + *array_pos;
    }
    if (r < 97u)
        return HEAP + (rnd() % 8192u);
    return WIDE + (rnd() % (16u << 20));
}

static char *put_hex(char *p, uint32_t v)
{
    char tmp[8];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v & 15u];
        v >>= 4;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: tracegen N SEED\n", stderr);
        return 2;
    }
    unsigned long long n = strtoull(argv[1], NULL, 0);
    rng_state = strtoull(argv[2], NULL, 0) * 0x9E3779B97F4A7C15ull + 1u;
    static char buf[1u << 16];
    char *p = buf;
    uint32_t pc = CODE_BASE, array_pos = 0;
    for (unsigned long long i = 0; i < n; i++) {
        uint32_t r = rnd() % 1000u, label, addr;
        if (i % 2000000u == 1999999u)
            label = 4, addr = 0;
        else if (r < 5u)
            label = 3, addr = rnd();
        else if (r < 600u)
            label = 2, addr = pc = next_pc(pc);
        else
            label = r < 867u ? 0u : 1u, addr = data_addr(&array_pos);
        *p++ = (char)('0' + label);
        *p++ = ' ';
        p = put_hex(p, addr);
        *p++ = '\n';
        if (p > buf + sizeof buf - 32) {
            fwrite(buf, 1, (size_t)(p - buf), stdout);
            p = buf;
        }
    }
    fwrite(buf, 1, (size_t)(p - buf), stdout);
    return ferror(stdout) ? 1 : 0;
}
