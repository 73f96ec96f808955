/*
 * hooks.h — the only plugin header that exec/ and linux/ include.
 *
 * The plugin core (plugin/) sees a block after it is decoded, collects what plugins asked for
 * in their tb_trans callbacks, and hands exec/ a plain description of the instrumentation
 * (struct plg_tb_instr). exec/ turns each action into an op of the block's op list (QEMU's
 * plugin-gen model): a block with no actions runs exactly as if no plugin were loaded.
 *
 * Memory actions are not ops: exec/ emits one PLG_MEM_ARM op before an instrumented memory
 * instruction (sets vcpu.plg_mem to its action list) and runs that instruction's instrumented
 * variant, which calls plg_mem_hook() after each completed access and clears vcpu.plg_mem.
 *
 * Threading: every function here is called on the vCPU thread named by its cpu argument, except
 * where noted.
 */
#ifndef PLUME_PLUGIN_HOOKS_H
#define PLUME_PLUGIN_HOOKS_H

#include "../exec/cpu.h"

/* True when at least one plugin is loaded (the core is otherwise never entered). */
extern bool plg_active;

/* ---- instrumentation description ---- */

enum plg_action_kind {
    PLG_ACT_CB,           /* cb(vcpu_index, udata) with register access `regs` */
    PLG_ACT_COND_CB,      /* same, iff (*slot <cond> imm), unsigned */
    PLG_ACT_INLINE_ADD,   /* *slot += imm */
    PLG_ACT_INLINE_STORE, /* *slot = imm */
    PLG_ACT_PTR_ADD,      /* API v1 pointer inline op: *ptr += imm */
    PLG_ACT_MEM_CB,       /* memory callback: mem_cb(vcpu_index, info, vaddr, udata) */
};

/* A scoreboard as the host sees it: data grows (and every translation is flushed) when vCPU
 * indexes outgrow the capacity, so ops read data through this struct or are dropped with it. */
struct plg_score {
    uint8_t *data;
    size_t stride; /* element size in bytes */
};

struct plg_action {
    uint8_t kind;  /* enum plg_action_kind */
    uint8_t regs;  /* enum qemu_plugin_cb_flags (0 none, 1 read, 2 read-write, 3 rw + pc) */
    uint8_t cond;  /* enum qemu_plugin_cond (COND_CB) */
    uint8_t rw;    /* QEMU_PLUGIN_MEM_R/W/RW (memory actions) */
    union {
        void (*cb)(unsigned int vcpu_index, void *udata);
        void (*mem_cb)(unsigned int vcpu_index, uint32_t info, uint64_t vaddr, void *udata);
    };
    void *udata;
    struct plg_score *score; /* COND_CB, INLINE_*: the entry's scoreboard */
    size_t offset;           /* ... and byte offset inside one element */
    uint64_t imm;
    uint64_t *ptr;           /* PTR_ADD target */
    uint8_t mem_kind;        /* memory inline actions: PLG_ACT_INLINE_ADD/STORE/PTR_ADD */
    const void *owner;       /* plugin/ private: the plugin that registered the action */
};

static inline uint64_t *plg_slot(const struct plg_action *a, unsigned vcpu_index)
{
    return (uint64_t *)(a->score->data + (size_t)vcpu_index * a->score->stride + a->offset);
}

struct plg_action_list {
    unsigned n;
    struct plg_action *a; /* in execution order */
};

/* What plugins attached to one translation. Owned by the block; freed with plg_tb_instr_free. */
struct plg_tb_instr {
    struct plg_action_list tb;      /* at block start */
    unsigned n_insns;
    struct plg_action_list *insn;   /* [n_insns]: before instruction k */
    struct plg_action_list *mem;    /* [n_insns]: after each access of instruction k */
};

/* One decoded instruction as offered to plugins at translation time. */
struct plg_insn_desc {
    gaddr_t vaddr;
    uint32_t raw;     /* encoding (16-bit ones zero-extended) */
    uint8_t len;      /* 2 or 4 */
    uint8_t mem_log2; /* data access size, if any */
    uint16_t op;      /* enum rv_op */
};

