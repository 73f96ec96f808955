/*
 * syscall.c — the syscall dispatcher, process/thread set-up of the Linux layer, process end.
 *
 * sys_ecall() is the one entry point from the cpu loop. Order of events for one ecall (the
 * plugin spec §4.13): pc moves past the ecall first (plugins see ecall+4), then the syscall
 * event, the -strace call line, the v6 syscall filter, the handler (with the arguments captured
 * before any callback), the -strace result, the syscall_ret event, and finally a0. The two
 * private results SYS_ERESTARTSYS (re-run the ecall after the signal handler: pc goes back) and
 * SYS_ENORETURN (rt_sigreturn restored all registers) leave a0 alone. A plugin that calls
 * qemu_plugin_set_pc from any of the three syscall callbacks ends the ecall there: no emulation
 * (or, from syscall_ret, the result is dropped), no a0 write, pc = the plugin's target (spec
 * §8.4.4). riscv_flush_icache is handled before all of that and produces no event, like QEMU.
 *
 * Threading: sys_ecall runs on the vCPU's own thread; the unimplemented-syscall list and the
 * exit flag are the only shared state touched here (lx->lock, atomics).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "../exec/config.h"
#include "../exec/exec.h"
#include "../gdb/gdb.h"
#include "../plugin/hooks.h"
#include "../util/log.h"
#include "linux.h"
#include "syscall.h"

const struct sys_entry sys_table[SYS_TABLE_SIZE] = {
#define SYSCALL(num, nm, handler, fmt, r) [num] = {#nm, handler, fmt, SYS_RET_##r},
#include "syscall.def"
#undef SYSCALL
};

#define RISCV_NR_FLUSH_ICACHE 259

/* Guest instructions of the signal return trampoline: li a7, 139; ecall. */
static const uint32_t sigtramp_code[2] = {0x08b00893u, 0x00000073u};

int64_t sys_enosys(struct vcpu *cpu, const uint64_t *a)
{
    return -ENOSYS;
}

static void log_unimplemented(struct linux_proc *lx, int64_t num)
{
    bool seen = false;

    pthread_mutex_lock(&lx->lock);
    for (unsigned i = 0; i < lx->n_unimp_seen; i++) {
        if (lx->unimp_seen[i] == num) {
            seen = true;
            break;
        }
    }
    if (!seen) {
        lx->unimp_seen = xrealloc(lx->unimp_seen, (lx->n_unimp_seen + 1) * sizeof(int));
        lx->unimp_seen[lx->n_unimp_seen++] = (int)num;
    }
    pthread_mutex_unlock(&lx->lock);
    if (!seen)
        log_printf("Unsupported syscall: %lld\n", (long long)num);
}

static int64_t dispatch(struct vcpu *cpu, int64_t num, const uint64_t *a)
{
    if (num >= 0 && num < SYS_TABLE_SIZE && sys_table[num].fn)
        return sys_table[num].fn(cpu, a);
    if (log_enabled(LOG_UNIMP))
        log_unimplemented(lx_proc(cpu), num);
    return -ENOSYS;
}

static bool strace_on(const struct vcpu *cpu)
{
    return log_enabled(LOG_STRACE) || (cpu->proc->cfg && cpu->proc->cfg->strace);
}

