/*
 * sig_ucontext.c — the riscv64 signal frame as handlers see it: a signal raised by a raw ecall
 * with known values in s2, s3 and fa0/fs1 (double and NaN-boxed single) and fcsr; the handler
 * checks them in uc_mcontext (gregs, __fpregs.__d.__f, fcsr), rewrites s2, fa0, the rounding
 * mode in fcsr and the saved pc (skipping a 4-byte marker instruction), and the interrupted code
 * must see every change after rt_sigreturn. Also uc_sigmask holds the mask at the time of the
 * signal, and the handler runs with the signal blocked.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int seen_s2, seen_s3, seen_fa0, seen_fs1, seen_fcsr, seen_mask, blocked_inside;

static void check(const char *what, int ok)
{
    printf("%-52s %s\n", what, ok ? "ok" : "FAIL");
}

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    mcontext_t *mc = &uc->uc_mcontext;
    double d;
    uint64_t raw = mc->__fpregs.__d.__f[9];
    float f;

    seen_s2 = mc->__gregs[18] == 0x1234;
    seen_s3 = mc->__gregs[19] == 0x5678;
    memcpy(&d, &mc->__fpregs.__d.__f[10], 8);
    seen_fa0 = d == 1.5;
    memcpy(&f, &raw, 4);
    seen_fs1 = (raw >> 32) == 0xffffffffu && f == 2.25f;
    seen_fcsr = (mc->__fpregs.__d.__fcsr & 0xff) == ((1u << 5) | 1u); /* frm RTZ, NX */
    seen_mask = sigismember(&uc->uc_sigmask, SIGUSR2) && !sigismember(&uc->uc_sigmask, SIGUSR1);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    blocked_inside = sigismember(&now, SIGUSR1);

    mc->__gregs[18] = 0x4242;
    d = -8.0;
    memcpy(&mc->__fpregs.__d.__f[10], &d, 8);
    mc->__fpregs.__d.__fcsr = 2u << 5; /* RDN, flags cleared */
    mc->__gregs[REG_PC] += 4;          /* skip the li s3, 0 marker */
}

int main(void)
{
    struct sigaction sa;
    sigset_t s;
    uint64_t s2_after, s3_after, fa0_bits, fcsr_after;
    long pid = getpid();

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, NULL);

    double one_five = 1.5;
    float two_25 = 2.25f;
    asm volatile("li s2, 0x1234\n"
                 "li s3, 0x5678\n"
                 "fld fa0, 0(%[d])\n"
                 "flw fs1, 0(%[f])\n"
                 "li t0, 1\n"
                 "fsrmi 1\n"
                 "csrw fflags, t0\n"
                 "mv a0, %[pid]\n"
                 "li a1, %[sig]\n"
                 "li a7, %[nr]\n"
                 "ecall\n"
                 ".option push\n"
                 ".option norvc\n"
                 "li s3, 0\n"
                 ".option pop\n"
                 "mv %[s2o], s2\n"
                 "mv %[s3o], s3\n"
                 "fmv.x.d %[fa0o], fa0\n"
                 "frcsr %[fcsro]\n"
                 "fsrmi 0\n"
                 : [s2o] "=&r"(s2_after), [s3o] "=&r"(s3_after), [fa0o] "=&r"(fa0_bits),
                   [fcsro] "=&r"(fcsr_after)
                 : [d] "r"(&one_five), [f] "r"(&two_25), [pid] "r"(pid), [sig] "i"(SIGUSR1),
                   [nr] "i"(SYS_kill)
                 : "s2", "s3", "t0", "a0", "a1", "a7", "fa0", "fs1", "memory");
    double fa0;
    memcpy(&fa0, &fa0_bits, 8);
    check("handler saw s2 and s3 in gregs", seen_s2 && seen_s3);
    check("handler saw fa0 (double) in __fpregs", seen_fa0);
    check("handler saw fs1 NaN-boxed single", seen_fs1);
    check("handler saw frm and fflags in fcsr", seen_fcsr);
    check("uc_sigmask is the interrupted mask", seen_mask);
    check("the signal is blocked inside its handler", blocked_inside);
    check("modified s2 restored by sigreturn", s2_after == 0x4242);
    check("modified pc skipped the marker (s3 kept)", s3_after == 0x5678);
    check("modified fa0 restored", fa0 == -8.0);
    check("modified fcsr restored", fcsr_after == (2u << 5));
    sigprocmask(SIG_BLOCK, NULL, &s);
    check("mask after return is the interrupted mask",
          sigismember(&s, SIGUSR2) && !sigismember(&s, SIGUSR1));
    return 0;
}
