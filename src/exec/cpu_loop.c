/*
 * cpu_loop.c — the per-thread execution loop: run blocks, hand ecalls to the syscall layer and
 * faults and signals to the signal layer, honour attention requests between blocks.
 *
 * Loop: set current_cpu, run the plugin vcpu_init event, mark the vCPU running, establish the
 * recovery point (sigsetjmp on cpu->fault_jmp: host faults land with FAULT_JMP_FAULT, a dynamic
 * plugin callback's qemu_plugin_set_pc with FAULT_JMP_PC_SET and cpu->pc set, a JIT helper
 * that must not return into code a flush may have reused with FAULT_JMP_EXIT + its exit reason),
 * then forever: handle attention bits (exit, exclusive requests, queued work, pending signals),
 * run guest code with in_guest = 1 (the back end's run, the JIT, if one is installed, else the
 * interpreter), and act on its exit reason (EXIT_ECALL -> sys_ecall, EXIT_FAULT ->
 * sig_deliver_fault).
 *
 * Host fault protocol (what the linux/ layer's SIGSEGV/SIGBUS handler must do; install it with
 * SA_SIGINFO | SA_ONSTACK on a per-thread alternate stack and an empty sa_mask):
 *  1. Let cpu = current_cpu and host = si_addr. If cpu != NULL and host lies inside
 *     [cpu->mem_base, cpu->mem_base + GUEST_SPACE), let g = host - cpu->mem_base (the guest
 *     address). Anything else is a plume bug: reset the signal to SIG_DFL and return, so the
 *     access faults again and the process dies visibly.
 *  2. If the signal is SIGSEGV, the access was a write (x86 page-fault error code
 *     uc_mcontext.gregs[REG_ERR] bit 1) and mem_handle_code_write(cpu->proc->mem, g) returns
 *     true, return from the handler: the store is retried and now succeeds (the page's blocks
 *     were invalidated). Do this whatever cpu->in_guest says.
 *  3. Otherwise, if cpu->in_guest is set, record the guest fault and unwind:
 *       cpu->fault.sig  = SIGSEGV (host SIGBUS on a guest file mapping beyond EOF: SIGBUS),
 *       cpu->fault.code = SEGV_MAPERR if !(mem_page_flags(mem, g) & PAGE_VALID), else
 *                         SEGV_ACCERR (BUS_ADRERR for SIGBUS),
 *       cpu->fault.addr = g,
 *     then siglongjmp(cpu->fault_jmp, FAULT_JMP_FAULT) (== 1). Never return to the faulting
 *     access in this case.
 *  4. Otherwise (in_guest clear) it is a plume bug: SIG_DFL and return, as in step 1.
 * The loop then takes over: it unblocks SIGSEGV and SIGBUS on the host (the jump does not
 * restore the mask), clears in_guest and the armed plugin memory actions, sets cpu->pc to the
 * faulting instruction (cpu->cur_op->pc: every handler that may touch guest memory, and the
 * JIT's code before every guest access, stores cpu->cur_op = op before the access) and calls
 * sig_deliver_fault(cpu).
 * Faults the interpreter detects itself (illegal instructions, ebreak, misaligned atomics,
 * addresses beyond the guest space, unfetchable code) fill cpu->fault the same way and come
 * back as EXIT_FAULT with cpu->pc set.
 *
 * Threading: owning vCPU only. in_guest is cleared while translating (the fetch path checks
 * page flags itself) and outside the interpreter.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "../linux/syscall.h"
#include "../loader/loader.h"
#include "../plugin/hooks.h"
#include "../util/log.h"
#include "internal.h"
#include "tb.h"

static const char *const reg_names[32] = {
    "x0/zero", "x1/ra",  "x2/sp",   "x3/gp",   "x4/tp",  "x5/t0",  "x6/t1",  "x7/t2",
    "x8/s0",   "x9/s1",  "x10/a0",  "x11/a1",  "x12/a2", "x13/a3", "x14/a4", "x15/a5",
    "x16/a6",  "x17/a7", "x18/s2",  "x19/s3",  "x20/s4", "x21/s5", "x22/s6", "x23/s7",
    "x24/s8",  "x25/s9", "x26/s10", "x27/s11", "x28/t3", "x29/t4", "x30/t5", "x31/t6",
};

void cpu_log_block(struct vcpu *cpu, const struct tb *tb)
{
    char buf[1536];
    size_t n = 0;
    cpu->pc = tb->pc;
    if (log_enabled(LOG_EXEC)) {
        const struct proc *p = cpu->proc;
        const char *sym = p->syms ? symtab_lookup(p->syms, tb->pc) : NULL;
        n += (size_t)snprintf(
            buf + n, sizeof buf - n, "Trace %u: %p [%016" PRIx64 "/%016" PRIx64 "/%08x/%08x] %s\n",
            cpu->index, (const void *)tb, (uint64_t)0, tb->pc, 0u, 0u, sym ? sym : "");
    }
    if (log_enabled(LOG_CPU)) {
        n += (size_t)snprintf(buf + n, sizeof buf - n, " %-8s %016" PRIx64 "\n", "pc", tb->pc);
        for (unsigned i = 0; i < 32; i++) {
            n += (size_t)snprintf(buf + n, sizeof buf - n, " %-8s %016" PRIx64 "%s", reg_names[i],
                                  cpu->x[i], (i & 3) == 3 ? "\n" : "");
        }
    }
    log_puts(buf);
}

/* A host fault in guest code unwound to the loop: deliver it as a guest signal. */
static void fault_unwound(struct vcpu *cpu)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGSEGV);
    sigaddset(&s, SIGBUS);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    cpu->in_guest = 0;
    cpu->plg_mem = NULL;
    cpu->pc = cpu->cur_op->pc;
    sig_deliver_fault(cpu);
}

