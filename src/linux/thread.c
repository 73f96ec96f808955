/*
 * thread.c — guest threads: clone with CLONE_VM|CLONE_THREAD, and exit of a non-last thread.
 *
 * Each guest thread is one host pthread running cpu_loop() on its own struct vcpu. The parent
 * creates the child vCPU (cpu_new + cpu_copy_state: the child starts after the ecall with a0 =
 * 0, on the new stack and TLS), starts the pthread and waits until the child has its host tid
 * and has done CLONE_PARENT_SETTID / CLONE_CHILD_SETTID, so clone returns the tid like Linux.
 * The first additional thread switches the process to multi-threaded mode and flushes the
 * translation cache inside the clone syscall, as the plugin spec (§4.11) describes.
 *
 * Thread exit: the thread stops taking signals (sig_thread_exit: host ones go to other threads,
 * pending process-directed ones are routed), robust futexes it still owns (set_robust_list) are marked
 * FUTEX_OWNER_DIED and a waiter woken, as the kernel does (the next locker gets EOWNERDEAD);
 * plugin vcpu_exit callbacks run, the vCPU leaves the live set, then CLONE_CHILD_CLEARTID's
 * word is zeroed and futex-woken (pthread_join waits on it, and a thread created after the
 * join gets the freed vCPU index) and the pthread ends. Those guest words are accessed under
 * mem_guarded: a word on a page the host cannot back is skipped, as Linux skips it.
 * linux_proc.live_threads counts guest threads atomically, so of threads exiting together exactly
 * one ends the process (proc_exit).
 *
 * Process exit (exit_group, a fatal signal): lx_exit_threads stops every other vCPU for good
 * (ATTN_EXIT, then an exclusive section so none is between two blocks) and releases the robust
 * futexes of every thread, as the kernel does when it kills them; vCPUs blocked in host
 * syscalls stay there and park when they return.
 *
 * Threading: clone runs on the parent's vCPU thread; thread_main and thread exit on the
 * child's. struct clone_start lives on the parent's stack until the child posts `ready`.
 */
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../exec/exec.h"
#include "../plugin/hooks.h"
#include "../util/log.h"
#include "linux.h"
#include "syscall.h"

/* Flags glibc's pthread_create passes, and those plume accepts with them. */
#define THREAD_REQUIRED (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)
#define THREAD_ALLOWED                                                                        \
    (THREAD_REQUIRED | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |                  \
     CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | CLONE_DETACHED)

struct clone_start {
    struct vcpu *child;
    uint64_t flags;
    gaddr_t parent_tid, child_tid;
    int tid;                      /* the child's tid, for clone's result (the child may be
                                   * gone, its vCPU freed, by the time the parent reads it) */
    sem_t ready;
};

static void *thread_main(void *arg)
{
    struct clone_start *cs = arg;
    struct vcpu *cpu = cs->child;
    struct mem_space *m = cpu->proc->mem;
    sigset_t none;

    __atomic_store_n(&cpu->tid, gettid(), __ATOMIC_RELEASE);
    cs->tid = cpu->tid;
    cpu->lx->host_altstack = sig_alloc_host_altstack();
    if (cs->flags & CLONE_PARENT_SETTID)
        mem_copy_to_guest(m, cs->parent_tid, &cpu->tid, sizeof(int));
    if (cs->flags & CLONE_CHILD_SETTID)
        mem_copy_to_guest(m, cs->child_tid, &cpu->tid, sizeof(int));
    sem_post(&cs->ready);
    /* Signals that arrive from now on are this vCPU's (cpu_loop sets current_cpu again). */
    current_cpu = cpu;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    cpu_loop(cpu);
}

int64_t lx_clone_thread(struct vcpu *cpu, const uint64_t *a)
{
    struct proc *p = cpu->proc;
    uint64_t flags = a[0];
    struct clone_start cs;
    pthread_attr_t attr;
    pthread_t th;
    sigset_t all, old;
    int e;

    if ((flags & THREAD_REQUIRED) != THREAD_REQUIRED || (flags & ~(THREAD_ALLOWED | 0xff))) {
        if (log_enabled(LOG_UNIMP))
            log_printf("Unsupported clone flags %#llx\n", (unsigned long long)flags);
        return -EINVAL;
    }
    if (!p->multi_threaded) {
        p->multi_threaded = true;
        exclusive_start(cpu);
        tb_flush_exclusive(p);
        exclusive_end(cpu);
    }
    struct vcpu *child = cpu_new(p);
    cpu_copy_state(child, cpu);
    linux_thread_init(child, cpu);
    child->x[10] = 0;
    if (a[1])
        child->x[2] = a[1];
    /* riscv64 argument order (as glibc's clone.S passes it): flags, newsp, parent_tid, tls,
     * child_tid. */
    if (flags & CLONE_SETTLS)
        child->x[4] = a[3];
    if (flags & CLONE_CHILD_CLEARTID)
        child->lx->clear_child_tid = a[4];

    cs.child = child;
    cs.flags = flags;
    cs.parent_tid = a[2];
    cs.child_tid = a[4];
    sem_init(&cs.ready, 0, 0);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* The child starts with every host signal blocked until it has its signal stack. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    __atomic_add_fetch(&p->lx->live_threads, 1, __ATOMIC_ACQ_REL);
    e = pthread_create(&th, &attr, thread_main, &cs);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (e) {
        __atomic_sub_fetch(&p->lx->live_threads, 1, __ATOMIC_ACQ_REL);
        free(child->lx);
        cpu_free(child);
        sem_destroy(&cs.ready);
        return -EAGAIN;
    }
    while (sem_wait(&cs.ready) && errno == EINTR)
        continue;
    sem_destroy(&cs.ready);
    return cs.tid;
}