void sys_ecall(struct vcpu *cpu)
{
    int64_t num = (int64_t)cpu->x[17];
    uint64_t a[6];
    gaddr_t ecall_pc = cpu->pc;
    int64_t ret;
    bool strace = strace_on(cpu);
    char line[1024];

    memcpy(a, &cpu->x[10], sizeof(a));
    cpu->pc = ecall_pc + 4;
    if (num == RISCV_NR_FLUSH_ICACHE) {
        cpu->x[10] = (uint64_t)sys_riscv_flush_icache(cpu, a);
        return;
    }
    if (plg_active) {
        plg_syscall(cpu, num, a);
        if (plg_pc_redirected(cpu))
            return;
    }
    if (strace) {
        int n = snprintf(line, sizeof(line), "%d ", (int)getpid());
        strace_format_call(cpu, num, a, line + n, sizeof(line) - n);
        if (num >= 0 && num < SYS_TABLE_SIZE && sys_table[num].ret == SYS_RET_NONE)
            strcat(line, "\n");
        log_puts(line);
    }
    bool filtered = plg_active && plg_syscall_filter(cpu, num, a, &ret);
    if (plg_active && plg_pc_redirected(cpu))
        return;
    if (!filtered)
        ret = dispatch(cpu, num, a);
    if (strace) {
        strace_format_ret(num, ret, line, sizeof(line));
        log_puts(line);
    }
    if (plg_active) {
        plg_syscall_ret(cpu, num, ret);
        if (plg_pc_redirected(cpu))
            return;
    }
    if (ret == -SYS_ERESTARTSYS)
        cpu->pc = ecall_pc;
    else if (ret != -SYS_ENORETURN)
        cpu->x[10] = (uint64_t)ret;
}

int64_t lx_interrupted(struct vcpu *cpu, bool restart)
{
    int sig = sig_next_deliverable(cpu);

    if (sig == 0)
        return -SYS_ERESTARTSYS; /* interrupted by a signal the guest does not see yet */
    const struct target_sigaction *sa = &lx_proc(cpu)->sigact[sig];
    if (restart && sa->handler > TARGET_SIG_IGN && (sa->flags & TARGET_SA_RESTART))
        return -SYS_ERESTARTSYS;
    return -EINTR;
}

/* After a blocking host call with result r (exclusive_enter_syscall before it): see
 * lx_blocking. */
static int64_t block_end(struct vcpu *cpu, int64_t r, bool restart)
{
    exclusive_leave_syscall(cpu);
    return r == -EINTR ? lx_interrupted(cpu, restart) : r;
}

int64_t lx_blocking(struct vcpu *cpu, bool restart, long nr, const uint64_t a[6])
{
    int64_t r;

    exclusive_enter_syscall(cpu);
    r = safe_syscall6(&cpu->attention, nr, (long)a[0], (long)a[1], (long)a[2], (long)a[3],
                      (long)a[4], (long)a[5]);
    return block_end(cpu, r, restart);
}

bool lx_wait_again(struct vcpu *cpu, int64_t *r)
{
    if (*r != -SYS_ERESTARTSYS)
        return false;
    /* A kick after this clear is not lost: a signal is queued before its kick. */
    __atomic_fetch_and(&cpu->attention, ~(uint32_t)ATTN_SIGNAL, __ATOMIC_SEQ_CST);
    if (sig_has_deliverable(cpu)) {
        cpu_kick(cpu, ATTN_SIGNAL);
        *r = -EINTR;
        return false;
    }
    sig_route(cpu);
    return true;
}

struct timespec lx_deadline(const struct timespec *rel)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_sec += rel->tv_sec;
    t.tv_nsec += rel->tv_nsec;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

struct timespec lx_time_left(const struct timespec *deadline)
{
    struct timespec now, left = {0, 0};

    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > deadline->tv_sec ||
        (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec))
        return left;
    left.tv_sec = deadline->tv_sec - now.tv_sec;
    left.tv_nsec = deadline->tv_nsec - now.tv_nsec;
    if (left.tv_nsec < 0) {
        left.tv_sec--;
        left.tv_nsec += 1000000000L;
    }
    return left;
}

