/*
 * debug.h — the plugin core's internal debugger client, for the gdb stub (src/gdb/).
 *
 * A debugger attached here is instrumented like a plugin but is none: before every guest
 * instruction of every block translated from then on, ahead of any plugin's own actions, a
 * dynamic callback with read-write register access calls insn(vcpu_index, opaque) on the vCPU
 * thread, with cpu->pc the instruction's address and every register exact in struct vcpu. The
 * callback may block (the vCPU then simply waits), change registers, or move the vCPU elsewhere
 * with plg_debug_resume_at. Plugins see no difference: their instrumentation and counts are
 * those of a run without the debugger.
 *
 * Threading: plg_debug_attach on the main thread before any vCPU; the rest as noted.
 */
#ifndef PLUME_PLUGIN_DEBUG_H
#define PLUME_PLUGIN_DEBUG_H

#include "../exec/cpu.h"

/* Attach the debugger client (sets plg_active so that every block is offered to it). fork_child
 * runs in the child of a host fork. Main thread, before the first vCPU and after plg_load_all. */
void plg_debug_attach(struct proc *p, void (*insn)(unsigned vcpu_index, void *opaque),
                      void (*fork_child)(void *opaque), void *opaque);
/* From inside the insn callback: abandon the current instruction and continue at cpu->pc
 * (re-translating from there). Does not return. Owning vCPU. */
NORETURN void plg_debug_resume_at(struct vcpu *cpu);
/* Read or write guest memory whatever its protection; writes drop the translations of the
 * range. False if a page is unmapped. Any thread with the world stopped. */
bool plg_debug_memory(struct proc *p, gaddr_t addr, void *buf, size_t len, bool write);

#endif
