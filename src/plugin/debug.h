/*
 * debug.h — the plugin core's internal debugger client, for the gdb stub (src/gdb/).
 *
 * A debugger attached here is instrumented like a plugin but is none: in front of every guest
 * instruction of every block translated from then on, ahead of any plugin's own actions, come
 * two conditional callbacks with read-write register access, checked inline by the generated
 * code: step() while the client's step word is non-zero, then bp() while the word of its
 * breakpoint table selected by the instruction's address is non-zero. They run on the vCPU
 * thread with cpu->pc the instruction's address and every register exact in struct vcpu, and
 * may block (the vCPU then simply waits), change registers, or move the vCPU elsewhere with
 * plg_debug_resume_at. The words are the client's to change at any time (with every vCPU
 * stopped): nothing is re-translated, so plugins' instrumentation and counts are those of a run
 * without the debugger.
 *
 * Threading: plg_debug_attach on the main thread before any vCPU; the rest as noted.
 */
#ifndef PLUME_PLUGIN_DEBUG_H
#define PLUME_PLUGIN_DEBUG_H

#include "../exec/cpu.h"

struct plg_debug_client {
    void (*step)(unsigned vcpu_index, void *opaque); /* while *step_word != 0 */
    const uint64_t *step_word;
    void (*bp)(unsigned vcpu_index, void *opaque); /* while bp_table[plg_debug_bp_slot(pc)] */
    const uint64_t *bp_table;                      /* [PLG_DEBUG_BP_SLOTS] */
    void (*fork_child)(void *opaque);              /* in the child of a host fork */
    void *opaque;
};

/* Size of the breakpoint table and the slot of an instruction address in it. */
#define PLG_DEBUG_BP_SLOTS 4096u
static inline unsigned plg_debug_bp_slot(gaddr_t pc)
{
    return (unsigned)(pc >> 1) & (PLG_DEBUG_BP_SLOTS - 1);
}

/* Attach the debugger client c (copied; sets plg_active so that every block is offered to it).
 * Main thread, before the first vCPU and after plg_load_all. */
void plg_debug_attach(struct proc *p, const struct plg_debug_client *c);
/* From inside a client callback: abandon the current instruction and continue at cpu->pc
 * (re-translating from there). Does not return. Owning vCPU. */
NORETURN void plg_debug_resume_at(struct vcpu *cpu);
/* Read or write guest memory whatever its protection, up to the first page that is unmapped;
 * returns the bytes done (len when all were). Writes drop the translations of the range. Any
 * thread with the world stopped. */
size_t plg_debug_memory(struct proc *p, gaddr_t addr, void *buf, size_t len, bool write);

#endif
