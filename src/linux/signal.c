/*
 * signal.c — guest signals: host handlers, pending sets, riscv64 signal frames, delivery.
 *
 * Host side. SIGSEGV/SIGBUS always go to sig_host_fault (SA_SIGINFO | SA_ONSTACK | SA_NODEFER,
 * on a per-thread alternate stack). The protocol with exec/ (src/exec/cpu_loop.c):
 *   1. a write fault on a guest page that holds translated code (PAGE_CODE) is given to
 *      mem_handle_code_write(); if it returns true the handler returns and the store is retried;
 *   2. otherwise, if the faulting host address lies in the guest reservation and the thread is
 *      inside a guarded access of plume's own (a syscall copy: its linux_thread.recover is
 *      armed, see mem_guarded), the handler siglongjmp()s there and the access returns -EFAULT;
 *   3. otherwise, if the faulting host address lies in the guest reservation and the thread is
 *      running guest code (current_cpu->in_guest), the handler fills current_cpu->fault
 *      {SIGSEGV, SEGV_MAPERR / SEGV_ACCERR from the page flags, guest address} (SIGBUS:
 *      BUS_ADRERR) and siglongjmp()s to current_cpu->fault_jmp; the cpu loop sets the pc from
 *      the faulting op and calls sig_deliver_fault(). SA_NODEFER keeps SIGSEGV unblocked after
 *      the jump, whatever the sigsetjmp mask argument;
 *   4. anything else is a plume bug: the default action is restored and the handler returns,
 *      so the fault repeats and the process dies visibly (with a core if enabled).
 * A SIGSEGV/SIGBUS *sent* by kill/tgkill (si_code <= 0) is an asynchronous guest signal.
 * Other signals: the host disposition mirrors the guest's (sig_sync_host_action): guest
 * SIG_IGN → host SIG_IGN (so, e.g., writes to a closed pipe give EPIPE), guest SIG_DFL whose
 * default is to ignore or stop → host SIG_DFL (the host kernel does it), everything else
 * (guest handlers, default terminate/core) → sig_host_async, which records the signal as
 * pending and kicks the vCPU; it is delivered at the next block boundary
 * (sig_deliver_pending). The handler is installed without SA_RESTART: an interrupted host
 * syscall returns EINTR and lx_blocking decides, per the guest's SA_RESTART, whether the guest
 * sees -EINTR or the ecall is re-executed after the guest handler. Blocking host syscalls go
 * through safe_syscall6, and the handler rewinds one that was about to enter the kernel
 * (safe_syscall.c), so a signal arriving just before the call is never slept through.
 *
 * Guest side. Actions live in linux_proc.sigact (under lx->lock), the mask, the thread-directed
 * pending set and sigaltstack in linux_thread, process-directed pending signals in
 * linux_proc.pending. A standard signal keeps one pending instance per number; real-time
 * signals queue every instance (with its siginfo) in a per-process pool, in order, as Linux
 * does; a timer whose signal is still queued counts overruns instead. Frames follow
 * arch/riscv/kernel/signal.c:
 * struct rt_sigframe {siginfo; ucontext} 16-byte aligned below sp (or on the sigaltstack), ra
 * pointing at a trampoline page (li a7,139; ecall) mapped by linux_init, a0/a1/a2 = signal,
 * &info, &uc.
 *
 * Routing. A process-directed signal is queued on the process and kicks the vCPU that received
 * (host handler) or sent it. That vCPU, at its next signal check (never inside a host handler:
 * it needs proc->cpu_lock), wakes one other vCPU that does not block the signal (or waits for
 * it in sigtimedwait) when it blocks it itself (sig_route). Signals between threads of the
 * process never go through the host kernel: they are queued on the target vCPU directly. A
 * woken vCPU is kicked and, in case it sleeps in a host syscall, sent a SIGSEGV with si_code
 * SI_QUEUE and a tag in si_value: the host handler only kicks (such a SIGSEGV is never a
 * fault). Guest POSIX timers are host timers that deliver SIGSEGV with si_code SI_TIMER and a
 * tagged slot number the same way; the handler queues the guest's signal. Waits for signals
 * (sigsuspend, sigtimedwait) check with host signals blocked and sleep in ppoll with the
 * previous mask, so no wake-up is lost between check and sleep.
 *
 * Threading: frames and sigaltstack are touched only by the owning vCPU; the mask is written
 * by its owner (atomically) and read by routing threads; pending sets and the real-time pool
 * are changed under lx->sigq_lock, a spin lock always taken with every host signal blocked (so
 * host handlers take it too), and their `set` words are read without it. Host signals arriving
 * on a thread that cannot take them (no vCPU: a plugin's thread, or plume's main thread before
 * the guest starts; or a vCPU past exit(2)) are queued for the process and linux_proc.signal_tid
 * is woken to deliver or route them. Blocking syscalls other than the waits
 * above are interrupted by the host signal (EINTR), or do not start (safe_syscall6).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "../exec/exec.h"
#include "../gdb/gdb.h"
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

/* si_value tags of the SIGSEGVs plume sends itself: a wake-up (SI_QUEUE), and the expiry of
 * guest timer slot n (SI_TIMER, TIMER_TAG | n). */
