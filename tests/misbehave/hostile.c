/*
 * hostile.c — a guest that wrecks its own execution environment; plume must do what Linux does
 * (usually: kill the guest with a signal) and never crash itself.
 *
 * Usage: hostile mode
 *   badsp-signal      sp = 16, then ebreak with a SIGTRAP handler: the frame cannot be written,
 *                     so Linux kills the process with SIGSEGV
 *   garbage-sigreturn rt_sigreturn without a signal frame: registers come from stack garbage
 *   spin-alarm        alarm(1), then a one-instruction infinite loop (j .): SIGALRM kills it
 *   spin-handler      the same with a SIGALRM handler that _exits(7)
 *   spin              j . forever (the test sends signals from outside)
 *   spin-term-handler j . forever with a SIGTERM handler that _exits(9)
 *   unmap-all         munmap of the whole user space, code included: SIGSEGV at the next fetch
 *   unmap-stack       munmap of the pages below and at the current stack frame: SIGSEGV
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static void on_trap(int sig)
{
    write(1, "handler ran\n", 12);
}

static void exit7(int sig)
{
    _exit(7);
}

static void exit9(int sig)
{
    _exit(9);
}

static void spin_forever(void)
{
    __asm__ volatile("1: j 1b\n");
}

int main(int argc, char **argv)
{
    const char *m = argc > 1 ? argv[1] : "";
    char here;
    uintptr_t page = (uintptr_t)&here & ~(uintptr_t)4095;

    if (strcmp(m, "badsp-signal") == 0) {
        signal(SIGTRAP, on_trap);
        __asm__ volatile("li sp, 16\n ebreak\n" ::: "memory");
    } else if (strcmp(m, "garbage-sigreturn") == 0) {
        syscall(SYS_rt_sigreturn);
    } else if (strcmp(m, "spin-alarm") == 0) {
        alarm(1);
        spin_forever();
    } else if (strcmp(m, "spin-handler") == 0) {
        signal(SIGALRM, exit7);
        alarm(1);
        spin_forever();
    } else if (strcmp(m, "spin") == 0) {
        spin_forever();
    } else if (strcmp(m, "spin-term-handler") == 0) {
        signal(SIGTERM, exit9);
        write(1, "ready\n", 6);
        spin_forever();
    } else if (strcmp(m, "unmap-all") == 0) {
        syscall(SYS_munmap, 4096, (1ul << 38) - 4096);
    } else if (strcmp(m, "unmap-stack") == 0) {
        syscall(SYS_munmap, page - (1 << 20), (1 << 20) + 4096);
    } else {
        fprintf(stderr, "hostile: unknown mode '%s'\n", m);
        return 2;
    }
    write(1, "survived\n", 9);
    return 0;
}