/* A dynamic plugin callback called qemu_plugin_set_pc (the plugin layer already reset its
 * per-vCPU call state), or a JIT helper unwound after a flush: abandon the block and continue at
 * cpu->pc. */
static void pc_set_unwound(struct vcpu *cpu)
{
    cpu->in_guest = 0;
    cpu->plg_mem = NULL;
}

static void handle_attention(struct vcpu *cpu)
{
    uint32_t a = __atomic_exchange_n(&cpu->attention, 0, __ATOMIC_SEQ_CST);
    if (a & ATTN_EXIT) {
        /* Another thread is ending the process: stop for good, counted as stopped. */
        exec_cpu_stop(cpu);
        for (;;)
            pause();
    }
    if (a & ATTN_EXCLUSIVE) {
        exec_cpu_stop(cpu);
        exec_cpu_start(cpu);
    }
    if (a & ATTN_WORK)
        exec_run_work(cpu);
    if (a & ATTN_SIGNAL)
        sig_deliver_pending(cpu);
}

NORETURN void cpu_loop(struct vcpu *cpu)
{
    current_cpu = cpu;
    if (plg_active)
        plg_vcpu_init(cpu);
    exec_cpu_start(cpu);
    const struct tb_backend *be = tb_get_backend(cpu->proc);
    int jmp = sigsetjmp(cpu->fault_jmp, 0);
    enum exit_reason r = EXIT_ATTENTION; /* assigned after every (re)turn of sigsetjmp */
    if (jmp == FAULT_JMP_FAULT) {
        fault_unwound(cpu);
    } else if (jmp == FAULT_JMP_PC_SET) {
        pc_set_unwound(cpu);
    } else if (jmp >= FAULT_JMP_EXIT) {
        /* A JIT helper left code that a flush may already have reused: act on its exit. */
        pc_set_unwound(cpu);
        r = (enum exit_reason)(jmp - FAULT_JMP_EXIT);
    }
    for (;;) {
        if (r == EXIT_ECALL)
            sys_ecall(cpu);
        else if (r == EXIT_FAULT)
            sig_deliver_fault(cpu);
        if (__atomic_load_n(&cpu->attention, __ATOMIC_RELAXED))
            handle_attention(cpu);
        cpu->in_guest = 1;
        r = be ? be->run(be->opaque, cpu) : interp_run(cpu);
        cpu->in_guest = 0;
    }
}
