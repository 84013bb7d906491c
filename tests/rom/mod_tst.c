/*
 * mod_tst.c: a stream driver with prefix TST for test_rom.c: it exports TST_Init,
 * TST_Deinit, TST_Open and TST_IOControl, and on purpose no TST_Close (its export slot
 * must stay 0). It never runs in the tests.
 */
#include <stdint.h>

uint32_t TST_Init(uint32_t context);
int TST_Deinit(uint32_t device);
uint32_t TST_Open(uint32_t device, uint32_t access, uint32_t share);
int TST_IOControl(uint32_t open, uint32_t code, void *in, uint32_t in_size, void *out,
                  uint32_t out_size, uint32_t *returned);

static uint32_t opens;
uint32_t last_code = 0xFFFFFFFFu;

uint32_t TST_Init(uint32_t context)
{
    return context + 1;
}

int TST_Deinit(uint32_t device)
{
    return device != 0;
}

uint32_t TST_Open(uint32_t device, uint32_t access, uint32_t share)
{
    (void)access;
    (void)share;
    opens++;
    return device;
}

int TST_IOControl(uint32_t open, uint32_t code, void *in, uint32_t in_size, void *out,
                  uint32_t out_size, uint32_t *returned)
{
    (void)open;
    (void)in;
    (void)in_size;
    last_code = code;
    if (out && out_size >= 4) {
        *(uint32_t *)out = opens;
        *returned = 4;
    }
    return 1;
}