/* ---- events (vCPU thread) ---- */

/* vCPU joined: assign nothing (exec/ already set cpu->index), grow scoreboards if needed, run
 * vcpu_init callbacks. Before the vCPU translates anything, and before cpu_loop marks it running
 * (exec_cpu_start): for the duration of this work it takes part in exclusive sections itself
 * (exclusive_leave_syscall ... exclusive_enter_syscall). */
void plg_vcpu_init(struct vcpu *cpu);
/* Non-last thread exiting through exit(2): vcpu_exit callbacks. */
void plg_vcpu_exit(struct vcpu *cpu);
/* A block was decoded: if the vCPU's tb_trans event is enabled run tb_trans callbacks and
 * return the requested instrumentation (NULL when there is none). */
struct plg_tb_instr *plg_tb_trans(struct vcpu *cpu, gaddr_t pc, unsigned n,
                                  const struct plg_insn_desc *insns);
void plg_tb_instr_free(struct plg_tb_instr *ti);
/* Run one callback action (PLG_ACT_CB / COND_CB after the condition held). cpu->pc must be the
 * instrumented instruction's pc. Only from translated code under cpu_loop: if the plugin calls
 * qemu_plugin_set_pc this does not return but siglongjmps to cpu->fault_jmp with
 * FAULT_JMP_PC_SET (cpu->pc = the new target). */
void plg_call(struct vcpu *cpu, const struct plg_action *a);
/* For generated code that calls a dynamic callback itself (the JIT): the byte offsets, inside
 * *cpu->plg, of the call state plg_call sets around the call (a uint8_t level, then reset to
 * 0, and a pointer, set to a->owner, then reset to NULL), and the level for action a. */
size_t plg_call_level_offset(void);
size_t plg_call_owner_offset(void);
uint8_t plg_call_level(const struct plg_action *a);
/* True (and cleared) if a plugin called qemu_plugin_set_pc during the last plg_syscall,
 * plg_syscall_filter or plg_syscall_ret on cpu: cpu->pc is the new target. The syscall layer
 * then neither emulates the call nor writes a0 nor advances pc. */
bool plg_pc_redirected(struct vcpu *cpu);
/* After a completed data access by an instrumented instruction: run cpu's armed memory actions
 * matching the direction. info is from plg_meminfo(). A memory callback's qemu_plugin_set_pc
 * unwinds to the cpu loop as in plg_call. */
void plg_mem_hook(struct vcpu *cpu, uint32_t info, gaddr_t vaddr, uint64_t lo, uint64_t hi);
/* Encode a memory access descriptor (qemu_plugin_meminfo_t). */
uint32_t plg_meminfo(unsigned size_log2, bool sign_extend, bool store);

/* Syscall events: before emulation (a = a0..a5), optional v6 filter (returns true and sets *ret
 * if a plugin skipped the call), after emulation. */
void plg_syscall(struct vcpu *cpu, int64_t num, const uint64_t a[6]);
bool plg_syscall_filter(struct vcpu *cpu, int64_t num, const uint64_t a[6], int64_t *ret);
void plg_syscall_ret(struct vcpu *cpu, int64_t num, int64_t ret);

/* All translations were dropped (exclusive context): flush callbacks. */
void plg_flushed(struct proc *p);
/* Process end (exit_group, last exit, fatal signal), on the exiting thread: the user-exit
 * sequence of the spec (unregister, flush, atexit callbacks). Idempotent. */
void plg_process_exit(struct vcpu *cpu);
/* fork(): before (take the plugin lock), after in parent and child. */
void plg_fork_prepare(void);
void plg_fork_parent(void);
void plg_fork_child(void);
/* The plugin core's own descriptor (/proc/self/mem, opened on a first guest-memory access that
 * needs it), -1 if none: the guest must not close or replace it. Any thread. */
int plg_own_fd(void);

#endif
