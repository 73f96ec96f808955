/*
 * setjmp.c — non-local jumps: setjmp/longjmp out of nested calls with local state kept in
 * volatiles, longjmp(env, 0) returning 1, repeated jumps to the same buffer, sigsetjmp with
 * savemask restoring the signal mask after siglongjmp out of a SIGUSR1 handler (raised with
 * raise), and a jump from deep recursion.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

struct ctx {
    jmp_buf env;
    sigjmp_buf senv;
    int depth_reached;
};

/* The context the SIGUSR1 handler jumps to (a handler can reach nothing else). */
static struct ctx *volatile handler_ctx;

static void dive(struct ctx *c, int depth, int target)
{
    char pad[64];
    memset(pad, depth, sizeof(pad));
    c->depth_reached = depth + pad[5] - depth;
    if (depth >= target || depth >= 1000)
        longjmp(c->env, depth * 10);
    dive(c, depth + 1, target);
}

static void on_usr1(int sig)
{
    siglongjmp(handler_ctx->senv, sig);
}

int main(void)
{
    struct ctx c;
    volatile int rounds = 0;
    int r = setjmp(c.env);
    printf("setjmp returned %d (round %d)\n", r, rounds);
    if (rounds < 3) {
        rounds++;
        dive(&c, 0, rounds * 5);
    }
    printf("deepest %d\n", c.depth_reached);

    r = setjmp(c.env);
    if (r == 0)
        longjmp(c.env, 0);
    printf("longjmp(env, 0) gives %d\n", r);

    handler_ctx = &c;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    volatile int jumps = 0;
    r = sigsetjmp(c.senv, 1);
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("sigsetjmp returned %d, SIGUSR1 blocked now: %d\n", r, sigismember(&cur, SIGUSR1));
    if (jumps < 2) {
        jumps++;
        raise(SIGUSR1);
        printf("not reached\n");
    }
    r = sigsetjmp(c.senv, 0);
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("sigsetjmp(0) returned %d, SIGUSR1 blocked now: %d\n", r,
           sigismember(&cur, SIGUSR1));
    if (r == 0)
        raise(SIGUSR1);
    return 0;
}