#define WAKE_TAG 0x706c756d652d776bull
#define TIMER_TAG 0x706c756d74000000ull
#define TIMER_TAG_MASK 0xffffffffffff0000ull

void sigq_lock(struct linux_proc *lx, sigset_t *old)
{
    sigset_t all;

    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, old);
    while (__atomic_exchange_n(&lx->sigq_lock, 1, __ATOMIC_ACQUIRE))
        __builtin_ia32_pause();
}

void sigq_unlock(struct linux_proc *lx, const sigset_t *old)
{
    __atomic_store_n(&lx->sigq_lock, 0, __ATOMIC_RELEASE);
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

void sig_pending_init(struct sig_pending *sp)
{
    memset(sp, 0, sizeof(*sp));
    for (int i = 0; i < TARGET_NSIG - 31; i++) {
        sp->rt_head[i] = -1;
        sp->rt_tail[i] = -1;
    }
}

/* Make each signalfd's eventfd readable exactly when one of its signals is pending in some set
 * (lock held): the counter is 1 while armed, 0 otherwise. Async-signal-safe. */
static void sigfd_sync_locked(struct linux_proc *lx)
{
    if (!__atomic_load_n(&lx->n_sigfds, __ATOMIC_ACQUIRE))
        return;
    for (int i = 0; i < LX_MAX_SIGFDS; i++) {
        struct lx_sigfd *f = &lx->sigfds[i];
        int fd = __atomic_load_n(&f->fds[0], __ATOMIC_ACQUIRE);
        bool want = lx->pend_union & __atomic_load_n(&f->mask, __ATOMIC_ACQUIRE);
        uint64_t v = 1;
        struct pollfd pfd = {fd, POLLIN, 0};

        if (fd < 0 || want == f->armed)
            continue;
        if (want && write(fd, &v, sizeof(v)) == sizeof(v))
            f->armed = true;
        else if (!want && poll(&pfd, 1, 0) == 1 && read(fd, &v, sizeof(v)) == sizeof(v))
            f->armed = false;
    }
}

void sig_fd_sync(struct linux_proc *lx)
{
    sigset_t old;

    sigq_lock(lx, &old);
    sigfd_sync_locked(lx);
    sigq_unlock(lx, &old);
}

/* Signal sig gained (add) or lost its instance in one pending set (lock held): keep
 * pend_count/pend_union and the signalfds in step. */
static void pending_count_locked(struct linux_proc *lx, int sig, bool add)
{
    uint64_t bit = TARGET_SIGBIT(sig);

    if (add && lx->pend_count[sig]++ == 0)
        lx->pend_union |= bit;
    else if (!add && --lx->pend_count[sig] == 0)
        lx->pend_union &= ~bit;
    sigfd_sync_locked(lx);
}

/* The queued instance of timer expiry info already in sp, if any (lock held). */
static struct target_siginfo *pending_timer_locked(struct linux_proc *lx, struct sig_pending *sp,
                                                   const struct target_siginfo *info)
{
    int sig = info->si_signo;

    if (!(sp->set & TARGET_SIGBIT(sig)))
        return NULL;
    if (sig < 32) {
        struct target_siginfo *q = &sp->info[sig];
        return q->si_code == SI_TIMER && q->timer.tid == info->timer.tid ? q : NULL;
    }
    for (int32_t i = sp->rt_head[sig - 32]; i >= 0; i = lx->sigq_pool[i].next) {
        struct target_siginfo *q = &lx->sigq_pool[i].info;
        if (q->si_code == SI_TIMER && q->timer.tid == info->timer.tid)
            return q;
    }
    return NULL;
}

/* Add info to sp (lock held): 0, or -EAGAIN when the real-time pool is exhausted. */
static int pending_add_locked(struct linux_proc *lx, struct sig_pending *sp,
                              const struct target_siginfo *info)
{
    int sig = info->si_signo;
    uint64_t bit = TARGET_SIGBIT(sig);

    if (info->si_code == SI_TIMER) {
        struct target_siginfo *q = pending_timer_locked(lx, sp, info);
        if (q) {
            q->timer.overrun += 1 + info->timer.overrun;
            return 0;
        }
    }
    if (sig < 32) {
        if (!(sp->set & bit)) {
            sp->info[sig] = *info;
            __atomic_fetch_or(&sp->set, bit, __ATOMIC_RELEASE);
            pending_count_locked(lx, sig, true);
        }
        return 0;
    }
    int32_t e = lx->sigq_free;
    if (e < 0)
        return -EAGAIN;
    lx->sigq_free = lx->sigq_pool[e].next;
    lx->sigq_pool[e].info = *info;
    lx->sigq_pool[e].next = -1;
    if (sp->rt_tail[sig - 32] >= 0)
        lx->sigq_pool[sp->rt_tail[sig - 32]].next = e;
    else
        sp->rt_head[sig - 32] = e;
    sp->rt_tail[sig - 32] = e;
    if (!(sp->set & bit)) {
        __atomic_fetch_or(&sp->set, bit, __ATOMIC_RELEASE);
        pending_count_locked(lx, sig, true);
    }
    return 0;
}

/* Take the oldest instance of sig off sp (lock held); false if there is none. */
static bool pending_take_locked(struct linux_proc *lx, struct sig_pending *sp, int sig,
                                struct target_siginfo *info)
{
    uint64_t bit = TARGET_SIGBIT(sig);

    if (!(sp->set & bit))
        return false;
    if (sig < 32) {
        *info = sp->info[sig];
        __atomic_fetch_and(&sp->set, ~bit, __ATOMIC_RELEASE);
        pending_count_locked(lx, sig, false);
        return true;
    }
    int32_t e = sp->rt_head[sig - 32];
    *info = lx->sigq_pool[e].info;
    sp->rt_head[sig - 32] = lx->sigq_pool[e].next;
    if (sp->rt_head[sig - 32] < 0) {
        sp->rt_tail[sig - 32] = -1;
        __atomic_fetch_and(&sp->set, ~bit, __ATOMIC_RELEASE);
        pending_count_locked(lx, sig, false);
    }
    lx->sigq_pool[e].next = lx->sigq_free;
    lx->sigq_free = e;
    return true;
}

int sig_queue(struct vcpu *cpu, const struct target_siginfo *info, bool thread)
{
    struct linux_proc *lx = cpu->proc->lx;
    sigset_t old;
    int r;

    sigq_lock(lx, &old);
    r = pending_add_locked(lx, thread ? &cpu->lx->pending : &lx->pending, info);
    sigq_unlock(lx, &old);
    cpu_kick(cpu, ATTN_SIGNAL);
    return r;
}

uint64_t sig_pending_set(struct vcpu *cpu)
{
    return __atomic_load_n(&cpu->lx->pending.set, __ATOMIC_ACQUIRE) |
           __atomic_load_n(&cpu->proc->lx->pending.set, __ATOMIC_ACQUIRE);
}

int sig_next_deliverable(struct vcpu *cpu)
{
    uint64_t p = sig_pending_set(cpu) & ~cpu->lx->sigmask;

    return p ? __builtin_ctzll(p) + 1 : 0;
}

bool sig_has_deliverable(struct vcpu *cpu)
{
    return sig_next_deliverable(cpu) != 0;
}

/* Take signal sig off cpu's pending sets (thread-directed first); false if it was not there. */
static bool dequeue(struct vcpu *cpu, int sig, struct target_siginfo *info)
{
    struct linux_proc *lx = cpu->proc->lx;
    sigset_t old;
    bool ok;

    sigq_lock(lx, &old);
    ok = pending_take_locked(lx, &cpu->lx->pending, sig, info) ||
         pending_take_locked(lx, &lx->pending, sig, info);
    sigq_unlock(lx, &old);
    return ok;
}

int sig_take_masked(struct vcpu *cpu, uint64_t mask, struct target_siginfo *info)
{
    struct linux_proc *lx = cpu->proc->lx;
    struct sig_pending *sets[2] = {&cpu->lx->pending, &lx->pending};
    sigset_t old;
    int sig = 0;

    sigq_lock(lx, &old);
    for (int i = 0; i < 2 && !sig; i++) {
        uint64_t p = sets[i]->set & mask;
        if (p && pending_take_locked(lx, sets[i], __builtin_ctzll(p) + 1, info))
            sig = info->si_signo;
    }
    sigq_unlock(lx, &old);
    return sig;
}

/* Drop every pending instance of sig, in every thread (its action became "ignore"). */
static void discard_pending(struct vcpu *cpu, int sig)
{
    struct proc *p = cpu->proc;
    struct linux_proc *lx = p->lx;
    struct target_siginfo info;
    sigset_t old;

    pthread_mutex_lock(&p->cpu_lock);
    sigq_lock(lx, &old);
    for (struct vcpu *v = p->cpus; v; v = v->next) {
        struct linux_thread *t = __atomic_load_n(&v->lx, __ATOMIC_ACQUIRE);
        while (t && pending_take_locked(lx, &t->pending, sig, &info))
            continue;
    }
    while (pending_take_locked(lx, &lx->pending, sig, &info))
        continue;
    sigq_unlock(lx, &old);
    pthread_mutex_unlock(&p->cpu_lock);
}

/* Send the host thread tid of this process the tagged SIGSEGV whose handler only kicks its vCPU
 * (and interrupts the host syscall it may sleep in). Async-signal-safe. */
static void send_wake(int tid)
{
    siginfo_t si;

    memset(&si, 0, sizeof(si));
    si.si_signo = SIGSEGV;
    si.si_code = SI_QUEUE;
    si.si_pid = getpid();
    si.si_uid = getuid();
    si.si_value.sival_ptr = (void *)(uintptr_t)WAKE_TAG;
    syscall(SYS_rt_tgsigqueueinfo, getpid(), tid, SIGSEGV, &si);
}

/* Make v look at its signals: kick it, and wake it from the host syscall it may sleep in. */
static void wake_vcpu(struct vcpu *self, struct vcpu *v)
{
    int tid = __atomic_load_n(&v->tid, __ATOMIC_ACQUIRE);

    cpu_kick(v, ATTN_SIGNAL);
    if (v != self && tid > 0)
        send_wake(tid);
}

/* Signals thread t accepts now: unblocked ones and those it waits for in sigtimedwait; none once
 * it is exiting. */
static uint64_t accepted(struct linux_thread *t)
{
    if (__atomic_load_n(&t->exiting, __ATOMIC_ACQUIRE))
        return 0;
    return ~__atomic_load_n(&t->sigmask, __ATOMIC_RELAXED) |
           __atomic_load_n(&t->waiting, __ATOMIC_RELAXED);
}

void sig_route(struct vcpu *cpu)
{
    struct proc *p = cpu->proc;
    uint64_t want = __atomic_load_n(&p->lx->pending.set, __ATOMIC_ACQUIRE) & ~accepted(cpu->lx);

    if (!want)
        return;
    pthread_mutex_lock(&p->cpu_lock);
    for (struct vcpu *v = p->cpus; v && want; v = v->next) {
        struct linux_thread *t = __atomic_load_n(&v->lx, __ATOMIC_ACQUIRE);
        if (v == cpu || !t || __atomic_load_n(&t->exiting, __ATOMIC_ACQUIRE))
            continue;
        uint64_t take = want & accepted(t);
        if (take) {
            wake_vcpu(cpu, v);
            want &= ~take;
        }
    }
    pthread_mutex_unlock(&p->cpu_lock);
}

int64_t sig_send_process(struct vcpu *cpu, const struct target_siginfo *info)
{
    int r = sig_queue(cpu, info, false);

    sig_route(cpu);
    return r;
}

int64_t sig_send_thread(struct vcpu *cpu, int tid, const struct target_siginfo *info)
{
    struct proc *p = cpu->proc;
    int64_t r = -ESRCH;

    if (tid == cpu->tid)
        return sig_queue(cpu, info, true);
    pthread_mutex_lock(&p->cpu_lock);
    for (struct vcpu *v = p->cpus; v; v = v->next) {
        struct linux_thread *t = __atomic_load_n(&v->lx, __ATOMIC_ACQUIRE);
        if (v != cpu && __atomic_load_n(&v->tid, __ATOMIC_ACQUIRE) == tid && t &&
            !__atomic_load_n(&t->exiting, __ATOMIC_ACQUIRE)) {
            r = sig_queue(v, info, true);
            wake_vcpu(cpu, v);
            break;
        }
    }
    pthread_mutex_unlock(&p->cpu_lock);
    return r;
}

void sig_wait_event(struct vcpu *cpu, bool (*done)(struct vcpu *, uint64_t), uint64_t arg,
                    const struct timespec *timeout)
{
    sigset_t all, old;

    sigfillset(&all);
    exclusive_enter_syscall(cpu);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    if (!done(cpu, arg))
        ppoll(NULL, 0, timeout, &old);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    exclusive_leave_syscall(cpu);
    sig_route(cpu);
}

void sig_thread_exit(struct vcpu *cpu)
{
    struct proc *p = cpu->proc;
    struct linux_proc *lx = p->lx;
    sigset_t most;

    sigfillset(&most);
    sigdelset(&most, SIGSEGV);
    sigdelset(&most, SIGBUS);
    pthread_sigmask(SIG_BLOCK, &most, NULL);
    __atomic_store_n(&cpu->lx->exiting, 1, __ATOMIC_SEQ_CST);
    pthread_mutex_lock(&p->cpu_lock);
    if (__atomic_load_n(&lx->signal_tid, __ATOMIC_ACQUIRE) == cpu->tid) {
        int tid = 0;
        for (struct vcpu *v = p->cpus; v && !tid; v = v->next) {
            struct linux_thread *t = __atomic_load_n(&v->lx, __ATOMIC_ACQUIRE);
            if (v != cpu && t && !__atomic_load_n(&t->exiting, __ATOMIC_ACQUIRE))
                tid = __atomic_load_n(&v->tid, __ATOMIC_ACQUIRE);
        }
        __atomic_store_n(&lx->signal_tid, tid, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&p->cpu_lock);
    sig_route(cpu);
    /* Its thread-directed signals die with it (their pool entries go back, signalfds that
     * waited for them see that). */
    sigset_t old;
    struct target_siginfo info;
    sigq_lock(lx, &old);
    for (uint64_t set; (set = cpu->lx->pending.set) != 0;)
        pending_take_locked(lx, &cpu->lx->pending, __builtin_ctzll(set) + 1, &info);
    sigq_unlock(lx, &old);
}

/* Store the owner's mask where routing threads read it. */
static void store_mask(struct linux_thread *t, uint64_t mask)
{
    __atomic_store_n(&t->sigmask, mask & ~UNBLOCKABLE, __ATOMIC_RELAXED);
}

void sig_set_mask(struct vcpu *cpu, uint64_t mask)
{
    store_mask(cpu->lx, mask);
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

/* The process's Linux state for host signal handlers on threads without a vCPU: set once by
 * sig_init_host, before it installs them (a process has one linux_proc). */
static struct linux_proc *host_lx;

/* Queue info for the process from a host handler on a thread that cannot take the signal (one
 * without a vCPU, or an exiting vCPU) and wake the vCPU that takes such signals
 * (linux_proc.signal_tid), which delivers or routes it. Async-signal-safe. */
static void queue_for_process(struct linux_proc *lx, const struct target_siginfo *info)
{
    int tid = __atomic_load_n(&lx->signal_tid, __ATOMIC_ACQUIRE);
    sigset_t old;

    sigq_lock(lx, &old);
    pending_add_locked(lx, &lx->pending, info);
    sigq_unlock(lx, &old);
    if (tid > 0 && tid != gettid())
        send_wake(tid);
}

/* Queue the guest signal of a host signal: for thread-directed ones to cpu's thread, for
 * process-directed ones to the process through cpu, or, with cpu NULL (the host thread cannot
 * take it), through queue_for_process. */
static void host_queue(struct linux_proc *lx, struct vcpu *cpu, const struct target_siginfo *info,
                       bool thread)
{
    if (cpu)
        sig_queue(cpu, info, thread);
    else if (!thread)
        queue_for_process(lx, info);
}

/* A SIGSEGV plume sent itself (wake-up or guest timer expiry): handle it for cpu (NULL: the
 * thread cannot take signals); false if si is not one. */
static bool host_tagged(struct linux_proc *lx, struct vcpu *cpu, const siginfo_t *si)
{
    uint64_t v = (uint64_t)(uintptr_t)si->si_value.sival_ptr;

    if (si->si_code == SI_QUEUE && v == WAKE_TAG && si->si_pid == lx->pid) {
        if (cpu)
            cpu_kick(cpu, ATTN_SIGNAL);
        return true;
    }
    if (si->si_code == SI_TIMER && (v & TIMER_TAG_MASK) == TIMER_TAG) {
        unsigned slot = (unsigned)(v & ~TIMER_TAG_MASK);
        struct lx_timer *t = slot < LX_MAX_TIMERS ? &lx->timers[slot] : NULL;
        if (t && __atomic_load_n(&t->used, __ATOMIC_ACQUIRE) == TIMER_LIVE) {
            struct target_siginfo info;
            memset(&info, 0, sizeof(info));
            info.si_signo = t->signo;
            info.si_code = SI_TIMER;
            info.timer.tid = (int32_t)slot;
            info.timer.overrun = si->si_overrun;
            info.timer.value = t->value;
            host_queue(lx, cpu, &info, t->notify == TARGET_SIGEV_THREAD_ID);
        }
        return true;
    }
    return false;
}

static void sig_host_async(int sig, siginfo_t *si, void *uc)
{
    struct vcpu *cpu = current_cpu;
    struct linux_proc *lx = host_lx;
    struct target_siginfo info;
    int saved_errno = errno;

    /* A vCPU past exit(2) takes no signals (its host mask blocks all but SIGSEGV/SIGBUS). */
    if (cpu && (!cpu->lx || __atomic_load_n(&cpu->lx->exiting, __ATOMIC_ACQUIRE)))
        cpu = NULL;
    if (sig != SIGSEGV || !host_tagged(lx, cpu, si)) {
        memcpy(&info, si, sizeof(info));
        info.si_signo = sig;
        host_queue(lx, cpu, &info, si->si_code == SI_TKILL);
    }
    if (cpu)
        safe_syscall_rewind(uc);
    errno = saved_errno;
}

static void sig_host_fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    struct vcpu *cpu = current_cpu;

    if (si->si_code <= 0) {
        sig_host_async(sig, si, ucv); /* sent by kill/tgkill/sigqueue or a timer, not a fault */
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
            if (cpu->lx && cpu->lx->recover.armed)
                siglongjmp(cpu->lx->recover.jmp, 1);
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
    } else if (ga->handler == TARGET_SIG_DFL && sig_default_action(sig) == SIGDFL_IGNORE &&
               (__atomic_load_n(&lx->sigfd_watch, __ATOMIC_ACQUIRE) & TARGET_SIGBIT(sig))) {
        /* A signalfd reads it: the host must report it (Linux queues an ignored-by-default
         * signal while it is blocked). SA_RESTART: its arrival must not interrupt host calls the
         * guest would not see interrupted. */
        sa.sa_sigaction = sig_host_async;
        sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
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

/* The recovery point of the calling vCPU thread for mem_guarded (NULL on other threads). */
static struct mem_recover *thread_recover(void)
{
    struct vcpu *cpu = current_cpu;

    return cpu && cpu->lx ? &cpu->lx->recover : NULL;
}

void sig_init_host(struct proc *p)
{
    struct linux_proc *lx = p->lx;
    struct sigaction sa;
    sigset_t none;

    lx->main_altstack = sig_alloc_host_altstack();
    p->mem->thread_recover = thread_recover;
    host_lx = lx;
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
    store_mask(t, mask);

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

    if (cpu->proc->gdb && (sig = gdb_signal(cpu, sig)) == 0)
        return; /* gdb suppressed it: the instruction runs again */
    memset(&info, 0, sizeof(info));
    info.si_signo = sig;
    info.si_code = sig == cpu->fault.sig ? cpu->fault.code : SI_KERNEL;
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

    sig_route(cpu);
    while ((sig = sig_next_deliverable(cpu)) != 0) {
        struct target_siginfo info;
        if (!dequeue(cpu, sig, &info))
            continue;
        if (cpu->proc->gdb && (sig = gdb_signal(cpu, sig)) != info.si_signo) {
            if (!sig)
                continue; /* suppressed by gdb */
            info.si_signo = sig;
        }
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
        store_mask(cpu->lx, cpu->lx->saved_mask);
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
    uint64_t set = sig_pending_set(cpu) & cpu->lx->sigmask;

    if (a[1] > 8)
        return -EINVAL;
    return mem_copy_to_guest(lx_mem(cpu), a[0], &set, a[1]);
}

static bool has_deliverable(struct vcpu *cpu, uint64_t unused)
{
    return sig_has_deliverable(cpu);
}

int64_t sys_rt_sigsuspend(struct vcpu *cpu, const uint64_t *a)
{
    uint64_t mask;

    if (a[1] != 8)
        return -EINVAL;
    if (mem_copy_from_guest(lx_mem(cpu), &mask, a[0], 8))
        return -EFAULT;
    sig_mask_temp(cpu, mask);
    sig_route(cpu);
    while (!sig_has_deliverable(cpu))
        sig_wait_event(cpu, has_deliverable, 0, NULL);
    sig_mask_temp_end(cpu, true);
    return -EINTR;
}

/* sigtimedwait may return: a waited-for signal is pending, or a handler must run. */
static bool timedwait_done(struct vcpu *cpu, uint64_t want)
{
    return (sig_pending_set(cpu) & want) || sig_has_deliverable(cpu);
}

static int64_t ts_to_ns(const struct timespec *ts)
{
    return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

int64_t sys_rt_sigtimedwait(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    struct linux_thread *t = cpu->lx;
    uint64_t want;
    struct timespec ts, now;
    struct target_siginfo info;
    int64_t deadline = 0, r;

    if (a[3] != 8)
        return -EINVAL;
    if (mem_copy_from_guest(m, &want, a[0], 8))
        return -EFAULT;
    if (a[2]) {
        if (mem_copy_from_guest(m, &ts, a[2], sizeof(ts)))
            return -EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
            return -EINVAL;
        clock_gettime(CLOCK_MONOTONIC, &now);
        deadline = ts_to_ns(&now) + ts_to_ns(&ts);
    }
    want &= ~UNBLOCKABLE;
    __atomic_store_n(&t->waiting, want, __ATOMIC_RELAXED);
    for (;;) {
        uint64_t p = sig_pending_set(cpu) & want;
        if (p) {
            if (dequeue(cpu, __builtin_ctzll(p) + 1, &info)) {
                r = info.si_signo;
                break;
            }
            continue;
        }
        if (sig_has_deliverable(cpu)) {
            r = -EINTR;
            break;
        }
        if (a[2]) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            int64_t left = deadline - ts_to_ns(&now);
            if (left <= 0) {
                r = -EAGAIN;
                break;
            }
            ts.tv_sec = left / 1000000000;
            ts.tv_nsec = left % 1000000000;
        }
        sig_wait_event(cpu, timedwait_done, want, a[2] ? &ts : NULL);
    }
    __atomic_store_n(&t->waiting, 0, __ATOMIC_RELAXED);
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
    return sig_send_process(cpu, &info);
}

/* tgkill (tgid > 0), tkill (tgid -1) and rt_tgsigqueueinfo (info given) of this process go
 * straight to the target vCPU; anything else to the host. */
static int64_t thread_kill(struct vcpu *cpu, pid_t tgid, pid_t tid, int sig,
                           const struct target_siginfo *qinfo)
{
    struct target_siginfo info;
    bool ours = tgid < 0 || tgid == lx_proc(cpu)->pid;
    int64_t r;

    if (sig < 0 || sig > TARGET_NSIG || tid <= 0)
        return -EINVAL;
    if (ours && sig != 0 && sig != SIGKILL && sig != SIGSTOP) {
        if (qinfo)
            info = *qinfo;
        else
            user_info(&info, sig, SI_TKILL);
        info.si_signo = sig;
        r = sig_send_thread(cpu, tid, &info);
        if (r != -ESRCH || tgid > 0)
            return r;
    }
    if (qinfo) {
        siginfo_t si;
        memcpy(&si, qinfo, sizeof(si));
        si.si_signo = sig;
        return lx_err(syscall(SYS_rt_tgsigqueueinfo, tgid, tid, sig, &si));
    }
    if (tgid > 0)
        return lx_err(syscall(SYS_tgkill, tgid, tid, sig));
    return lx_err(syscall(SYS_tkill, tid, sig));
}

int64_t sys_tkill(struct vcpu *cpu, const uint64_t *a)
{
    return thread_kill(cpu, -1, (pid_t)a[0], (int)a[1], NULL);
}

int64_t sys_tgkill(struct vcpu *cpu, const uint64_t *a)
{
    if ((pid_t)a[0] <= 0)
        return -EINVAL;
    return thread_kill(cpu, (pid_t)a[0], (pid_t)a[1], (int)a[2], NULL);
}

/* The siginfo of rt_sigqueueinfo/rt_tgsigqueueinfo, checked as Linux does: a process may not
 * forge kernel or tkill codes for another process. */
static int64_t queue_info(struct vcpu *cpu, gaddr_t g, pid_t pid, struct target_siginfo *info)
{
    if (mem_copy_from_guest(lx_mem(cpu), info, g, sizeof(*info)))
        return -EFAULT;
    if ((info->si_code >= 0 || info->si_code == SI_TKILL) && pid != lx_proc(cpu)->pid)
        return -EPERM;
    return 0;
}

int64_t sys_rt_sigqueueinfo(struct vcpu *cpu, const uint64_t *a)
{
    pid_t pid = (pid_t)a[0];
    int sig = (int)a[1];
    struct target_siginfo info;
    int64_t r;

    if (sig < 0 || sig > TARGET_NSIG)
        return -EINVAL;
    r = queue_info(cpu, a[2], pid, &info);
    if (r < 0)
        return r;
    info.si_signo = sig;
    if (pid != lx_proc(cpu)->pid || sig == 0 || sig == SIGKILL || sig == SIGSTOP) {
        siginfo_t si;
        memcpy(&si, &info, sizeof(si));
        return lx_err(syscall(SYS_rt_sigqueueinfo, pid, sig, &si));
    }
    return sig_send_process(cpu, &info);
}

int64_t sys_rt_tgsigqueueinfo(struct vcpu *cpu, const uint64_t *a)
{
    struct target_siginfo info;
    int64_t r;

    if ((pid_t)a[0] <= 0)
        return -EINVAL;
    r = queue_info(cpu, a[3], (pid_t)a[0], &info);
    if (r < 0)
        return r;
    return thread_kill(cpu, (pid_t)a[0], (pid_t)a[1], (int)a[2], &info);
}

/* ---- POSIX timers ---- */

static struct lx_timer *timer_get(struct vcpu *cpu, uint64_t id)
{
    struct lx_timer *t = id < LX_MAX_TIMERS ? &lx_proc(cpu)->timers[id] : NULL;

    return t && __atomic_load_n(&t->used, __ATOMIC_ACQUIRE) == TIMER_LIVE ? t : NULL;
}

int64_t sys_timer_create(struct vcpu *cpu, const uint64_t *a)
{
    struct linux_proc *lx = lx_proc(cpu);
    struct target_sigevent ev;
    struct sigevent hev;
    int slot = -1, host_id;
    int64_t r;

    if (a[1]) {
        if (mem_copy_from_guest(lx_mem(cpu), &ev, a[1], sizeof(ev)))
            return -EFAULT;
    } else {
        memset(&ev, 0, sizeof(ev));
        ev.signo = SIGALRM;
        ev.notify = TARGET_SIGEV_SIGNAL;
    }
    if (ev.notify != TARGET_SIGEV_NONE && ev.notify != TARGET_SIGEV_SIGNAL &&
        ev.notify != TARGET_SIGEV_THREAD_ID)
        return -EINVAL;
    if (ev.notify != TARGET_SIGEV_NONE && (ev.signo < 1 || ev.signo > TARGET_NSIG))
        return -EINVAL;
    if (!a[1])
        ev.value = 0; /* the kernel then reports the timer id as si_value */
    pthread_mutex_lock(&lx->lock);
    for (int i = 0; i < LX_MAX_TIMERS && slot < 0; i++) {
        if (lx->timers[i].used == TIMER_FREE)
            slot = i;
    }
    if (slot >= 0)
        __atomic_store_n(&lx->timers[slot].used, TIMER_RESERVED, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&lx->lock);
    if (slot < 0)
        return -EAGAIN;
    struct lx_timer *t = &lx->timers[slot];
    t->notify = ev.notify;
    t->signo = ev.signo;
    t->value = a[1] ? ev.value : (uint64_t)slot;
    memset(&hev, 0, sizeof(hev));
    if (ev.notify == TARGET_SIGEV_NONE) {
        hev.sigev_notify = SIGEV_NONE;
    } else {
        /* Thread-directed expiries go to that thread; process-directed ones to any host thread
         * the kernel picks (exiting vCPUs and threads without one pass them on, see
         * sig_host_async), which queues them for the process like any process-directed
         * signal. */
        hev.sigev_signo = SIGSEGV;
        hev.sigev_value.sival_ptr = (void *)(uintptr_t)(TIMER_TAG | (unsigned)slot);
        if (ev.notify == TARGET_SIGEV_THREAD_ID) {
            hev.sigev_notify = SIGEV_THREAD_ID;
            hev._sigev_un._tid = ev.tid;
        } else {
            hev.sigev_notify = SIGEV_SIGNAL;
        }
    }
    r = lx_err(syscall(SYS_timer_create, (clockid_t)a[0], &hev, &host_id));
    if (r == 0 && mem_copy_to_guest(lx_mem(cpu), a[2], &slot, sizeof(int))) {
        syscall(SYS_timer_delete, host_id);
        r = -EFAULT;
    }
    pthread_mutex_lock(&lx->lock);
    t->host_id = host_id;
    __atomic_store_n(&t->used, r == 0 ? TIMER_LIVE : TIMER_FREE, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&lx->lock);
    return r;
}

int64_t sys_timer_settime(struct vcpu *cpu, const uint64_t *a)
{
    struct lx_timer *t = timer_get(cpu, a[0]);
    struct itimerspec nv, ov;
    int64_t r;

    if (!t)
        return -EINVAL;
    if (mem_copy_from_guest(lx_mem(cpu), &nv, a[2], sizeof(nv)))
        return -EFAULT;
    r = lx_err(syscall(SYS_timer_settime, t->host_id, (int)a[1], &nv, a[3] ? &ov : NULL));
    if (r == 0 && a[3] && mem_copy_to_guest(lx_mem(cpu), a[3], &ov, sizeof(ov)))
        return -EFAULT;
    return r;
}

int64_t sys_timer_gettime(struct vcpu *cpu, const uint64_t *a)
{
    struct lx_timer *t = timer_get(cpu, a[0]);
    struct itimerspec v;
    int64_t r;

    if (!t)
        return -EINVAL;
    r = lx_err(syscall(SYS_timer_gettime, t->host_id, &v));
    if (r == 0 && mem_copy_to_guest(lx_mem(cpu), a[1], &v, sizeof(v)))
        return -EFAULT;
    return r;
}

int64_t sys_timer_getoverrun(struct vcpu *cpu, const uint64_t *a)
{
    struct lx_timer *t = timer_get(cpu, a[0]);

    return t ? lx_err(syscall(SYS_timer_getoverrun, t->host_id)) : -EINVAL;
}

int64_t sys_timer_delete(struct vcpu *cpu, const uint64_t *a)
{
    struct linux_proc *lx = lx_proc(cpu);
    struct lx_timer *t = timer_get(cpu, a[0]);

    if (!t)
        return -EINVAL;
    pthread_mutex_lock(&lx->lock);
    bool live = __atomic_load_n(&t->used, __ATOMIC_ACQUIRE) == TIMER_LIVE;
    if (live) {
        syscall(SYS_timer_delete, t->host_id);
        __atomic_store_n(&t->used, TIMER_FREE, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&lx->lock);
    return live ? 0 : -EINVAL;
}

void sig_fork_child(struct vcpu *cpu)
{
    struct linux_proc *lx = cpu->proc->lx;

    /* Another thread may have held the lock at the fork; pending signals and timers are not
     * inherited. */
    __atomic_store_n(&lx->sigq_lock, 0, __ATOMIC_RELEASE);
    sig_pending_init(&lx->pending);
    sig_pending_init(&cpu->lx->pending);
    memset(lx->pend_count, 0, sizeof(lx->pend_count));
    lx->pend_union = 0;
    sig_fd_fork_child(lx);
    for (int i = 0; i < SIGQ_POOL_SIZE; i++)
        lx->sigq_pool[i].next = i + 1 < SIGQ_POOL_SIZE ? i + 1 : -1;
    lx->sigq_free = 0;
    for (int i = 0; i < LX_MAX_TIMERS; i++)
        lx->timers[i].used = TIMER_FREE;
}
