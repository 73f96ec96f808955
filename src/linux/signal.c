/*
 * signal.c — guest signals: host handlers, pending sets, riscv64 signal frames, delivery.
 *
 * Host side. SIGSEGV/SIGBUS always go to sig_host_fault (SA_SIGINFO | SA_ONSTACK | SA_NODEFER,
 * on a per-thread alternate stack). The protocol with exec/ (src/exec/cpu_loop.c):
 *   1. a write fault on a guest page that holds translated code (PAGE_CODE) is given to
 *      mem_handle_code_write(); if it returns true the handler returns and the store is retried;
 *   2. otherwise, if the faulting host address lies in the guest reservation and the thread is
 *      running guest code (current_cpu->in_guest), the handler fills current_cpu->fault
 *      {SIGSEGV, SEGV_MAPERR / SEGV_ACCERR from the page flags, guest address} (SIGBUS:
 *      BUS_ADRERR) and siglongjmp()s to current_cpu->fault_jmp; the cpu loop sets the pc from
 *      the faulting op and calls sig_deliver_fault(). SA_NODEFER keeps SIGSEGV unblocked after
 *      the jump, whatever the sigsetjmp mask argument;
 *   3. anything else is a plume bug: the default action is restored and the handler returns,
 *      so the fault repeats and the process dies visibly (with a core if enabled).
 * A SIGSEGV/SIGBUS *sent* by kill/tgkill (si_code <= 0) is an asynchronous guest signal.
 * Other signals: the host disposition mirrors the guest's (sig_sync_host_action): guest
 * SIG_IGN → host SIG_IGN (so, e.g., writes to a closed pipe give EPIPE), guest SIG_DFL whose
 * default is to ignore or stop → host SIG_DFL (the host kernel does it), everything else
 * (guest handlers, default terminate/core) → sig_host_async, which records the signal as
 * pending and kicks the vCPU; it is delivered at the next block boundary
 * (sig_deliver_pending). The handler is installed without SA_RESTART: an interrupted host
 * syscall returns EINTR and lx_block_end decides, per the guest's SA_RESTART, whether the guest
 * sees -EINTR or the ecall is re-executed after the guest handler.
 *
 * Guest side. Actions live in linux_proc.sigact (under lx->lock), the mask, the thread-directed
 * pending set and sigaltstack in linux_thread, process-directed pending signals in
 * linux_proc.pending. Standard and real-time signals are both kept as one pending instance per
 * number (real-time signals do not queue yet). Frames follow arch/riscv/kernel/signal.c:
 * struct rt_sigframe {siginfo; ucontext} 16-byte aligned below sp (or on the sigaltstack), ra
 * pointing at a trampoline page (li a7,139; ecall) mapped by linux_init, a0/a1/a2 = signal,
 * &info, &uc.
 *
 * Threading: frames, masks and sigaltstack are touched only by the owning vCPU; pending bits
 * are set by any thread or host handler with atomic or after writing the info, and taken with
 * atomic and. Signals arriving on a non-vCPU thread are forwarded to the main thread. A
 * process-directed signal kicks only the vCPU that received or sent it; if that thread blocks
 * it, it waits for that thread to unblock it (Linux would pick another thread).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "../exec/exec.h"
#include "linux.h"
#include "syscall.h"

#define UNBLOCKABLE (TARGET_SIGBIT(SIGKILL) | TARGET_SIGBIT(SIGSTOP))

enum sig_default { SIGDFL_TERM, SIGDFL_CORE, SIGDFL_IGNORE, SIGDFL_STOP };

/* Default actions of the asm-generic signals 1..31 (real-time signals terminate). */
static const uint8_t sig_defaults[32] = {
    [SIGHUP] = SIGDFL_TERM,     [SIGINT] = SIGDFL_TERM,    [SIGQUIT] = SIGDFL_CORE,
    [SIGILL] = SIGDFL_CORE,     [SIGTRAP] = SIGDFL_CORE,   [SIGABRT] = SIGDFL_CORE,
    [SIGBUS] = SIGDFL_CORE,     [SIGFPE] = SIGDFL_CORE,    [SIGKILL] = SIGDFL_TERM,
    [SIGUSR1] = SIGDFL_TERM,    [SIGSEGV] = SIGDFL_CORE,   [SIGUSR2] = SIGDFL_TERM,
    [SIGPIPE] = SIGDFL_TERM,    [SIGALRM] = SIGDFL_TERM,   [SIGTERM] = SIGDFL_TERM,
    [SIGSTKFLT] = SIGDFL_TERM,  [SIGCHLD] = SIGDFL_IGNORE, [SIGCONT] = SIGDFL_IGNORE,
    [SIGSTOP] = SIGDFL_STOP,    [SIGTSTP] = SIGDFL_STOP,   [SIGTTIN] = SIGDFL_STOP,
    [SIGTTOU] = SIGDFL_STOP,    [SIGURG] = SIGDFL_IGNORE,  [SIGXCPU] = SIGDFL_CORE,
    [SIGXFSZ] = SIGDFL_CORE,    [SIGVTALRM] = SIGDFL_TERM, [SIGPROF] = SIGDFL_TERM,
    [SIGWINCH] = SIGDFL_IGNORE, [SIGIO] = SIGDFL_TERM,     [SIGPWR] = SIGDFL_TERM,
    [SIGSYS] = SIGDFL_CORE,
};

