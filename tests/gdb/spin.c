/* spin.c — guest for the gdb stub tests: says it spins, then spins until gdb sets `stop` or, if
 * given a number of seconds, until that time has passed. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

volatile int stop;
volatile unsigned long spin;

int main(int argc, char **argv)
{
    time_t end = argc > 1 ? time(NULL) + atoi(argv[1]) : 0;
    printf("spinning\n");
    fflush(stdout);
    while (!stop) {
        if (++spin % 1000000 == 0 && end && time(NULL) >= end)
            break;
    }
    printf("%s\n", stop ? "stopped by gdb" : "time is up");
    return 0;
}
