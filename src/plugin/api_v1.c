/*
 * api_v1.c — the five functions only API version 1 declares (removed in version 2), exported so
 * that version-1 plugins load: n_vcpus / n_max_vcpus, and the pointer-based inline ops that add
 * to one uint64_t shared by every vCPU (plain, non-atomic, like QEMU's own).
 *
 * Compiled against the version-1 declarations. Version 1 only names QEMU_PLUGIN_INLINE_ADD_U64;
 * a STORE (value 1) is honoured too, through an internal callback.
 *
 * Threading: the inline registrations run inside tb_trans on the translating vCPU.
 */
#define PLUME_PLUGIN_API_VERSION 1
#include <qemu-plugin.h>

#include "core.h"

/* The API value of QEMU_PLUGIN_INLINE_STORE_U64 (not declared by version 1). */
#define OP_STORE_U64 1

int qemu_plugin_n_vcpus(void)
{
    return -1; /* user mode */
}

int qemu_plugin_n_max_vcpus(void)
{
    return -1;
}

/* An action performing op on *ptr (inline add, or the store callback). */
static struct plg_action ptr_action(const struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                    void *ptr, uint64_t imm, bool mem)
{
    struct plg_action a = {.ptr = ptr, .imm = imm, .owner = tb->owner};
    if ((int)op == OP_STORE_U64) {
        a.kind = mem ? PLG_ACT_MEM_CB : PLG_ACT_CB;
        if (mem)
            a.mem_cb = plg_ptr_store_mem_cb;
        else
            a.cb = plg_ptr_store_cb;
    } else {
        a.kind = PLG_ACT_PTR_ADD;
        a.mem_kind = PLG_ACT_PTR_ADD;
    }
    return a;
}

void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm)
{
    struct plg_action a = ptr_action(tb, op, ptr, imm, false);
    plg_acts_push(&tb->tb_acts, &a);
}

void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op, void *ptr, uint64_t imm)
{
    struct plg_action a = ptr_action(insn->tb, op, ptr, imm, false);
    plg_acts_push(&insn->tb->insn_acts[insn->idx], &a);
}

void qemu_plugin_register_vcpu_mem_inline(struct qemu_plugin_insn *insn, enum qemu_plugin_mem_rw rw,
                                          enum qemu_plugin_op op, void *ptr, uint64_t imm)
{
    struct plg_action a = ptr_action(insn->tb, op, ptr, imm, true);
    a.rw = (uint8_t)rw;
    plg_acts_push(&insn->tb->mem_acts[insn->idx], &a);
}
