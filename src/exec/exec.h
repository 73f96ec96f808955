/*
 * exec.h — what the execution engine offers the layers above it (linux/, plugin/, main.c).
 *
 * Threading banners: "any thread" functions may be called from any host thread; "owning vCPU
 * only" ones only on the thread running that vCPU; "_exclusive" ones only while every other
 * vCPU is stopped (inside exclusive_start/exclusive_end).
 */
#ifndef PLUME_EXEC_EXEC_H
#define PLUME_EXEC_EXEC_H

#include "cpu.h"

/* ---- process set-up (main thread, before any vCPU) ---- */

/* Create the translation cache of p and hook it to p->mem for code invalidation. */
void exec_init(struct proc *p);
/* Allocate a vCPU for p with the next free index (max + 1), registers zeroed. Any thread; the
 * caller then runs cpu_loop() on the vCPU's own thread. */
struct vcpu *cpu_new(struct proc *p);
/* Copy the architectural state (x, f, fcsr) of src into dst (clone/fork). */
void cpu_copy_state(struct vcpu *dst, const struct vcpu *src);

/* ---- owning vCPU only ---- */

/* Run guest code on the calling thread until the thread or the process ends. Sets current_cpu,
 * runs plugin vcpu_init, then loops: execute blocks; ecall -> linux syscall layer; faults and
 * pending signals -> linux signal layer. Does not return. */
NORETURN void cpu_loop(struct vcpu *cpu);
/* Leave the execution loop of this vCPU's thread for good (thread exit). */
void cpu_free(struct vcpu *cpu);

/* ---- any thread ---- */

/* Set attention bits on cpu (atomic) so it leaves translated code at the next block boundary.
 * Wakes it if it is blocked in a syscall only through the signal layer (linux/). */
void cpu_kick(struct vcpu *cpu, uint32_t bits);

/* Queue fn(cpu, arg) to run on cpu's own thread at its next block boundary (or now if cpu is
 * the caller's). */
void cpu_queue_work(struct vcpu *cpu, void (*fn)(struct vcpu *, void *), void *arg);
/* Queue fn to run once with every vCPU stopped, on cpu's thread (QEMU async_safe_run_on_cpu). */
void cpu_queue_safe_work(struct vcpu *cpu, void (*fn)(struct vcpu *, void *), void *arg);

/* Stop every other vCPU at a block boundary (vCPUs blocked in syscalls count as stopped and
 * wait before re-entering guest code). Nests on the same thread. Owning vCPU (self may be NULL
 * on a non-vCPU thread). */
void exclusive_start(struct vcpu *self);
void exclusive_end(struct vcpu *self);
/* Mark the caller as outside guest code for a blocking syscall, and back. */
void exclusive_enter_syscall(struct vcpu *self);
void exclusive_leave_syscall(struct vcpu *self);
/* In the child of a host fork(), which the forking vCPU made inside exclusive_start(self) so that
 * no other vCPU held an exec/ lock: reset the exec/ state to self alone (the vCPU list, the
 * exclusive-section state and its locks). Ends that exclusive section in the child; the parent
 * calls exclusive_end(self) as usual. Child, on self's thread. */
void exec_fork_child(struct vcpu *self);

/* ---- translation cache ---- */

/* Drop every translation (_exclusive); calls plg_flushed() afterwards. */
void tb_flush_exclusive(struct proc *p);
/* Drop translations overlapping guest range [start, end). Any thread. */
void tb_invalidate_range(struct proc *p, gaddr_t start, gaddr_t end);

#endif
