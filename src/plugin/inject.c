/*
 * inject.c — translation-time collection of instrumentation and its execution-time helpers.
 *
 * During the tb_trans callbacks the API appends actions to the per-vCPU scratch block
 * (struct qemu_plugin_tb): one ordered list for the block start, one per instruction and one
 * per instruction's memory accesses, in registration order (spec §4.6). plg_tb_build then
 * packs them into a single allocation, struct plg_tb_instr, that the translated block owns and
 * exec/ turns into ops. A block nobody instrumented gets NULL and pays nothing.
 *
 * Execution: exec/ runs inline ops itself and calls plg_call() for callbacks (the JIT sets the
 * same call state itself, at the offsets plg_call_level_offset/plg_call_owner_offset give, and
 * calls the callback directly); memory actions run here, in plg_mem_hook(), after each completed
 * access of an instrumented instruction.
 * Callbacks run with the access level their flags ask for, set and reset with two stores each
 * way (the vCPU's struct plg_vcpu exists from plg_vcpu_init on); levels RW and above may call
 * qemu_plugin_set_pc, which resets that state and unwinds straight to the cpu loop's recovery
 * point (cpu->fault_jmp, FAULT_JMP_PC_SET): no recovery point is set up per call.
 *
 * Threading: everything here runs on the vCPU thread that translates or executes the block.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

#include "core.h"

/* ---- collecting ---- */

void plg_tb_begin(struct qemu_plugin_tb *tb, struct vcpu *cpu, gaddr_t pc, unsigned n,
                  const struct plg_insn_desc *insns)
{
    if (n > tb->cap) {
        tb->insns = xrealloc(tb->insns, n * sizeof(*tb->insns));
        tb->insn_acts = xrealloc(tb->insn_acts, n * sizeof(*tb->insn_acts));
        tb->mem_acts = xrealloc(tb->mem_acts, n * sizeof(*tb->mem_acts));
        memset(tb->insn_acts + tb->cap, 0, (n - tb->cap) * sizeof(*tb->insn_acts));
        memset(tb->mem_acts + tb->cap, 0, (n - tb->cap) * sizeof(*tb->mem_acts));
        tb->cap = n;
    }
    tb->cpu = cpu;
    tb->vaddr = pc;
    tb->n = n;
    tb->owner = NULL;
    tb->tb_acts.n = 0;
    for (unsigned i = 0; i < n; i++) {
        struct qemu_plugin_insn *in = &tb->insns[i];
        in->tb = tb;
        in->idx = i;
        in->vaddr = insns[i].vaddr;
        in->raw = insns[i].raw;
        in->len = insns[i].len;
        memcpy(in->bytes, &insns[i].raw, sizeof(in->bytes)); /* little-endian host and guest */
        tb->insn_acts[i].n = 0;
        tb->mem_acts[i].n = 0;
    }
}

void plg_acts_push(struct plg_acts *l, const struct plg_action *a)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->a = xrealloc(l->a, l->cap * sizeof(*l->a));
    }
    l->a[l->n++] = *a;
}

/* Copy one collected list into the packed block, fixing self-referencing internal actions. */
static struct plg_action *pack(struct plg_action_list *dst, const struct plg_acts *src,
                               struct plg_action *out)
{
    dst->n = src->n;
    dst->a = src->n ? out : NULL;
    for (unsigned i = 0; i < src->n; i++) {
        out[i] = src->a[i];
        if ((out[i].kind == PLG_ACT_CB && out[i].cb == plg_ptr_store_cb) ||
            (out[i].kind == PLG_ACT_MEM_CB && out[i].mem_cb == plg_ptr_store_mem_cb))
            out[i].udata = &out[i];
    }
    return out + src->n;
}

/* Two conditional callbacks per instruction for the debugger client. Their "scoreboards" are
 * the client's words with stride 0: every vCPU reads the same word, inline, and calls only when
 * it is non-zero. */
void plg_debug_instrument(struct qemu_plugin_tb *tb)
{
    const struct plg_debug_client *c = &plg_core.debug;
    struct plg_action step = {
        .kind = PLG_ACT_COND_CB,
        .regs = PLG_LEVEL_RW_PC,
        .cond = QEMU_PLUGIN_COND_NE,
        .cb = c->step,
        .udata = c->opaque,
        .score = &plg_core.debug_step_score,
    };
    struct plg_action bp = step;
    bp.cb = c->bp;
    bp.score = &plg_core.debug_bp_score;
    for (unsigned i = 0; i < tb->n; i++) {
        bp.offset = plg_debug_bp_slot(tb->insns[i].vaddr) * sizeof(uint64_t);
        plg_acts_push(&tb->insn_acts[i], &step);
        plg_acts_push(&tb->insn_acts[i], &bp);
    }
}

