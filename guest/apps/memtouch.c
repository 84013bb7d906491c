/*
 * memtouch: a deterministic memory-bound app to measure guest MIPS with the cache model
 * busy on the data side (compute is its CPU-bound twin). Each round fills a 64 KB buffer
 * (memset), copies it to a second one (memcpy) and sums one word per 32-byte line of the
 * copy: buffers four times the 16 KB D-cache, so the reads miss and fill lines, and the
 * writes (the ARM926 does not allocate on a write miss) stream through the write buffer;
 * about two instructions in five are loads and stores. It prints a checksum, so that
 * every run, on QEMU or cesim, prints the same line. An optional argument overrides
 * ROUNDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define BUF_SIZE (64u * 1024u)
#define BUF_WORDS (BUF_SIZE / sizeof(uint32_t))
#define LINE_WORDS 8u      /* words per 32-byte cache line */
#define ROUNDS_DEFAULT 128 /* about 17 million instructions, 7 million data accesses */
#define ROUNDS_MAX 100000u
#define BYTE_MASK 0xFFu
#define CHECKSUM_MULT 31u

static uint32_t src[BUF_WORDS], dst[BUF_WORDS];

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
    uint32_t sum = 0;

    for (unsigned r = 0; r < rounds; r++) {
        memset(src, (int)(r & BYTE_MASK), sizeof src);
        src[r % BUF_WORDS] = r;
        memcpy(dst, src, sizeof dst);
        for (unsigned i = 0; i < BUF_WORDS; i += LINE_WORDS)
            sum = sum * CHECKSUM_MULT + dst[i];
    }
    printf("memtouch: %u rounds of %u bytes, checksum 0x%08lx\n", rounds, BUF_SIZE,
           (unsigned long)sum);
    return 0;
}
