/*
 * internal.h — state and functions shared by the files of exec/ only.
 *
 * struct exec_proc (proc->ex) holds the exclusive-section state; struct exec_vcpu (vcpu->ex)
 * the per-vCPU part of it and the vCPU's queue of deferred work.
 *
 * Exclusive-section protocol (exclusive.c): a vCPU is "running" from the moment it may touch
 * translated code or guest state until it parks, blocks in a syscall or exits. The running flag
 * is written by its owner and read by the thread that starts a section, Dekker style: each side
 * stores its own flag, issues a full fence, then reads the other's, so at least one of them sees
 * the other. A section owner counts the running vCPUs, kicks them with ATTN_EXCLUSIVE and waits
 * until each has stopped; a stopping vCPU decrements the count under the lock.
 *
 * Threading: exec_proc.lock protects everything below except the running/active flags, which
 * are also read without it. Lock order: exec_proc.lock, then proc->cpu_lock.
 */
#ifndef PLUME_EXEC_INTERNAL_H
#define PLUME_EXEC_INTERNAL_H

#include <pthread.h>

#include "exec.h"

struct exec_work {
    void (*fn)(struct vcpu *, void *);
    void *arg;
    bool safe; /* run with every vCPU stopped */
    struct exec_work *next;
};

struct exec_proc {
    pthread_mutex_t lock;
    pthread_cond_t stopped_cond; /* section owner waits for pending == 0 */
    pthread_cond_t resume_cond;  /* stopped vCPUs wait for the section to end */
    volatile int active;         /* a section is in progress (or starting) */
    pthread_t owner;             /* thread owning the section (valid while active) */
    unsigned depth;              /* nesting of the owner's exclusive_start calls */
    unsigned pending;            /* counted vCPUs that have not stopped yet */
};

struct exec_vcpu {
    volatile int running;                /* may touch guest state (see the protocol above) */
    bool counted;                        /* counted in pending by the current section owner */
    struct exec_work *work, **work_tail; /* under exec_proc.lock */
    const uint64_t *flush_count;         /* tb_flush_counter(proc), for the interpreter */
};

/* The calling vCPU starts running guest code: waits while another thread's section is in
 * progress. Owning vCPU only. */
void exec_cpu_start(struct vcpu *cpu);
/* The calling vCPU stops touching guest state (blocking syscall, park, exit). Owning vCPU. */
void exec_cpu_stop(struct vcpu *cpu);
/* Run the vCPU's queued work items (safe ones inside an exclusive section). Owning vCPU. */
void exec_run_work(struct vcpu *cpu);

#endif
