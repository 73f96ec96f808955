/*
 * test_interp_fixture.h — shared by the test_interp*.c unit tests of exec/.
 *
 * Provides: a process with a real guest address space (mem/) holding an RWX code region at
 * CODE and a data region at DATA; instruction encoders that check themselves against the real
 * decoder; a runner that copies a program to CODE (through mem_copy_to_guest, which also
 * exercises code invalidation) and interprets it up to its ecall; and test-only stand-ins for
 * the plugin, linux and loader functions that exec/ calls (the real layers are tested on their
 * own). The stand-ins reach the test state through container_of on struct proc.
 *
 * Threading: the stand-ins are thread-safe where the threaded test needs it (atomics).
 */
#ifndef TEST_INTERP_FIXTURE_H
#define TEST_INTERP_FIXTURE_H

#include <inttypes.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../../src/exec/config.h"
#include "../../src/exec/exec.h"
#include "../../src/exec/internal.h"
#include "../../src/exec/tb.h"
#include "../../src/linux/syscall.h"
#include "../../src/loader/loader.h"
#include "../../src/mem/mem.h"
#include "../../src/plugin/hooks.h"
#include "../../src/riscv/insn.h"

#define CODE ((gaddr_t)0x10000)
#define CODE_SIZE ((gaddr_t)0x10000)
#define DATA ((gaddr_t)0x40000)
#define DATA_SIZE ((gaddr_t)0x10000)

#define MAX_EVENTS 256

/* One plugin-visible event recorded by the stand-ins. */
struct event {
    char kind;      /* 'c' callback, 'm' memory access */
    uint64_t pc;    /* cpu->pc at a callback */
    uint64_t udata; /* callback udata */
    uint32_t info;  /* memory: meminfo */
    uint64_t vaddr, value;
};

struct fix {
    struct proc p;
    struct config cfg;
    struct vcpu *cpu;
    int failures;
    /* plugin stand-in */
    struct plg_tb_instr *(*instrument)(struct fix *f, gaddr_t pc, unsigned n,
                                       const struct plg_insn_desc *insns);
    void *user; /* test-specific state of the instrument callback */
    int flushed;
    int redirect_at_event; /* callback index that redirects the pc (-1: none) */
    gaddr_t redirect_to;
    int n_events;
    struct event ev[MAX_EVENTS];
    /* linux stand-in (threaded test) */
    void (*on_ecall)(struct fix *f, struct vcpu *cpu);
    void (*on_fault)(struct fix *f, struct vcpu *cpu);
};

static inline struct fix *fix_of(const struct proc *p)
{
    return (struct fix *)((char *)p - offsetof(struct fix, p));
}

#define CHECK(f, cond)                                                                             \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                        \
            (f)->failures++;                                                                       \
        }                                                                                          \
    } while (0)

#define CHECK_EQ(f, a, b)                                                                          \
    do {                                                                                           \
        uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);                                           \
        if (a_ != b_) {                                                                            \
            printf("%s:%d: %s = 0x%" PRIx64 ", expected 0x%" PRIx64 "\n", __FILE__, __LINE__, #a,  \
                   a_, b_);                                                                        \
            (f)->failures++;                                                                       \
        }                                                                                          \
    } while (0)

/* ---- test-only stand-ins for the layers exec/ calls ---- */

bool plg_active;

void plg_vcpu_init(struct vcpu *cpu) {}

struct plg_tb_instr *plg_tb_trans(struct vcpu *cpu, gaddr_t pc, unsigned n,
                                  const struct plg_insn_desc *insns)
{
    struct fix *f = fix_of(cpu->proc);
    return f->instrument ? f->instrument(f, pc, n, insns) : NULL;
}

void plg_tb_instr_free(struct plg_tb_instr *ti)
{
    for (unsigned i = 0; i < ti->n_insns; i++) {
        free(ti->insn[i].a);
        free(ti->mem[i].a);
    }
    free(ti->tb.a);
    free(ti->insn);
    free(ti->mem);
    free(ti);
}

static void fix_event(struct fix *f, struct event e)
{
    if (f->n_events < MAX_EVENTS)
        f->ev[f->n_events] = e;
    f->n_events++;
}

/* A plugin's qemu_plugin_set_pc from a dynamic callback: unwind to the cpu loop. */
static void fix_maybe_redirect(struct fix *f, struct vcpu *cpu, int idx)
{
    if (idx == f->redirect_at_event) {
        cpu->pc = f->redirect_to;
        siglongjmp(cpu->fault_jmp, FAULT_JMP_PC_SET);
    }
}

void plg_call(struct vcpu *cpu, const struct plg_action *a)
{
    struct fix *f = fix_of(cpu->proc);
    int idx = f->n_events;
    fix_event(f, (struct event){.kind = 'c', .pc = cpu->pc, .udata = (uintptr_t)a->udata});
    fix_maybe_redirect(f, cpu, idx);
}

void plg_mem_hook(struct vcpu *cpu, uint32_t info, gaddr_t vaddr, uint64_t lo, uint64_t hi)
{
    struct fix *f = fix_of(cpu->proc);
    CHECK(f, cpu->plg_mem != NULL);
    int idx = f->n_events;
    fix_event(f, (struct event){.kind = 'm', .info = info, .vaddr = vaddr, .value = lo});
    fix_maybe_redirect(f, cpu, idx);
}

uint32_t plg_meminfo(unsigned size_log2, bool sign_extend, bool store)
{
    return size_log2 << 5 | (unsigned)sign_extend << 8 | (store ? 2u : 1u) << 16;
}

void plg_flushed(struct proc *p)
{
    __atomic_add_fetch(&fix_of(p)->flushed, 1, __ATOMIC_SEQ_CST);
}

