/* fp.c — guest for the gdb stub tests: a double argument and the FP control and status
 * register, which gdb changes before scale() runs. */
#include <fenv.h>
#include <stdio.h>

double __attribute__((noinline)) scale(double v)
{
    return v * 2.0;
}

int main(void)
{
    double r = scale(1.5);
    printf("r=%g round=%d flags=%d\n", r, fegetround(), fetestexcept(FE_ALL_EXCEPT));
    return 0;
}