static enum sig_default sig_default_action(int sig)
{
    return sig < 32 ? (enum sig_default)sig_defaults[sig] : SIGDFL_TERM;
}

/* ---- pending sets ---- */

void sig_queue(struct vcpu *cpu, const struct target_siginfo *info, bool thread)
{
    int sig = info->si_signo;
    uint64_t bit = TARGET_SIGBIT(sig);
    uint64_t *set = thread ? &cpu->lx->pending : &cpu->proc->lx->pending;
    struct target_siginfo *slot =
        thread ? &cpu->lx->pending_info[sig] : &cpu->proc->lx->pending_info[sig];

    if (!(__atomic_load_n(set, __ATOMIC_ACQUIRE) & bit)) {
        *slot = *info;
        __atomic_fetch_or(set, bit, __ATOMIC_RELEASE);
    }
    cpu_kick(cpu, ATTN_SIGNAL);
}

static uint64_t pending_set(struct vcpu *cpu)
{
    return __atomic_load_n(&cpu->lx->pending, __ATOMIC_ACQUIRE) |
           __atomic_load_n(&cpu->proc->lx->pending, __ATOMIC_ACQUIRE);
}

int sig_next_deliverable(struct vcpu *cpu)
{
    uint64_t p = pending_set(cpu) & ~cpu->lx->sigmask;

    return p ? __builtin_ctzll(p) + 1 : 0;
}

bool sig_has_deliverable(struct vcpu *cpu)
{
    return sig_next_deliverable(cpu) != 0;
}

/* Take signal sig off cpu's pending sets (thread-directed first); false if it was not there. */
static bool dequeue(struct vcpu *cpu, int sig, struct target_siginfo *info)
{
    uint64_t bit = TARGET_SIGBIT(sig);

    if (__atomic_load_n(&cpu->lx->pending, __ATOMIC_ACQUIRE) & bit) {
        *info = cpu->lx->pending_info[sig];
        __atomic_fetch_and(&cpu->lx->pending, ~bit, __ATOMIC_ACQ_REL);
        return true;
    }
    struct linux_proc *lx = cpu->proc->lx;
    if (__atomic_fetch_and(&lx->pending, ~bit, __ATOMIC_ACQ_REL) & bit) {
        *info = lx->pending_info[sig];
        return true;
    }
    return false;
}

/* Drop pending instances of sig (its action became "ignore"). */
static void discard_pending(struct vcpu *cpu, int sig)
{
    __atomic_fetch_and(&cpu->lx->pending, ~TARGET_SIGBIT(sig), __ATOMIC_ACQ_REL);
    __atomic_fetch_and(&cpu->proc->lx->pending, ~TARGET_SIGBIT(sig), __ATOMIC_ACQ_REL);
}

void sig_set_mask(struct vcpu *cpu, uint64_t mask)
{
    cpu->lx->sigmask = mask & ~UNBLOCKABLE;
    if (sig_has_deliverable(cpu))
        cpu_kick(cpu, ATTN_SIGNAL);
}

