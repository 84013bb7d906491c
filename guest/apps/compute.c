/*
 * compute: a deterministic CPU-bound loop to measure guest MIPS. It runs a bitwise
 * CRC-32 (the IEEE 802.3 polynomial, reflected) over a buffer filled from a fixed
 * xorshift seed, ROUNDS times, and prints the result, so that every run, on QEMU or
 * cesim, prints the same number. An optional argument overrides ROUNDS.
 */
#include <stdint.h>
#include <stdio.h>

#define BUF_SIZE 4096
#define ROUNDS_DEFAULT 256 /* 1 MB of CRC input: a few tens of millions of instructions */
#define ROUNDS_MAX 1000000u
#define CRC32_POLY 0xEDB88320u /* reflected 0x04C11DB7 */
#define XORSHIFT_SEED 0x2545F491u
#define BITS_PER_BYTE 8

static uint8_t buf[BUF_SIZE];

/* Marsaglia's xorshift32: a fixed sequence from a fixed seed. */
static uint32_t xorshift32(uint32_t *s)
{
    uint32_t x = *s;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static void fill(uint8_t *p, unsigned n)
{
    uint32_t s = XORSHIFT_SEED;

    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)xorshift32(&s);
}

static uint32_t crc32_update(uint32_t crc, const uint8_t *p, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        crc ^= p[i];
        for (int b = 0; b < BITS_PER_BYTE; b++)
            crc = (crc >> 1) ^ (CRC32_POLY & (0u - (crc & 1u)));
    }
    return crc;
}

static unsigned parse_rounds(const char *s)
{
    unsigned v = 0;

    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (unsigned)(*s - '0');
        if (v > ROUNDS_MAX)
            return ROUNDS_MAX;
    }
    return v ? v : ROUNDS_DEFAULT;
}

int main(int argc, char **argv)
{
    unsigned rounds = argc > 1 ? parse_rounds(argv[1]) : ROUNDS_DEFAULT;
    uint32_t crc = 0xFFFFFFFFu;

    fill(buf, BUF_SIZE);
    for (unsigned r = 0; r < rounds; r++)
        crc = crc32_update(crc, buf, BUF_SIZE);
    printf("compute: crc32 of %u x %u bytes = 0x%08lx\n", rounds, BUF_SIZE, (unsigned long)~crc);
    return 0;
}
