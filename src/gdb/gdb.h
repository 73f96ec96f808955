/*
 * gdb.h — plume's gdb stub (GDB remote serial protocol over TCP or a unix socket), as
 * qemu-riscv64's -g: main.c starts it, the linux/ layer reports signals and the process end.
 *
 * Model: all-stop. When a vCPU stops (breakpoint, single-step, the first instruction, a guest
 * signal about to be delivered) it takes an exclusive section, so every other vCPU is parked,
 * and talks to gdb on its own thread until gdb resumes; then the section ends and everyone runs.
 * Breakpoints and stepping use the plugin core's internal debugger client (plugin/debug.h): a
 * check before every instruction, no guest memory is patched and no translation is flushed, so
 * plugins' counts are those of a run without -g.
 *
 * Threading: gdb_start on the main thread before any vCPU; the hooks on the vCPU they name.
 */
#ifndef PLUME_GDB_GDB_H
#define PLUME_GDB_GDB_H

#include "../exec/cpu.h"

/* Listen on spec (a TCP port number, on every local address, or a unix socket path containing
 * '/'), wait for gdb to connect and arrange for the first guest instruction to stop there. Sets
 * p->gdb. A bad spec or a busy port ends plume with one "plume: -g: ..." line, status 1. */
void gdb_start(struct proc *p, const char *spec);
/* Guest signal sig (host numbering) is about to be delivered on cpu: report it to gdb as a stop
 * and return the signal gdb resumes with (0: suppressed). Only if cpu->proc->gdb. */
int gdb_signal(struct vcpu *cpu, int sig);
/* The process ends with exit status `status` (sig == 0) or by signal sig: tell gdb (W or X) and
 * close the connection. Only if cpu->proc->gdb. */
void gdb_exit(struct vcpu *cpu, int status, int sig);

#endif
