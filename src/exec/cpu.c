/*
 * cpu.c — vCPU objects: creation (index assignment), state copy, destruction, kicks and the
 * per-vCPU queue of deferred work; and exec_init, which sets up the process-wide exec state.
 *
 * Invariants: proc->cpus lists every live vCPU (under proc->cpu_lock); a new vCPU's index is
 * one more than the highest live index (0 for the first), so the index of the highest exited
 * thread is reused and gaps below are not filled (plugin spec §4.11).
 *
 * Threading: cpu_new, cpu_kick and the queue functions run on any thread; cpu_free on the
 * vCPU's own thread. Work items are queued under exec_proc.lock and run by the owning vCPU at
 * its next block boundary (cpu_loop.c).
 */
#include <stdlib.h>
#include <string.h>

#include "../mem/mem.h"
#include "internal.h"
#include "tb.h"

__thread struct vcpu *current_cpu;

void exec_init(struct proc *p)
{
    struct exec_proc *xp = xcalloc(1, sizeof *xp);
    pthread_mutex_init(&xp->lock, NULL);
    pthread_cond_init(&xp->stopped_cond, NULL);
    pthread_cond_init(&xp->resume_cond, NULL);
    p->ex = xp;
    pthread_mutex_init(&p->cpu_lock, NULL);
    tb_cache_init(p);
}

struct vcpu *cpu_new(struct proc *p)
{
    struct vcpu *cpu = xcalloc(1, sizeof *cpu);
    cpu->proc = p;
    cpu->mem_base = p->mem->base;
    cpu->jmp_cache = xcalloc(TB_JMP_CACHE_SIZE, sizeof *cpu->jmp_cache);
    cpu->ex = xcalloc(1, sizeof *cpu->ex);
    cpu->ex->work_tail = &cpu->ex->work;
    cpu->ex->flush_count = tb_flush_counter(p);

    pthread_mutex_lock(&p->cpu_lock);
    uint32_t index = 0;
    for (struct vcpu *v = p->cpus; v; v = v->next)
        if (v->index + 1 > index)
            index = v->index + 1;
    cpu->index = index;
    cpu->next = p->cpus;
    p->cpus = cpu;
    p->n_cpus++;
    pthread_mutex_unlock(&p->cpu_lock);
    return cpu;
}

void cpu_copy_state(struct vcpu *dst, const struct vcpu *src)
{
    memcpy(dst->x, src->x, sizeof dst->x);
    memcpy(dst->f, src->f, sizeof dst->f);
    dst->fflags = src->fflags;
    dst->frm = src->frm;
    dst->pc = src->pc;
}

void cpu_free(struct vcpu *cpu)
{
    struct proc *p = cpu->proc;
    exec_run_work(cpu);
    exec_cpu_stop(cpu);

    pthread_mutex_lock(&p->cpu_lock);
    for (struct vcpu **pp = &p->cpus; *pp; pp = &(*pp)->next) {
        if (*pp == cpu) {
            *pp = cpu->next;
            p->n_cpus--;
            break;
        }
    }
    pthread_mutex_unlock(&p->cpu_lock);

    if (current_cpu == cpu)
        current_cpu = NULL;
    const struct tb_backend *be = tb_get_backend(p);
    if (be)
        be->vcpu_free(be->opaque, cpu);
    free(cpu->jmp_cache);
    free(cpu->ex);
    free(cpu);
}

void cpu_kick(struct vcpu *cpu, uint32_t bits)
{
    __atomic_or_fetch(&cpu->attention, bits, __ATOMIC_SEQ_CST);
}

static void queue_work(struct vcpu *cpu, void (*fn)(struct vcpu *, void *), void *arg, bool safe)
{
    struct exec_proc *xp = cpu->proc->ex;
    struct exec_work *w = xmalloc(sizeof *w);
    *w = (struct exec_work){.fn = fn, .arg = arg, .safe = safe};
    pthread_mutex_lock(&xp->lock);
    *cpu->ex->work_tail = w;
    cpu->ex->work_tail = &w->next;
    pthread_mutex_unlock(&xp->lock);
    cpu_kick(cpu, ATTN_WORK);
}

void cpu_queue_work(struct vcpu *cpu, void (*fn)(struct vcpu *, void *), void *arg)
{
    if (cpu == current_cpu)
        fn(cpu, arg);
    else
        queue_work(cpu, fn, arg, false);
}

void cpu_queue_safe_work(struct vcpu *cpu, void (*fn)(struct vcpu *, void *), void *arg)
{
    queue_work(cpu, fn, arg, true);
}

void exec_run_work(struct vcpu *cpu)
{
    struct exec_proc *xp = cpu->proc->ex;
    pthread_mutex_lock(&xp->lock);
    struct exec_work *w = cpu->ex->work;
    cpu->ex->work = NULL;
    cpu->ex->work_tail = &cpu->ex->work;
    pthread_mutex_unlock(&xp->lock);

    while (w) {
        struct exec_work *next = w->next;
        if (w->safe) {
            exclusive_start(cpu);
            w->fn(cpu, w->arg);
            exclusive_end(cpu);
        } else {
            w->fn(cpu, w->arg);
        }
        free(w);
        w = next;
    }
}
