/*
 * debug.c — the internal debugger client (see debug.h): one dynamic callback action per
 * instruction, put first in every instruction's action list while the block's actions are
 * collected (plg_tb_trans), so nothing a plugin registered for that instruction has run when
 * the debugger stops there.
 *
 * Invariants: the action has no owner plugin (call state "no plugin", level read-write + pc);
 * resuming elsewhere resets the call state exactly as qemu_plugin_set_pc does.
 *
 * Threading: plg_debug_instrument on the translating vCPU; the rest as in debug.h.
 */
#include <setjmp.h>

#include "../exec/exec.h"
#include "core.h"
#include "debug.h"

void plg_debug_attach(struct proc *p, void (*insn)(unsigned vcpu_index, void *opaque),
                      void (*fork_child)(void *opaque), void *opaque)
{
    plg_core_init();
    plg_core.proc = p;
    plg_core.debug_opaque = opaque;
    plg_core.debug_fork_child = fork_child;
    plg_core.debug_insn = insn;
    plg_active = true;
}

void plg_debug_instrument(struct qemu_plugin_tb *tb)
{
    struct plg_action a = {
        .kind = PLG_ACT_CB,
        .regs = PLG_LEVEL_RW_PC,
        .cb = plg_core.debug_insn,
        .udata = plg_core.debug_opaque,
    };
    for (unsigned i = 0; i < tb->n; i++)
        plg_acts_push(&tb->insn_acts[i], &a);
}

NORETURN void plg_debug_resume_at(struct vcpu *cpu)
{
    struct plg_vcpu *pv = cpu->plg;
    pv->level = PLG_LEVEL_NONE;
    pv->cur = NULL;
    siglongjmp(cpu->fault_jmp, FAULT_JMP_PC_SET);
}

bool plg_debug_memory(struct proc *p, gaddr_t addr, void *buf, size_t len, bool write)
{
    if (len == 0)
        return true;
    bool ok = plg_guest_copy(addr, buf, len, write);
    if (write && p->tbs)
        tb_invalidate_range(p, addr, addr + len);
    return ok;
}
