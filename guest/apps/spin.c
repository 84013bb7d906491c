/*
 * spin: prints one line, then never ends. It proves that a runaway guest stops at the
 * simulator's instruction budget (cesim exit status 4) or at a wall-clock timeout.
 */
#include <stdio.h>

int main(void)
{
    volatile unsigned long n = 0;

    printf("spin: looping forever\n");
    for (;;)
        n++;
}
