/*
 * fault: prints one line, then stores through a pointer to an address nothing maps
 * (FAULT_ADDRESS, user space that no app or kernel window covers). The kernel must kill
 * the process with one line naming that address and the fault status, and go on.
 */
#include <stdint.h>
#include <stdio.h>

#define FAULT_ADDRESS 0x60000000u
#define FAULT_VALUE 0xDEADBEEFu

int main(void)
{
    volatile uint32_t *p = (volatile uint32_t *)FAULT_ADDRESS;

    printf("fault: writing to %p\n", (void *)p);
    *p = FAULT_VALUE;
    printf("fault: the write did not fault\n");
    return 1;
}
