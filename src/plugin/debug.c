/*
 * debug.c — the internal debugger client (see debug.h): attaching it, leaving one of its
 * callbacks for another pc, its memory accesses. Its instrumentation is inject.c's
 * (plg_debug_instrument).
 *
 * Invariants: the actions have no owner plugin (call state "no plugin", level read-write + pc);
 * resuming elsewhere resets the call state exactly as qemu_plugin_set_pc does.
 *
 * Threading: as in debug.h.
 */
#include <setjmp.h>

#include "../exec/exec.h"
#include "core.h"
#include "debug.h"

void plg_debug_attach(struct proc *p, const struct plg_debug_client *c)
{
    plg_core_init();
    plg_core.proc = p;
    plg_core.debug_step_score = (struct plg_score){.data = (uint8_t *)c->step_word};
    plg_core.debug_bp_score = (struct plg_score){.data = (uint8_t *)c->bp_table};
    plg_core.debug = *c;
    plg_active = true;
}

NORETURN void plg_debug_resume_at(struct vcpu *cpu)
{
    struct plg_vcpu *pv = cpu->plg;
    pv->level = PLG_LEVEL_NONE;
    pv->cur = NULL;
    siglongjmp(cpu->fault_jmp, FAULT_JMP_PC_SET);
}

size_t plg_debug_memory(struct proc *p, gaddr_t addr, void *buf, size_t len, bool write)
{
    if (len == 0)
        return 0;
    size_t done = plg_guest_copy(addr, buf, len, write);
    if (write && p->tbs)
        tb_invalidate_range(p, addr, addr + len);
    return done;
}