void sig_mask_temp(struct vcpu *cpu, uint64_t mask)
{
    cpu->lx->saved_mask = cpu->lx->sigmask;
    cpu->lx->saved_mask_valid = true;
    sig_set_mask(cpu, mask);
}

void sig_mask_temp_end(struct vcpu *cpu, bool interrupted)
{
    struct linux_thread *t = cpu->lx;

    if (!t->saved_mask_valid)
        return;
    if (interrupted && sig_has_deliverable(cpu)) {
        cpu_kick(cpu, ATTN_SIGNAL); /* the frame records saved_mask */
        return;
    }
    t->saved_mask_valid = false;
    sig_set_mask(cpu, t->saved_mask);
}

/* ---- host handlers ---- */

static void sig_host_async(int sig, siginfo_t *si, void *uc)
{
    struct vcpu *cpu = current_cpu;
    struct target_siginfo info;

    if (!cpu) {
        /* Not a vCPU thread: hand the signal to the main thread, or die as the guest would
         * before it runs. */
        if (gettid() != getpid()) {
            syscall(SYS_tgkill, getpid(), getpid(), sig);
        } else {
            signal(sig, SIG_DFL);
            raise(sig);
        }
        return;
    }
    memcpy(&info, si, sizeof(info));
    info.si_signo = sig;
    sig_queue(cpu, &info, si->si_code == SI_TKILL);
}

static void sig_host_fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    struct vcpu *cpu = current_cpu;

    if (cpu && si->si_code <= 0) {
        sig_host_async(sig, si, ucv); /* sent by kill/tgkill, not a fault */
        return;
    }
    if (cpu) {
        struct mem_space *m = cpu->proc->mem;
        uintptr_t h = (uintptr_t)si->si_addr, base = (uintptr_t)m->base;
        if (h - base < GUEST_SPACE) {
            gaddr_t ga = (gaddr_t)(h - base);
            unsigned flags = mem_page_flags(m, ga);
            bool write = sig == SIGSEGV && (uc->uc_mcontext.gregs[REG_ERR] & 2);
            if (write && (flags & PAGE_CODE) && mem_handle_code_write(m, ga))
                return;
            if (cpu->in_guest) {
                cpu->fault.sig = sig;
                if (sig == SIGBUS)
                    cpu->fault.code = BUS_ADRERR;
                else
                    cpu->fault.code = (flags & PAGE_VALID) ? SEGV_ACCERR : SEGV_MAPERR;
                cpu->fault.addr = ga;
                siglongjmp(cpu->fault_jmp, 1);
            }
        }
    }
    signal(sig, SIG_DFL);
}

void *sig_alloc_host_altstack(void)
{
    stack_t ss;
    void *p = mmap(NULL, HOST_ALTSTACK_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED)
        die("cannot allocate a signal stack: %s", strerror(errno));
    ss.ss_sp = p;
    ss.ss_size = HOST_ALTSTACK_SIZE;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL))
        die("sigaltstack: %s", strerror(errno));
    return p;
}

void sig_sync_host_action(struct linux_proc *lx, int sig)
{
    struct sigaction sa;
    const struct target_sigaction *ga = &lx->sigact[sig];

    if (sig == SIGKILL || sig == SIGSTOP || sig == SIGSEGV || sig == SIGBUS)
        return;
    if (sig >= 32 && sig < SIGRTMIN)
        return; /* reserved by the host's libc: these stay emulated only */
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    if (ga->handler == TARGET_SIG_IGN) {
        sa.sa_handler = SIG_IGN;
    } else if (ga->handler == TARGET_SIG_DFL &&
               (sig_default_action(sig) == SIGDFL_IGNORE ||
                sig_default_action(sig) == SIGDFL_STOP)) {
        sa.sa_handler = SIG_DFL;
    } else {
        sa.sa_sigaction = sig_host_async;
        sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    }
    sigaction(sig, &sa, NULL);
}

