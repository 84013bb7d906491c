/*
 * hello: the smallest app: one line on the console, exit code 0. The default scenario
 * and the first differential test against QEMU.
 */
#include <stdio.h>

int main(void)
{
    printf("hello from cesim\n");
    return 0;
}
