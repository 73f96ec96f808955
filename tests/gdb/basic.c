/* basic.c — guest for the gdb stub tests: a call chain, a global to change, a function whose
 * code a test patches, an exit status. */
#include <stdio.h>

volatile int counter = 7;

int __attribute__((noinline)) add(int a, int b)
{
    return a + b;
}

int __attribute__((noinline)) twice(int v)
{
    int r = add(v, v);
    counter += r;
    return r;
}

int __attribute__((noinline)) seven(void)
{
    return 7;
}

int main(void)
{
    int x = twice(20);
    int s1 = seven();
    int s2 = seven();
    printf("x=%d counter=%d seven=%d,%d\n", x, counter, s1, s2);
    return x & 0x3f;
}
