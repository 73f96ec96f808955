/* hello.c — the smallest dynamically linked guest: the base the bad-input tests corrupt. */
#include <stdio.h>

int main(void)
{
    puts("hello from the guest");
    return 0;
}