struct plg_tb_instr *plg_tb_build(struct qemu_plugin_tb *tb)
{
    size_t total = tb->tb_acts.n;
    for (unsigned i = 0; i < tb->n; i++)
        total += tb->insn_acts[i].n + tb->mem_acts[i].n;
    if (!total)
        return NULL;
    size_t lists = 2 * (size_t)tb->n * sizeof(struct plg_action_list);
    struct plg_tb_instr *ti = xcalloc(1, sizeof(*ti) + lists + total * sizeof(struct plg_action));
    ti->n_insns = tb->n;
    ti->insn = (struct plg_action_list *)(ti + 1);
    ti->mem = ti->insn + tb->n;
    struct plg_action *out = (struct plg_action *)(ti->mem + tb->n);
    out = pack(&ti->tb, &tb->tb_acts, out);
    for (unsigned i = 0; i < tb->n; i++) {
        out = pack(&ti->insn[i], &tb->insn_acts[i], out);
        out = pack(&ti->mem[i], &tb->mem_acts[i], out);
    }
    return ti;
}

void plg_tb_instr_free(struct plg_tb_instr *ti)
{
    free(ti);
}

void plg_ptr_store_cb(unsigned vcpu_index, void *udata)
{
    const struct plg_action *a = udata;
    *a->ptr = a->imm;
}

void plg_ptr_store_mem_cb(unsigned vcpu_index, uint32_t info, uint64_t vaddr, void *udata)
{
    const struct plg_action *a = udata;
    *a->ptr = a->imm;
}

/* ---- executing ---- */

uint32_t plg_meminfo(unsigned size_log2, bool sign_extend, bool store)
{
    uint32_t info = (size_log2 & PLG_MI_SIZE_MASK) << PLG_MI_SIZE_SHIFT;
    if (sign_extend)
        info |= PLG_MI_SIGN;
    if (size_log2 == 0)
        info |= PLG_MI_ALIGN_BYTE;
    info |= PLG_MI_ATOM_SINGLE;
    if (store)
        info |= PLG_MI_WRITE;
    return info;
}

/* Access level of a dynamic callback registered with flags regs (RW and above may set pc). */
static inline uint8_t dyn_level(uint8_t regs)
{
    return regs >= PLG_LEVEL_RW ? PLG_LEVEL_RW_PC : regs;
}

/* Enter callback action a: its access level and plugin become the vCPU's call state. Dynamic
 * callbacks run only from translated code, where the state is at rest (NONE, no plugin), so
 * leaving stores that back; qemu_plugin_set_pc does the same before unwinding to the cpu loop. */
static inline void cb_enter(struct plg_vcpu *pv, const struct plg_action *a)
{
    pv->level = dyn_level(a->regs);
    pv->cur = (struct plg_ctx *)a->owner;
}

static inline void cb_leave(struct plg_vcpu *pv)
{
    pv->level = PLG_LEVEL_NONE;
    pv->cur = NULL;
}

void plg_call(struct vcpu *cpu, const struct plg_action *a)
{
    struct plg_vcpu *pv = cpu->plg;
    cb_enter(pv, a);
    a->cb(cpu->index, a->udata);
    cb_leave(pv);
}

size_t plg_call_level_offset(void)
{
    return offsetof(struct plg_vcpu, level);
}

size_t plg_call_owner_offset(void)
{
    return offsetof(struct plg_vcpu, cur);
}

uint8_t plg_call_level(const struct plg_action *a)
{
    return dyn_level(a->regs);
}

void plg_mem_hook(struct vcpu *cpu, uint32_t info, gaddr_t vaddr, uint64_t lo, uint64_t hi)
{
    const struct plg_action_list *l = cpu->plg_mem;
    if (!l)
        return;
    cpu->mem_info = info;
    cpu->mem_vaddr = vaddr;
    cpu->mem_val_lo = lo;
    cpu->mem_val_hi = hi;
    unsigned dir = (info & PLG_MI_WRITE) ? 2 : 1; /* QEMU_PLUGIN_MEM_W : QEMU_PLUGIN_MEM_R */
    struct plg_vcpu *pv = cpu->plg;
    for (unsigned i = 0; i < l->n; i++) {
        const struct plg_action *a = &l->a[i];
        if (!(a->rw & dir))
            continue;
        switch (a->kind) {
        case PLG_ACT_MEM_CB:
            cb_enter(pv, a);
            a->mem_cb(cpu->index, info, vaddr, a->udata);
            cb_leave(pv);
            break;
        case PLG_ACT_INLINE_ADD: *plg_slot(a, cpu->index) += a->imm; break;
        case PLG_ACT_INLINE_STORE: *plg_slot(a, cpu->index) = a->imm; break;
        case PLG_ACT_PTR_ADD: *a->ptr += a->imm; break;
        default: break;
        }
    }
}
