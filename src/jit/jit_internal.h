/*
 * jit_internal.h — state and functions shared by the files of src/jit/ only.
 *
 * Conventions of generated code (lower.c writes it, jit.c's stubs enter and leave it):
 *  - rbx = cpu + JIT_CPU_BIAS, so that x1..x31 are within disp8 of rbx (x[] comes first in
 *    struct vcpu); r12 = cpu->mem_base (guest address 0); r13 = GUEST_SPACE - 8, the bound of
 *    the one-compare range check of guest accesses; r14 is a scratch register that survives
 *    helper calls; rsp is 16-byte aligned at every call.
 *  - A block is entered with rax = its struct tb and rsi = the block it was chained from (or 0),
 *    by `jmp [rax + offsetof(struct tb, jit_code)]`; invalidated blocks and the slot sentinels
 *    enter jit.c's stubs that way, with the same registers.
 *  - Leaving: eax = enum exit_reason, cpu->pc set, jump to the epilogue stub.
 *
 * Threading: struct jit_proc is written at jit_init and at flushes (exclusive) only, apart from
 * the atomic bump pointer of the code memory; struct jit_vcpu belongs to its vCPU.
 */
#ifndef PLUME_JIT_JIT_INTERNAL_H
#define PLUME_JIT_JIT_INTERNAL_H

#include <stdio.h>

#include "../exec/internal.h"
#include "../exec/tb.h"
#include "jit.h"

#define JIT_CPU_BIAS 128

/* Handler address -> op kind (the reverse of interp_handler), sorted by address. */
struct jit_hkind {
    const void *h;
    unsigned kind;
};

struct jit_proc {
    struct proc *proc;
    struct tb_backend be;
    bool cosim;
    bool has_popcnt, has_lzcnt, has_tzcnt; /* host POPCNT, LZCNT (ABM), TZCNT (BMI1) */

    /* code memory: one memfd mapped twice, read+execute (rx) and read+write (rw) */
    uint8_t *rx, *rw;
    size_t size;
    size_t used;     /* bump pointer (atomic fetch-add), bytes from rx */
    size_t stubs;    /* bytes of stubs at the start, kept by flushes */
    size_t flush_at; /* ask for a flush once used passes this */

    /* stubs (rx addresses) */
    enum exit_reason (*enter)(struct vcpu *cpu, struct tb *tb);
    const uint8_t *epilogue;   /* eax = exit reason: restore host registers, return */
    const uint8_t *exit_fault; /* eax = EXIT_FAULT, then the epilogue */
    const uint8_t *interp;     /* jit_code of a block without code: leave for the interpreter */
    const uint8_t *recompile;  /* jit_code of a block whose code a fork left behind */
    size_t plg_level_off, plg_owner_off; /* plugin call state in *cpu->plg (plugin/hooks.h) */

    struct jit_hkind *hkind; /* [OPK_COUNT] */

    FILE *perfmap; /* /tmp/perf-<pid>.map, or NULL */
    pthread_mutex_t perfmap_lock;
};

/* One store recorded during a co-simulated block (undo log). */
struct jit_undo {
    gaddr_t addr;
    unsigned size;
    uint64_t old;
};

struct jit_vcpu {
    bool logging; /* record stores (jit_rt_cosim_log) */
    unsigned n, cap;
    struct jit_undo *log;
};

/* ---- jit.c ---- */

/* The op kind whose interpreter handler is h. Any thread. */
unsigned jit_kind(const struct jit_proc *jp, const void *h);
/* n bytes of code memory, 32-byte aligned: the rx address, *rw its writable alias; NULL when
 * the memory is exhausted (a flush has been requested). Any vCPU thread. */
uint8_t *jit_code_alloc(struct jit_proc *jp, struct vcpu *cpu, size_t n, uint8_t **rw);
/* The block at rw (n bytes) is written: release the write view of the chunks it completed. */
void jit_code_written(struct jit_proc *jp, uint8_t *rw, size_t n);
/* Record [rx, rx + len) as the code of the block at pc in the perf map (if enabled). */
void jit_perfmap_add(struct jit_proc *jp, const uint8_t *rx, size_t len, gaddr_t pc);

/* Runtime helpers called from generated code (owning vCPU, inside jit_run). Those that may run
 * plugin code never return into code after a flush: they unwind to the cpu loop instead
 * (FAULT_JMP_PC_SET / FAULT_JMP_EXIT). Blocks they are handed were reached through generated
 * code, whose loads no race detector sees: they first acquire-load the block's jit_code, which
 * its compiler stored with release after building it (jit_sync). */
struct tb *jit_rt_chain_slow(struct vcpu *cpu, struct tb *tb, struct tb *prev, unsigned kind);
struct tb *jit_rt_recompile(struct vcpu *cpu, struct tb *tb);
struct tb *jit_rt_jalr_miss(struct vcpu *cpu, struct tb *tb, gaddr_t npc);
enum exit_reason jit_rt_step(struct vcpu *cpu, const struct op *ops, const struct tb *tb);
NORETURN void jit_rt_cb_flushed(struct vcpu *cpu);
void jit_rt_cosim_log(struct vcpu *cpu, gaddr_t a, unsigned size);
uint64_t jit_rt_div(uint64_t a, uint64_t b);
uint64_t jit_rt_divu(uint64_t a, uint64_t b);
uint64_t jit_rt_rem(uint64_t a, uint64_t b);
uint64_t jit_rt_remu(uint64_t a, uint64_t b);
uint64_t jit_rt_divw(uint64_t a, uint64_t b);
uint64_t jit_rt_divuw(uint64_t a, uint64_t b);
uint64_t jit_rt_remw(uint64_t a, uint64_t b);
uint64_t jit_rt_remuw(uint64_t a, uint64_t b);
uint64_t jit_rt_orc_b(uint64_t a);

/* Kinds of jit_rt_chain_slow. */
enum { JIT_SLOW_STALE = 0, JIT_SLOW_UNCHAINED = 1 /* + slot */ };

/* ---- lower.c ---- */

/* The acquire half of a block's publication, for blocks reached through generated code. */
static inline void jit_sync(const struct tb *tb)
{
    (void)__atomic_load_n(&tb->jit_code, __ATOMIC_ACQUIRE);
}

/* Lower tb's ops to code: its entry, or jp->interp when the block cannot be compiled (-d exec
 * log ops) or code memory is exhausted. */
const void *jit_lower(struct jit_proc *jp, struct vcpu *cpu, struct tb *tb, size_t *bytes);
/* The tb_backend compile hook: tb->jit_code = jit_lower(...) (release), and the code's size
 * counts toward the translation cache limit (tb->bytes). */
void jit_compile(void *opaque, struct vcpu *cpu, struct tb *tb);

#endif