const char *symtab_lookup(const struct symtab *s, gaddr_t a)
{
    return NULL;
}

void sys_ecall(struct vcpu *cpu)
{
    fix_of(cpu->proc)->on_ecall(fix_of(cpu->proc), cpu);
}

void sig_deliver_fault(struct vcpu *cpu)
{
    fix_of(cpu->proc)->on_fault(fix_of(cpu->proc), cpu);
}

void sig_deliver_pending(struct vcpu *cpu) {}

/* ---- set-up ---- */

static void fix_init(struct fix *f)
{
    memset(f, 0, sizeof *f);
    f->redirect_at_event = -1;
    f->p.cfg = &f->cfg;
    f->p.mem = mem_init();
    exec_init(&f->p);
    int64_t r = mem_mmap(f->p.mem, CODE, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (r != (int64_t)CODE)
        die("test: code mapping failed (%" PRId64 ")", r);
    r = mem_mmap(f->p.mem, DATA, DATA_SIZE, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (r != (int64_t)DATA)
        die("test: data mapping failed (%" PRId64 ")", r);
    f->cpu = cpu_new(&f->p);
}

/* ---- instruction encoders ---- */

enum {
    OPC_LOAD = 0x03,
    OPC_LOAD_FP = 0x07,
    OPC_MISC_MEM = 0x0f,
    OPC_OP_IMM = 0x13,
    OPC_AUIPC = 0x17,
    OPC_OP_IMM_32 = 0x1b,
    OPC_STORE = 0x23,
    OPC_STORE_FP = 0x27,
    OPC_AMO = 0x2f,
    OPC_OP = 0x33,
    OPC_LUI = 0x37,
    OPC_OP_32 = 0x3b,
    OPC_MADD = 0x43,
    OPC_OP_FP = 0x53,
    OPC_BRANCH = 0x63,
    OPC_JALR = 0x67,
    OPC_JAL = 0x6f,
    OPC_SYSTEM = 0x73
};

static inline uint32_t enc_r(unsigned f7, unsigned rs2, unsigned rs1, unsigned f3, unsigned rd,
                             unsigned opc)
{
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}

static inline uint32_t enc_i(int32_t imm, unsigned rs1, unsigned f3, unsigned rd, unsigned opc)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}

static inline uint32_t enc_s(int32_t imm, unsigned rs2, unsigned rs1, unsigned f3, unsigned opc)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 0x1f) << 7 | opc;
}

static inline uint32_t enc_b(int32_t off, unsigned rs2, unsigned rs1, unsigned f3)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
           ((u >> 1) & 0xf) << 8 | ((u >> 11) & 1) << 7 | OPC_BRANCH;
}

static inline uint32_t enc_u(uint32_t imm20, unsigned rd, unsigned opc)
{
    return imm20 << 12 | rd << 7 | opc;
}

static inline uint32_t enc_j(int32_t off, unsigned rd)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 | ((u >> 11) & 1) << 20 |
           ((u >> 12) & 0xff) << 12 | rd << 7 | OPC_JAL;
}

static inline uint32_t enc_amo(unsigned f5, bool d, unsigned rd, unsigned rs1, unsigned rs2)
{
    return f5 << 27 | rs2 << 20 | rs1 << 15 | (d ? 3u : 2u) << 12 | rd << 7 | OPC_AMO;
}

/* A program under construction; every word is checked to decode to the expected row. */
struct prog {
    uint32_t w[1024];
    unsigned n;
};

static inline void emit(struct fix *f, struct prog *pg, unsigned op, uint32_t w)
{
    struct insn in;
    rv_decode(w, &in);
    if (in.op != op) {
        printf("encoder bug: 0x%08x decodes to %s, expected %s\n", w, rv_op_name[in.op],
               rv_op_name[op]);
        f->failures++;
    }
    pg->w[pg->n++] = w;
}

#define E(op, w) emit(f, pg, RV_OP_##op, (w))

/* Integer registers by ABI name. */
enum { ZERO, RA, SP, GP, TP, T0, T1, T2, S0, S1, A0, A1, A2, A3, A4, A5, A6, A7 };

static inline void li(struct fix *f, struct prog *pg, unsigned rd, uint64_t v)
{
    /* lui+addiw for 32-bit values, else 11 bits at a time with slli/ori */
    int64_t s = (int64_t)v;
    if (s >= INT32_MIN && s <= INT32_MAX) {
        int32_t lo = (int32_t)((uint32_t)s << 20) >> 20;
        uint32_t hi = ((uint32_t)s - (uint32_t)lo) >> 12;
        if (hi) {
            E(LUI, enc_u(hi & 0xfffff, rd, OPC_LUI));
            E(ADDIW, enc_i(lo, rd, 0, rd, OPC_OP_IMM_32));
        } else {
            E(ADDI, enc_i(lo, ZERO, 0, rd, OPC_OP_IMM));
        }
        return;
    }
    /* top 9 bits, then five 11-bit chunks */
    E(ADDI, enc_i((int32_t)(v >> 55), ZERO, 0, rd, OPC_OP_IMM));
    for (int sh = 44; sh >= 0; sh -= 11) {
        E(SLLI, enc_i(11, rd, 1, rd, OPC_OP_IMM));
        E(ORI, enc_i((int32_t)((v >> sh) & 0x7ff), rd, 6, rd, OPC_OP_IMM));
    }
}

/* Append ecall and run the program from CODE; returns the exit reason. */
static inline enum exit_reason run_prog(struct fix *f, struct prog *pg)
{
    pg->w[pg->n++] = 0x00000073;
    if (mem_copy_to_guest(f->p.mem, CODE, pg->w, pg->n * 4) != 0)
        die("test: cannot write the program");
    f->cpu->pc = CODE;
    return interp_run(f->cpu);
}

#endif