/* Map the rt_sigreturn trampoline: one exec-only guest page. */
static gaddr_t map_sigtramp(struct mem_space *m)
{
    int64_t g = mem_mmap(m, 0, GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (g < 0)
        die("cannot map the signal trampoline page: %s", strerror((int)-g));
    memcpy(g2h(m, (gaddr_t)g), sigtramp_code, sizeof(sigtramp_code));
    int r = mem_mprotect(m, (gaddr_t)g, GUEST_PAGE_SIZE, PROT_EXEC);
    if (r < 0)
        die("cannot protect the signal trampoline page: %s", strerror(-r));
    return (gaddr_t)g;
}

void linux_init(struct proc *p)
{
    struct linux_proc *lx = xcalloc(1, sizeof(*lx));
    sigset_t host_mask;

    lx->proc = p;
    pthread_mutex_init(&lx->lock, NULL);
    lx->sysroot = p->cfg && p->cfg->sysroot ? p->cfg->sysroot : "";
    lx->pid = getpid();
    lx->guest_rlim[LX_RLIM_STACK].rlim_cur =
        p->cfg && p->cfg->stack_size ? p->cfg->stack_size : 8ull << 20;
    lx->guest_rlim[LX_RLIM_STACK].rlim_max = RLIM_INFINITY;
    getrlimit(RLIMIT_AS, &lx->guest_rlim[LX_RLIM_AS]);
    getrlimit(RLIMIT_DATA, &lx->guest_rlim[LX_RLIM_DATA]);
    mem_set_limits(p->mem, lx->guest_rlim[LX_RLIM_AS].rlim_cur,
                   lx->guest_rlim[LX_RLIM_DATA].rlim_cur);
    sigprocmask(SIG_SETMASK, NULL, &host_mask);
    for (int sig = 1; sig <= TARGET_NSIG; sig++) {
        struct sigaction old;
        if (sigismember(&host_mask, sig) == 1)
            lx->initial_mask |= TARGET_SIGBIT(sig);
        if (sig < 32 && sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            lx->sigact[sig].handler = TARGET_SIG_IGN;
    }
    sig_pending_init(&lx->pending);
    lx_sigfd_init(lx);
    lx->sigq_pool = xcalloc(SIGQ_POOL_SIZE, sizeof(*lx->sigq_pool));
    for (int i = 0; i < SIGQ_POOL_SIZE; i++)
        lx->sigq_pool[i].next = i + 1 < SIGQ_POOL_SIZE ? i + 1 : -1;
    lx->sigq_free = 0;
    lx->live_threads = 1;
    lx->log_fd = log_fd();
    lx->sigtramp = map_sigtramp(p->mem);
    p->lx = lx;
}

void linux_thread_init(struct vcpu *cpu, const struct vcpu *parent)
{
    struct linux_thread *t = xcalloc(1, sizeof(*t));

    if (parent) {
        t->sigmask = parent->lx->sigmask;
    } else {
        t->sigmask = cpu->proc->lx->initial_mask;
        cpu->tid = gettid();
    }
    t->sigmask &= ~(TARGET_SIGBIT(SIGKILL) | TARGET_SIGBIT(SIGSTOP));
    sig_pending_init(&t->pending);
    /* Routing threads may already see cpu in the live list. */
    __atomic_store_n(&cpu->lx, t, __ATOMIC_RELEASE);
    if (!parent) {
        /* Host signals that came before this vCPU existed were queued for the process. */
        __atomic_store_n(&cpu->proc->lx->signal_tid, cpu->tid, __ATOMIC_RELEASE);
        cpu_kick(cpu, ATTN_SIGNAL);
    }
}

void proc_exit(struct vcpu *cpu, int status)
{
    if (cpu && cpu->proc->gdb)
        gdb_exit(cpu, status, 0);
    if (cpu && cpu->lx)
        lx_exit_threads(cpu);
    if (plg_active && cpu)
        plg_process_exit(cpu);
    fflush(NULL);
    _exit(status);
}

void proc_exit_signal(struct vcpu *cpu, int sig)
{
    struct sigaction sa;
    struct rlimit nocore = {0, 0};
    sigset_t set;

    if (cpu && cpu->proc->gdb)
        gdb_exit(cpu, 0, sig);
    if (cpu && cpu->lx)
        lx_exit_threads(cpu);
    if (plg_active && cpu)
        plg_process_exit(cpu);
    fflush(NULL);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigaction(sig, &sa, NULL);
    setrlimit(RLIMIT_CORE, &nocore);
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    /* Only reached if the host did not end the process for sig. */
    _exit(128 + sig);
}
