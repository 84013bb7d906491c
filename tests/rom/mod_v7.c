/*
 * mod_v7.c: an app with ARMv7 code on purpose (tests/rom.mk builds it for Cortex-A7):
 * it addresses `value` with MOVW/MOVT, whose relocations the ROM builder must refuse
 * with a clear error (modules are ARM926 code). Written as asm so no compiler choice
 * (literal pool or MOVW) can change what is tested.
 */
int value = 1;

__attribute__((section(".text.start"), noreturn)) void _start(void);

void _start(void)
{
    for (;;)
        __asm__ volatile("movw r0, #:lower16:value\n\t"
                         "movt r0, #:upper16:value\n\t"
                         "ldr r1, [r0]\n\t"
                         "add r1, r1, #1\n\t"
                         "str r1, [r0]" ::
                             : "r0", "r1", "memory");
}
