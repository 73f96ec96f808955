/*
 * overflow.c — unbounded recursion until the stack runs out.
 *
 * Usage: overflow altstack|handler|none [threads]
 *   altstack  a SIGSEGV handler on a sigaltstack catches the overflow: it checks that it runs on
 *             the alternate stack and that si_addr lies just below the deepest frame reached,
 *             prints one line and exits 0;
 *   handler   the same handler without an alternate stack: the kernel cannot build the frame, so
 *             the process dies of SIGSEGV (status 139);
 *   none      no handler: dies of SIGSEGV.
 * With "threads", the recursion runs in a second thread (its own pthread stack and guard page)
 * and the handler's line names the thread.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char alt[1 << 16];
static volatile uintptr_t deepest = UINTPTR_MAX;
static volatile unsigned long depth;
static int in_thread;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    char here;
    uintptr_t a = (uintptr_t)si->si_addr, h = (uintptr_t)&here;
    int on_alt = h >= (uintptr_t)alt && h < (uintptr_t)alt + sizeof alt;
    /* The faulting access is the next frame's: below the deepest frame recorded, within a page
     * or two (one frame plus the guard). */
    int near = a < deepest && deepest - a < 65536;
    char line[200];
    int n =
        snprintf(line, sizeof line, "overflow%s: %s %s on-altstack=%s addr-near-sp=%s deep=%s\n",
                 in_thread ? " (thread)" : "", sig == SIGSEGV ? "SIGSEGV" : "other",
                 si->si_code == SEGV_MAPERR   ? "SEGV_MAPERR"
                 : si->si_code == SEGV_ACCERR ? "SEGV_ACCERR"
                                              : "code?",
                 on_alt ? "yes" : "no", near ? "yes" : "no", depth > 1000 ? "yes" : "no");
    write(1, line, n);
    _exit(0);
}

static unsigned long recurse(unsigned long n)
{
    volatile char pad[256];
    pad[0] = (char)n;
    deepest = (uintptr_t)pad;
    depth = n;
    return recurse(n + 1) + pad[0];
}

static void *thread_main(void *arg)
{
    stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt};
    if (arg)
        sigaltstack(&ss, NULL);
    return (void *)recurse(0);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "altstack";
    struct sigaction sa;
    stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt};
    int alt_wanted = strcmp(mode, "altstack") == 0;

    in_thread = argc > 2 && strcmp(argv[2], "threads") == 0;
    if (strcmp(mode, "none") != 0) {
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_segv;
        sa.sa_flags = SA_SIGINFO | (alt_wanted ? SA_ONSTACK : 0);
        sigaction(SIGSEGV, &sa, NULL);
    }
    if (in_thread) {
        pthread_t t;
        pthread_create(&t, NULL, thread_main, alt_wanted ? (void *)1 : NULL);
        pthread_join(t, NULL);
    } else {
        if (alt_wanted)
            sigaltstack(&ss, NULL);
        recurse(0);
    }
    printf("recursion returned\n");
    return 1;
}
