/*
 * syscall.h — the Linux syscall layer as the engine sees it.
 *
 * The cpu loop calls sys_ecall() for every ecall (pc at the ecall), and sig_* for faults and
 * pending signals. Everything else about Linux (fd quirks, /proc emulation, signal frames,
 * threads, processes) stays inside linux/.
 */
#ifndef PLUME_LINUX_SYSCALL_H
#define PLUME_LINUX_SYSCALL_H

#include "../exec/cpu.h"

/* Process-level Linux state: create after the loader ran (needs exe path). Main thread. */
void linux_init(struct proc *p);
/* Per-thread Linux state for a new vCPU (inherits signal mask from parent if not NULL). */
void linux_thread_init(struct vcpu *cpu, const struct vcpu *parent);

/* Emulate the syscall at cpu->pc (an ecall): a7 = number, a0..a5 = arguments. Writes the result
 * to a0 and advances pc past the ecall, runs plugin syscall events, and may not return (exit,
 * exit_group, execve). Owning vCPU only. */
void sys_ecall(struct vcpu *cpu);

/* Deliver a synchronous guest fault recorded in cpu->fault (set up a handler frame, or apply
 * the default action: may terminate the process). Owning vCPU only. */
void sig_deliver_fault(struct vcpu *cpu);
/* Deliver pending asynchronous signals for cpu, if any and unblocked. Owning vCPU only. */
void sig_deliver_pending(struct vcpu *cpu);
/* Install the host signal handlers plume needs (SIGSEGV/SIGBUS for guest accesses, the
 * forwarding of asynchronous signals). Main thread, once. */
void sig_init_host(struct proc *p);

/* End the process with the guest's status as Linux would: runs the plugin exit sequence once
 * (plg_process_exit), flushes the log, then _exit(status). Any vCPU thread. */
NORETURN void proc_exit(struct vcpu *cpu, int status);
/* End the process as if killed by guest signal sig (plume kills itself with the same host
 * signal, core dumps disabled). */
NORETURN void proc_exit_signal(struct vcpu *cpu, int sig);

#endif
