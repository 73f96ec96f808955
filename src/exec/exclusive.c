/*
 * exclusive.c — exclusive sections: stop every other vCPU at a block boundary, run something
 * with the world stopped, resume everyone.
 *
 * Protocol (details in internal.h): each vCPU owns a "running" flag; the section owner sets
 * exec_proc.active, fences, then counts every running vCPU (marking it counted) and kicks it
 * with ATTN_EXCLUSIVE. A kicked vCPU leaves translated code at its next block boundary (the
 * attention word is polled on every block transition, chained ones included) and parks in
 * exec_cpu_start(); a vCPU inside a blocking syscall already counts as stopped
 * (exclusive_enter_syscall) and waits in exclusive_leave_syscall until the section ends. The
 * owner waits until the count drops to zero. Sections nest on the owning thread; a second
 * thread asking for a section while one is active waits (stopped) until it ends.
 *
 * Threading: as documented per function in exec.h; the flags are written with seq-cst atomics,
 * everything else under exec_proc.lock.
 */
#include "internal.h"
#include "tb.h"

static bool owned_by_caller(const struct exec_proc *xp)
{
    return xp->active && pthread_equal(xp->owner, pthread_self());
}

/* Mark cpu stopped, releasing the section owner if it was waiting for it (lock held). */
static void stop_locked(struct exec_proc *xp, struct vcpu *cpu)
{
    __atomic_store_n(&cpu->ex->running, 0, __ATOMIC_SEQ_CST);
    if (cpu->ex->counted) {
        cpu->ex->counted = false;
        if (--xp->pending == 0)
            pthread_cond_broadcast(&xp->stopped_cond);
    }
}

void exec_cpu_stop(struct vcpu *cpu)
{
    struct exec_proc *xp = cpu->proc->ex;
    __atomic_store_n(&cpu->ex->running, 0, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&xp->active, __ATOMIC_SEQ_CST)) {
        pthread_mutex_lock(&xp->lock);
        stop_locked(xp, cpu);
        pthread_mutex_unlock(&xp->lock);
    }
}

void exec_cpu_start(struct vcpu *cpu)
{
    struct exec_proc *xp = cpu->proc->ex;
    __atomic_store_n(&cpu->ex->running, 1, __ATOMIC_SEQ_CST);
    if (!__atomic_load_n(&xp->active, __ATOMIC_SEQ_CST))
        return;
    pthread_mutex_lock(&xp->lock);
    while (xp->active && !owned_by_caller(xp)) {
        stop_locked(xp, cpu);
        pthread_cond_wait(&xp->resume_cond, &xp->lock);
    }
    __atomic_store_n(&cpu->ex->running, 1, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&xp->lock);
}

/* The process of self, or of the calling thread's vCPU. NULL only on a thread that is no vCPU
 * while no vCPU can be running (start-up: plugins install before the first vCPU exists). */
static struct proc *caller_proc(struct vcpu *self)
{
    if (self)
        return self->proc;
    return current_cpu ? current_cpu->proc : NULL;
}

void exclusive_start(struct vcpu *self)
{
    struct proc *p = caller_proc(self);
    if (!p)
        return;
    struct exec_proc *xp = p->ex;
    pthread_mutex_lock(&xp->lock);
    if (owned_by_caller(xp)) {
        xp->depth++;
        pthread_mutex_unlock(&xp->lock);
        return;
    }
    int was_running = self ? self->ex->running : 0;
    while (xp->active) {
        if (self)
            stop_locked(xp, self);
        pthread_cond_wait(&xp->resume_cond, &xp->lock);
    }
    if (self)
        __atomic_store_n(&self->ex->running, was_running, __ATOMIC_SEQ_CST);
    xp->owner = pthread_self();
    xp->depth = 1;
    xp->pending = 0;
    __atomic_store_n(&xp->active, 1, __ATOMIC_SEQ_CST);

    pthread_mutex_lock(&p->cpu_lock);
    for (struct vcpu *v = p->cpus; v; v = v->next) {
        if (v == self || !__atomic_load_n(&v->ex->running, __ATOMIC_SEQ_CST))
            continue;
        v->ex->counted = true;
        xp->pending++;
        cpu_kick(v, ATTN_EXCLUSIVE);
    }
    pthread_mutex_unlock(&p->cpu_lock);

    while (xp->pending > 0)
        pthread_cond_wait(&xp->stopped_cond, &xp->lock);
    pthread_mutex_unlock(&xp->lock);
}

void exclusive_end(struct vcpu *self)
{
    struct proc *p = caller_proc(self);
    if (!p)
        return;
    struct exec_proc *xp = p->ex;
    pthread_mutex_lock(&xp->lock);
    if (owned_by_caller(xp) && --xp->depth == 0) {
        __atomic_store_n(&xp->active, 0, __ATOMIC_SEQ_CST);
        pthread_cond_broadcast(&xp->resume_cond);
    }
    pthread_mutex_unlock(&xp->lock);
}

void exclusive_enter_syscall(struct vcpu *self)
{
    exec_cpu_stop(self);
}

void exclusive_leave_syscall(struct vcpu *self)
{
    exec_cpu_start(self);
}

void exec_fork_child(struct vcpu *self)
{
    struct proc *p = self->proc;
    struct exec_proc *xp = p->ex;
    pthread_mutex_init(&xp->lock, NULL);
    pthread_cond_init(&xp->stopped_cond, NULL);
    pthread_cond_init(&xp->resume_cond, NULL);
    xp->active = 0;
    xp->depth = 0;
    xp->pending = 0;
    pthread_mutex_init(&p->cpu_lock, NULL);
    p->cpus = self;
    p->n_cpus = 1;
    self->next = NULL;
    self->ex->counted = false;
    self->ex->running = 1;
    const struct tb_backend *be = tb_get_backend(p);
    if (be)
        be->fork_child(be->opaque);
}