void sig_init_host(struct proc *p)
{
    struct linux_proc *lx = p->lx;
    struct sigaction sa;
    sigset_t none;

    lx->main_altstack = sig_alloc_host_altstack();
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = sig_host_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    pthread_mutex_lock(&lx->lock);
    for (int sig = 1; sig <= TARGET_NSIG && sig <= SIGRTMAX; sig++)
        sig_sync_host_action(lx, sig);
    pthread_mutex_unlock(&lx->lock);
    /* The guest's mask is emulated (it started as linux_proc.initial_mask). */
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/* ---- frames ---- */

static bool on_altstack(const struct linux_thread *t, uint64_t sp)
{
    return t->altstack.ss_size && sp > t->altstack.ss_sp &&
           sp - t->altstack.ss_sp <= t->altstack.ss_size;
}

/* ss_flags as sigaltstack(2) reports them for stack pointer sp. */
static int32_t altstack_flags(const struct linux_thread *t, uint64_t sp)
{
    if (!t->altstack.ss_size)
        return TARGET_SS_DISABLE;
    return (on_altstack(t, sp) ? TARGET_SS_ONSTACK : 0) | t->altstack.ss_flags;
}

/* Push a frame for sig and enter its handler. False if the frame could not be written. */
static bool setup_frame(struct vcpu *cpu, int sig, const struct target_sigaction *sa,
                        const struct target_siginfo *info)
{
    struct linux_thread *t = cpu->lx;
    struct target_rt_sigframe f;
    uint64_t sp = cpu->x[2];
    gaddr_t addr;

    if ((sa->flags & TARGET_SA_ONSTACK) && t->altstack.ss_size && !on_altstack(t, sp))
        sp = t->altstack.ss_sp + t->altstack.ss_size;
    addr = (sp - sizeof(f)) & ~15ull;

    memset(&f, 0, sizeof(f));
    f.info = *info;
    f.info.si_signo = sig;
    f.uc.uc_stack.ss_sp = t->altstack.ss_sp;
    f.uc.uc_stack.ss_size = t->altstack.ss_size;
    f.uc.uc_stack.ss_flags = t->altstack.ss_flags;
    f.uc.uc_sigmask = t->saved_mask_valid ? t->saved_mask : t->sigmask;
    f.uc.uc_mcontext.regs[0] = cpu->pc;
    for (int i = 1; i < 32; i++)
        f.uc.uc_mcontext.regs[i] = cpu->x[i];
    memcpy(f.uc.uc_mcontext.fpregs, cpu->f, sizeof(f.uc.uc_mcontext.fpregs));
    f.uc.uc_mcontext.fcsr = (cpu->fflags & 0x1f) | ((cpu->frm & 7) << 5);
    if (mem_copy_to_guest(cpu->proc->mem, addr, &f, sizeof(f)))
        return false;

    if (t->altstack.ss_flags & TARGET_SS_AUTODISARM) {
        t->altstack.ss_sp = 0;
        t->altstack.ss_size = 0;
        t->altstack.ss_flags = 0;
    }
    t->saved_mask_valid = false;
    uint64_t mask = t->sigmask | sa->mask;
    if (!(sa->flags & TARGET_SA_NODEFER))
        mask |= TARGET_SIGBIT(sig);
    t->sigmask = mask & ~UNBLOCKABLE;

    cpu->res_valid = false;
    cpu->x[1] = cpu->proc->lx->sigtramp;
    cpu->x[2] = addr;
    cpu->x[10] = (uint64_t)sig;
    cpu->x[11] = addr + offsetof(struct target_rt_sigframe, info);
    cpu->x[12] = addr + offsetof(struct target_rt_sigframe, uc);
    cpu->pc = sa->handler;
    return true;
}

/* The action for sig, copied under the lock; SA_RESETHAND is applied as the kernel does. */
static struct target_sigaction take_action(struct linux_proc *lx, int sig)
{
    struct target_sigaction sa;

    pthread_mutex_lock(&lx->lock);
    sa = lx->sigact[sig];
    if (sa.handler > TARGET_SIG_IGN && (sa.flags & TARGET_SA_RESETHAND)) {
        lx->sigact[sig].handler = TARGET_SIG_DFL;
        sig_sync_host_action(lx, sig);
    }
    pthread_mutex_unlock(&lx->lock);
    return sa;
}

void sig_deliver_fault(struct vcpu *cpu)
{
    int sig = cpu->fault.sig;
    struct target_siginfo info;
    struct linux_proc *lx = cpu->proc->lx;

    memset(&info, 0, sizeof(info));
    info.si_signo = sig;
    info.si_code = cpu->fault.code;
    info.addr = cpu->fault.addr;
    pthread_mutex_lock(&lx->lock);
    bool handled = lx->sigact[sig].handler > TARGET_SIG_IGN;
    pthread_mutex_unlock(&lx->lock);
    /* A blocked or ignored synchronous fault kills, as Linux's force_sig_fault does. */
    if (!handled || (cpu->lx->sigmask & TARGET_SIGBIT(sig)))
        proc_exit_signal(cpu, sig);
    struct target_sigaction sa = take_action(lx, sig);
    if (!setup_frame(cpu, sig, &sa, &info))
        proc_exit_signal(cpu, SIGSEGV);
}

void sig_deliver_pending(struct vcpu *cpu)
{
    struct linux_proc *lx = cpu->proc->lx;
    int sig;

    while ((sig = sig_next_deliverable(cpu)) != 0) {
        struct target_siginfo info;
        if (!dequeue(cpu, sig, &info))
            continue;
        struct target_sigaction sa = take_action(lx, sig);
        if (sa.handler == TARGET_SIG_IGN)
            continue;
        if (sa.handler == TARGET_SIG_DFL) {
            switch (sig_default_action(sig)) {
            case SIGDFL_IGNORE:
                continue;
            case SIGDFL_STOP:
                kill(getpid(), SIGSTOP);
                continue;
            default:
                proc_exit_signal(cpu, sig);
            }
        }
        if (!setup_frame(cpu, sig, &sa, &info))
            proc_exit_signal(cpu, SIGSEGV);
    }
    if (cpu->lx->saved_mask_valid) {
        /* The wait that installed a temporary mask ended without a handler running. */
        cpu->lx->saved_mask_valid = false;
        cpu->lx->sigmask = cpu->lx->saved_mask;
    }
}

int64_t sig_return(struct vcpu *cpu)
{
    struct target_ucontext uc;
    struct linux_thread *t = cpu->lx;
    gaddr_t frame = cpu->x[2];

    if (mem_copy_from_guest(cpu->proc->mem, &uc, frame + offsetof(struct target_rt_sigframe, uc),
                            sizeof(uc)))
        proc_exit_signal(cpu, SIGSEGV);
    cpu->pc = uc.uc_mcontext.regs[0];
    for (int i = 1; i < 32; i++)
        cpu->x[i] = uc.uc_mcontext.regs[i];
    memcpy(cpu->f, uc.uc_mcontext.fpregs, sizeof(cpu->f));
    cpu->fflags = uc.uc_mcontext.fcsr & 0x1f;
    cpu->frm = (uc.uc_mcontext.fcsr >> 5) & 7;
    cpu->res_valid = false;
    /* restore_altstack: errors are ignored, as the kernel does. */
    if (!on_altstack(t, cpu->x[2])) {
        int32_t mode = uc.uc_stack.ss_flags & ~(int32_t)TARGET_SS_AUTODISARM;
        if (mode == TARGET_SS_DISABLE) {
            t->altstack.ss_sp = 0;
            t->altstack.ss_size = 0;
            t->altstack.ss_flags = uc.uc_stack.ss_flags;
        } else if ((mode == 0 || mode == TARGET_SS_ONSTACK) &&
                   uc.uc_stack.ss_size >= TARGET_MINSIGSTKSZ) {
            t->altstack.ss_sp = uc.uc_stack.ss_sp;
            t->altstack.ss_size = uc.uc_stack.ss_size;
            t->altstack.ss_flags = uc.uc_stack.ss_flags & (int32_t)TARGET_SS_AUTODISARM;
        }
    }
    sig_set_mask(cpu, uc.uc_sigmask);
    return -SYS_ENORETURN;
}

/* ---- syscalls ---- */

int64_t sys_rt_sigreturn(struct vcpu *cpu, const uint64_t *a)
{
    return sig_return(cpu);
}

int64_t sys_rt_sigaction(struct vcpu *cpu, const uint64_t *a)
{
    struct linux_proc *lx = lx_proc(cpu);
    int sig = (int)a[0];
    struct target_sigaction nsa, osa;

    if (a[3] != 8 || sig < 1 || sig > TARGET_NSIG)
        return -EINVAL;
    if (a[1] && mem_copy_from_guest(lx_mem(cpu), &nsa, a[1], sizeof(nsa)))
        return -EFAULT;
    if (a[1] && (sig == SIGKILL || sig == SIGSTOP))
        return -EINVAL;
    pthread_mutex_lock(&lx->lock);
    osa = lx->sigact[sig];
    if (a[1]) {
        nsa.mask &= ~UNBLOCKABLE;
        lx->sigact[sig] = nsa;
        sig_sync_host_action(lx, sig);
    }
    pthread_mutex_unlock(&lx->lock);
    if (a[1] && (nsa.handler == TARGET_SIG_IGN ||
                 (nsa.handler == TARGET_SIG_DFL && sig_default_action(sig) == SIGDFL_IGNORE)))
        discard_pending(cpu, sig);
    if (a[2] && mem_copy_to_guest(lx_mem(cpu), a[2], &osa, sizeof(osa)))
        return -EFAULT;
    return 0;
}

int64_t sys_rt_sigprocmask(struct vcpu *cpu, const uint64_t *a)
{
    uint64_t old = cpu->lx->sigmask, set;

    if (a[3] != 8)
        return -EINVAL;
    if (a[1]) {
        if (mem_copy_from_guest(lx_mem(cpu), &set, a[1], 8))
            return -EFAULT;
        switch ((int)a[0]) {
        case TARGET_SIG_BLOCK:
            sig_set_mask(cpu, old | set);
            break;
        case TARGET_SIG_UNBLOCK:
            sig_set_mask(cpu, old & ~set);
            break;
        case TARGET_SIG_SETMASK:
            sig_set_mask(cpu, set);
            break;
        default:
            return -EINVAL;
        }
    }
    if (a[2] && mem_copy_to_guest(lx_mem(cpu), a[2], &old, 8))
        return -EFAULT;
    return 0;
}

int64_t sys_rt_sigpending(struct vcpu *cpu, const uint64_t *a)
{
    uint64_t set = pending_set(cpu) & cpu->lx->sigmask;

    if (a[1] > 8)
        return -EINVAL;
    return mem_copy_to_guest(lx_mem(cpu), a[0], &set, a[1]);
}

/* Host set of the signals in guest set g that the host can deliver (not SEGV/BUS). */
static void host_set(sigset_t *s, uint64_t g)
{
    sigemptyset(s);
    for (int sig = 1; sig <= TARGET_NSIG && sig <= SIGRTMAX; sig++) {
        if ((g & TARGET_SIGBIT(sig)) && sig != SIGSEGV && sig != SIGBUS &&
            !(sig >= 32 && sig < SIGRTMIN))
            sigaddset(s, sig);
    }
}

int64_t sys_rt_sigsuspend(struct vcpu *cpu, const uint64_t *a)
{
    uint64_t mask;
    sigset_t all, old;

    if (a[1] != 8)
        return -EINVAL;
    if (mem_copy_from_guest(lx_mem(cpu), &mask, a[0], 8))
        return -EFAULT;
    /* Hold host signals while checking, so none slips in between check and wait. */
    host_set(&all, ~0ull);
    sigprocmask(SIG_BLOCK, &all, &old);
    sig_mask_temp(cpu, mask);
    exclusive_enter_syscall(cpu);
    while (!sig_has_deliverable(cpu))
        sigsuspend(&old);
    exclusive_leave_syscall(cpu);
    sigprocmask(SIG_SETMASK, &old, NULL);
    sig_mask_temp_end(cpu, true);
    return -EINTR;
}

int64_t sys_rt_sigtimedwait(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    uint64_t want;
    struct timespec ts;
    struct target_siginfo info;
    sigset_t hs, old;
    siginfo_t si;
    int sig;
    int64_t r;

    if (a[3] != 8)
        return -EINVAL;
    if (mem_copy_from_guest(m, &want, a[0], 8))
        return -EFAULT;
    if (a[2] && mem_copy_from_guest(m, &ts, a[2], sizeof(ts)))
        return -EFAULT;
    want &= ~UNBLOCKABLE;
    host_set(&hs, want);
    sigprocmask(SIG_BLOCK, &hs, &old);
    uint64_t p = pending_set(cpu) & want;
    if (p) {
        sig = __builtin_ctzll(p) + 1;
        r = dequeue(cpu, sig, &info) ? sig : -EAGAIN;
    } else {
        lx_block_begin(cpu);
        r = lx_err(sigtimedwait(&hs, &si, a[2] ? &ts : NULL));
        r = lx_block_end(cpu, r, false);
        if (r > 0)
            memcpy(&info, &si, sizeof(info));
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (r > 0 && a[1] && mem_copy_to_guest(m, a[1], &info, sizeof(info)))
        return -EFAULT;
    return r;
}

int64_t sys_sigaltstack(struct vcpu *cpu, const uint64_t *a)
{
    struct linux_thread *t = cpu->lx;
    uint64_t sp = cpu->x[2];
    struct target_stack old = t->altstack, ns;

    old.ss_flags = altstack_flags(t, sp);
    old.pad = 0;
    if (a[0]) {
        if (mem_copy_from_guest(lx_mem(cpu), &ns, a[0], sizeof(ns)))
            return -EFAULT;
        if (on_altstack(t, sp))
            return -EPERM;
        int32_t mode = ns.ss_flags & ~(int32_t)TARGET_SS_AUTODISARM;
        if (mode != TARGET_SS_DISABLE && mode != TARGET_SS_ONSTACK && mode != 0)
            return -EINVAL;
        if (mode == TARGET_SS_DISABLE) {
            ns.ss_sp = 0;
            ns.ss_size = 0;
        } else if (ns.ss_size < TARGET_MINSIGSTKSZ) {
            return -ENOMEM;
        }
        t->altstack.ss_sp = ns.ss_sp;
        t->altstack.ss_size = ns.ss_size;
        t->altstack.ss_flags = ns.ss_flags & (int32_t)TARGET_SS_AUTODISARM;
    }
    if (a[1] && mem_copy_to_guest(lx_mem(cpu), a[1], &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

static void user_info(struct target_siginfo *info, int sig, int code)
{
    memset(info, 0, sizeof(*info));
    info->si_signo = sig;
    info->si_code = code;
    info->kill.pid = getpid();
    info->kill.uid = getuid();
}

int64_t sys_kill(struct vcpu *cpu, const uint64_t *a)
{
    pid_t pid = (pid_t)a[0];
    int sig = (int)a[1];
    struct target_siginfo info;

    if (sig < 0 || sig > TARGET_NSIG)
        return -EINVAL;
    /* Other processes, probes, and the signals nobody can catch go to the host as they are. */
    if (pid != lx_proc(cpu)->pid || sig == 0 || sig == SIGKILL || sig == SIGSTOP)
        return lx_err(kill(pid, sig));
    user_info(&info, sig, SI_USER);
    sig_queue(cpu, &info, false);
    return 0;
}

static int64_t thread_kill(struct vcpu *cpu, pid_t tgid, pid_t tid, int sig)
{
    struct target_siginfo info;

    if (sig < 0 || sig > TARGET_NSIG || tid <= 0)
        return -EINVAL;
    if (tid != cpu->tid || (tgid > 0 && tgid != lx_proc(cpu)->pid) || sig == 0 ||
        sig == SIGKILL || sig == SIGSTOP) {
        if (tgid > 0)
            return lx_err(syscall(SYS_tgkill, tgid, tid, sig));
        return lx_err(syscall(SYS_tkill, tid, sig));
    }
    user_info(&info, sig, SI_TKILL);
    sig_queue(cpu, &info, true);
    return 0;
}

int64_t sys_tkill(struct vcpu *cpu, const uint64_t *a)
{
    return thread_kill(cpu, -1, (pid_t)a[0], (int)a[1]);
}

int64_t sys_tgkill(struct vcpu *cpu, const uint64_t *a)
{
    if ((pid_t)a[0] <= 0)
        return -EINVAL;
    return thread_kill(cpu, (pid_t)a[0], (pid_t)a[1], (int)a[2]);
}