/* A robust futex word being marked dead (mem_guarded: the word is guest memory). */
struct robust_word {
    uint32_t *w;
    uint32_t tid;
    bool wake; /* it was ours and had waiters */
};

static void robust_mark_dead(void *arg)
{
    struct robust_word *r = arg;
    uint32_t old = __atomic_load_n(r->w, __ATOMIC_SEQ_CST);

    do {
        if ((old & FUTEX_TID_MASK) != r->tid)
            return;
    } while (!__atomic_compare_exchange_n(r->w, &old, (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED,
                                          false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
    r->wake = (old & FUTEX_WAITERS) != 0;
}

/* Mark the robust futex at guest address g dead if cpu's thread owns it, waking one waiter;
 * pending_op: the entry being locked/unlocked (an unowned word is left alone). */
static void robust_release(struct vcpu *cpu, gaddr_t g)
{
    struct mem_space *m = cpu->proc->mem;
    struct robust_word r = {.w = mem_lock(m, g, 4, PAGE_READ | PAGE_WRITE),
                            .tid = (uint32_t)cpu->tid};

    if (!r.w || ((uintptr_t)r.w & 3))
        return;
    if (mem_guarded(m, robust_mark_dead, &r) == 0 && r.wake)
        syscall(SYS_futex, r.w, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* Read the word at the host address arg (mem_guarded probe). */
static void probe_word(void *arg)
{
    (void)__atomic_load_n((uint32_t *)arg, __ATOMIC_RELAXED);
}

void lx_robust_exit(struct vcpu *cpu)
{
    struct mem_space *m = cpu->proc->mem;
    gaddr_t head = cpu->lx->robust_list;
    /* struct robust_list_head: list.next, futex_offset, list_op_pending */
    uint64_t h[3], entry;

    if (!head || mem_copy_from_guest(m, h, head, sizeof(h)))
        return;
    cpu->lx->robust_list = 0;
    entry = h[0];
    /* The kernel's ROBUST_LIST_LIMIT bounds a corrupt or circular list. */
    for (int n = 0; entry != head && n < 2048; n++) {
        uint64_t next;
        if (mem_copy_from_guest(m, &next, entry & ~1ull, 8))
            return;
        if ((entry & ~1ull) != (h[2] & ~1ull))
            robust_release(cpu, (entry & ~1ull) + h[1]);
        entry = next;
    }
    if (h[2])
        robust_release(cpu, (h[2] & ~1ull) + h[1]);
}

void lx_exit_threads(struct vcpu *cpu)
{
    struct proc *p = cpu->proc;

    /* ATTN_EXIT first: a vCPU the section below stops then parks for good at that boundary
     * instead of running one more block after it. */
    pthread_mutex_lock(&p->cpu_lock);
    for (struct vcpu *v = p->cpus; v; v = v->next) {
        if (v != cpu)
            cpu_kick(v, ATTN_EXIT);
    }
    pthread_mutex_unlock(&p->cpu_lock);
    exclusive_start(cpu);
    pthread_mutex_lock(&p->cpu_lock);
    for (struct vcpu *v = p->cpus; v; v = v->next) {
        struct linux_thread *t = __atomic_load_n(&v->lx, __ATOMIC_ACQUIRE);
        /* Threads already past exit(2) release their own. */
        if (v != cpu && t && !__atomic_load_n(&t->exiting, __ATOMIC_ACQUIRE))
            lx_robust_exit(v);
    }
    pthread_mutex_unlock(&p->cpu_lock);
    exclusive_end(cpu);
    lx_robust_exit(cpu);
}

void lx_thread_exit(struct vcpu *cpu, int status)
{
    struct proc *p = cpu->proc;
    struct linux_thread *t = cpu->lx;
    gaddr_t ctid = t->clear_child_tid;
    stack_t ss;

    /* Exactly one of several threads exiting at once finds itself last. */
    if (__atomic_sub_fetch(&p->lx->live_threads, 1, __ATOMIC_ACQ_REL) == 0)
        proc_exit(cpu, status);
    sig_thread_exit(cpu);
    lx_robust_exit(cpu);
    if (plg_active)
        plg_vcpu_exit(cpu);
    /* The clear_child_tid word is written after cpu_free, when this thread no longer has a
     * recovery point: probe it now, and skip it if the host faults on it (Linux ignores a
     * failed put_user there too). */
    uint32_t *w = ctid ? mem_lock(p->mem, ctid, 4, PAGE_WRITE) : NULL;
    if (w && mem_guarded(p->mem, probe_word, w))
        w = NULL;
    /* Leave the live set before waking a joiner: a thread it creates next reuses the index. */
    cpu_free(cpu);
    if (w) {
        __atomic_store_n(w, 0, __ATOMIC_SEQ_CST);
        syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
    }
    if (t->host_altstack) {
        memset(&ss, 0, sizeof(ss));
        ss.ss_flags = SS_DISABLE;
        sigaltstack(&ss, NULL);
        munmap(t->host_altstack, HOST_ALTSTACK_SIZE);
    }
    free(t);
    pthread_exit(NULL);
}
