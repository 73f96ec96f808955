/*
 * sig_fault.c — synchronous signals from guest faults: SIGSEGV (SEGV_MAPERR on an unmapped
 * page, SEGV_ACCERR on a write to a read-only page, si_addr exact) caught by a handler that
 * siglongjmps out, several times in a row (the mask is restored each time); SIGILL (ILL_ILLOPC,
 * si_addr = the instruction) and SIGTRAP from ebreak (TRAP_BRKPT) where the handler moves the
 * saved pc past the instruction; SIGBUS (BUS_ADRERR) touching a file mapping beyond EOF; and a
 * fault while SIGSEGV is blocked kills the process (checked in a child).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile int got_sig, got_code;
static volatile uintptr_t got_addr, got_pc;

static void check(const char *what, int ok)
{
    printf("%-52s %s\n", what, ok ? "ok" : "FAIL");
}

static void on_fault_jump(int sig, siginfo_t *si, void *ucv)
{
    got_sig = sig;
    got_code = si->si_code;
    got_addr = (uintptr_t)si->si_addr;
    siglongjmp(env, 1);
}

static void on_fault_skip(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = (uintptr_t)si->si_addr;
    got_pc = uc->uc_mcontext.__gregs[REG_PC];
    /* ebreak and the illegal word used below are 4 bytes long. */
    uc->uc_mcontext.__gregs[REG_PC] += 4;
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    char *ro = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *gone = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(gone, pg);

    install(SIGSEGV, on_fault_jump);
    for (int round = 0; round < 3; round++) {
        got_sig = 0;
        if (sigsetjmp(env, 1) == 0) {
            *(volatile char *)(gone + 123) = 1;
            check("store to unmapped page faulted", 0);
        } else {
            char what[64];
            snprintf(what, sizeof(what), "SIGSEGV MAPERR at the address, round %d", round);
            check(what, got_sig == SIGSEGV && got_code == SEGV_MAPERR &&
                            got_addr == (uintptr_t)(gone + 123));
        }
    }
    if (sigsetjmp(env, 1) == 0) {
        *(volatile char *)(ro + 8) = 1;
        check("store to read-only page faulted", 0);
    } else {
        check("SIGSEGV ACCERR on a read-only page",
              got_sig == SIGSEGV && got_code == SEGV_ACCERR && got_addr == (uintptr_t)(ro + 8));
    }
    if (sigsetjmp(env, 1) == 0) {
        (void)*(volatile char *)(gone + 5);
        check("load from unmapped page faulted", 0);
    } else {
        check("SIGSEGV on a load", got_sig == SIGSEGV && got_addr == (uintptr_t)(gone + 5));
    }
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    check("SIGSEGV unblocked again after siglongjmp", !sigismember(&cur, SIGSEGV));

    /* SIGILL and SIGTRAP: the handler skips the instruction. */
    install(SIGILL, on_fault_skip);
    install(SIGTRAP, on_fault_skip);
    uintptr_t at;
    got_sig = 0;
    asm volatile("lla %0, 1f\n1: .word 0x00000000\n" : "=r"(at));
    check("SIGILL ILL_ILLOPC at the instruction, resumed after",
          got_sig == SIGILL && got_code == ILL_ILLOPC && got_addr == at && got_pc == at);
    got_sig = 0;
    asm volatile("lla %0, 1f\n1: .option push\n.option norvc\nebreak\n.option pop\n" : "=r"(at));
    check("SIGTRAP TRAP_BRKPT from ebreak, resumed after",
          got_sig == SIGTRAP && got_code == TRAP_BRKPT && got_pc == at);

    /* SIGBUS: the second page of a one-byte file's two-page mapping. */
    FILE *f = tmpfile();
    fputc('x', f);
    fflush(f);
    char *fm = mmap(NULL, 2 * pg, PROT_READ, MAP_SHARED, fileno(f), 0);
    install(SIGBUS, on_fault_jump);
    got_sig = 0;
    if (sigsetjmp(env, 1) == 0) {
        volatile char c = fm[0];
        (void)c;
        c = fm[pg + 10];
        check("read beyond EOF faulted", 0);
    } else {
        check("SIGBUS BUS_ADRERR beyond the end of a file mapping",
              got_sig == SIGBUS && got_code == BUS_ADRERR && got_addr == (uintptr_t)(fm + pg + 10));
    }

    /* A fault with SIGSEGV blocked is fatal even with a handler. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, SIGSEGV);
        sigprocmask(SIG_BLOCK, &s, NULL);
        *(volatile char *)(gone + 1) = 1;
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    check("blocked SIGSEGV on a fault kills with SIGSEGV",
          WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
    return 0;
}
