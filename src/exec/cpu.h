/*
 * cpu.h — per-process (struct proc) and per-guest-thread (struct vcpu) state.
 *
 * One struct vcpu per guest thread, owned by that thread's host pthread; hot interpreter fields
 * come first so that a future JIT can address them with short displacements. Each layer keeps
 * its own state behind an opaque pointer (mem, linux, plugin) so this header stays small.
 *
 * Threading: fields under "owning vCPU only" are touched only by the vCPU's own thread; the
 * attention word is the only field other threads write (atomically), to ask this vCPU to leave
 * translated code at the next block boundary.
 */
#ifndef PLUME_EXEC_CPU_H
#define PLUME_EXEC_CPU_H

#include <pthread.h>
#include <setjmp.h>

#include "../util/common.h"

struct tb;
struct tb_cache;
struct exec_proc;
struct exec_vcpu;
struct jit_vcpu;
struct mem_space;
struct linux_proc;
struct linux_thread;
struct plg_vcpu;
struct plg_action_list;
struct op;
struct config;
struct symtab;
struct gdb_stub;

/* Bits of vcpu.attention: why the vCPU must leave translated code. */
enum {
    ATTN_SIGNAL = 1u << 0,    /* a guest signal may be deliverable */
    ATTN_EXIT = 1u << 1,      /* the process is exiting: stop now */
    ATTN_EXCLUSIVE = 1u << 2, /* another thread wants an exclusive section */
    ATTN_WORK = 1u << 3,      /* queued work for this vCPU (plugin masks, flush) */
    ATTN_STEP = 1u << 4,      /* leave after one block (JIT co-simulation); loop ignores it */
};

/* Why the interpreter returned to the cpu loop. */
enum exit_reason {
    EXIT_ATTENTION, /* attention word was set at a block boundary */
    EXIT_ECALL,     /* pc is the ecall; the loop handles it and advances pc */
    EXIT_FAULT,     /* synchronous guest fault: see vcpu.fault_* */
    EXIT_STEP_DONE, /* interp_step reached its end; a JIT block without code (exec/, jit/) */
};

/* Values vcpu.fault_jmp is longjmp'd with (the cpu loop's recovery point). */
enum {
    FAULT_JMP_FAULT = 1,  /* host fault on a guest access: cpu->fault filled (cpu_loop.c) */
    FAULT_JMP_PC_SET = 2, /* a dynamic plugin callback set cpu->pc: continue there */
    FAULT_JMP_EXIT = 3,   /* JIT helper unwound after a flush with exit reason (value - 3)
                             pending: cpu->pc (and cpu->fault for EXIT_FAULT) set */
};

/* Synchronous fault kinds recorded in vcpu.fault_sig / fault_code. */
struct guest_fault {
    int sig;        /* guest signal number (SIGSEGV, SIGILL, SIGBUS, SIGTRAP, SIGFPE) */
    int code;       /* si_code (SEGV_MAPERR, SEGV_ACCERR, ILL_ILLOPC, TRAP_BRKPT, ...) */
    gaddr_t addr;   /* si_addr */
};

struct vcpu {
    /* ---- hot interpreter state (owning vCPU only) ---- */
    uint64_t x[33];          /* x[0] always reads 0; x[32] is the sink for writes to x0 */
    uint64_t pc;             /* guest pc; exact at block boundaries and on exit */
    uint64_t f[32];          /* FP registers as raw bits; singles NaN-boxed */
    uint32_t fflags;         /* accrued exceptions (fcsr[4:0]) */
    uint32_t frm;            /* dynamic rounding mode (fcsr[7:5]) */
    uint8_t *mem_base;       /* == guest_base: host address of guest address 0 */
    volatile uint32_t attention; /* ATTN_* bits; set by any thread with atomic or */
    uint32_t index;          /* vCPU index as plugins see it */
    struct tb **jmp_cache;   /* per-vCPU direct-mapped cache: guest pc -> tb */
    const struct op *cur_op; /* op being executed when a memory access may fault */
    const struct plg_action_list *plg_mem; /* armed memory actions (instrumented insn) */

    /* LR/SC reservation */
    gaddr_t res_addr;
    uint64_t res_val;
    bool res_valid;

    /* ---- memory-callback capture (set by instrumented accesses) ---- */
    uint64_t mem_vaddr;
    uint64_t mem_val_lo, mem_val_hi;
    uint32_t mem_info;

    /* ---- cold state ---- */
    struct proc *proc;
    int tid;                       /* host tid == guest tid */
    struct guest_fault fault;      /* last synchronous fault (EXIT_FAULT) */
    sigjmp_buf fault_jmp;          /* FAULT_JMP_*: guest host-fault or plugin set_pc */
    volatile int in_guest;         /* 1 while running translated code (fault handler uses it) */
    uint64_t icount;               /* instructions executed by completed blocks (-d exec stats) */
    struct linux_thread *lx;       /* linux/ layer: signal mask, altstack, clear_child_tid, ... */
    struct plg_vcpu *plg;          /* plugin/ layer: event mask, access level, mem actions */
    struct exec_vcpu *ex;          /* exec/ layer: exclusive-section state, queued work */
    struct jit_vcpu *jit;          /* jit/ layer: co-simulation state (NULL unless used) */
    struct vcpu *next;             /* proc->cpus list, under proc->cpu_lock */
};

struct proc {
    struct mem_space *mem;         /* mem/: page flags, mappings, brk */
    struct tb_cache *tbs;          /* exec/: global translation cache */
    struct exec_proc *ex;          /* exec/: exclusive sections */
    struct linux_proc *lx;         /* linux/: fd table quirks, signal actions, exe path */
    const struct config *cfg;      /* parsed command line */

    /* image facts (loader) */
    gaddr_t entry;                 /* initial pc (interpreter's entry when dynamic) */
    gaddr_t start_code, end_code;  /* main executable's executable segments (plugin API) */
    gaddr_t start_stack;
    char *exe_path;                /* absolute, symlink-resolved path of the guest executable */
    struct symtab *syms;           /* function symbols of the program and its interpreter */
    int argc;                      /* guest argv as loaded (for /proc/self/cmdline) */
    char **argv;
    gaddr_t auxv, auxv_end;        /* guest range of the auxiliary vector (/proc/self/auxv) */

    /* vCPUs */
    struct vcpu *cpus;             /* all live vCPUs */
    unsigned n_cpus;               /* live count */
    pthread_mutex_t cpu_lock;      /* protects cpus, n_cpus and every vcpu.next */
    bool multi_threaded;           /* set at the first CLONE_VM */
    struct gdb_stub *gdb;          /* gdb/: the -g stub, NULL without -g */
};

/* The vCPU running on this host thread (NULL on non-vCPU threads). */
extern __thread struct vcpu *current_cpu;

#endif
