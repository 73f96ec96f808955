/* link: src/exec/tb.c src/exec/interp.c src/exec/cpu.c src/exec/exclusive.c src/exec/cpu_loop.c src/riscv/decode.c src/riscv/disas.c src/riscv/csr_names.c src/riscv/fpu.c src/riscv/fpu_soft.c src/mem/space.c src/mem/mmap.c src/mem/vma.c src/mem/maps.c src/util/common.c src/util/log.c */
/*
 * test_interp_threads.c — the cpu loop on real threads: the host-fault protocol documented in
 * cpu_loop.c (implemented here by a test handler, as linux/ implements it), guest stores to
 * translated code (write-protected pages) followed by fence.i, exclusive sections stopping
 * vCPUs that spin in tight loops, vCPUs blocked in syscalls counting as stopped, queued and
 * safe work, fork inside an exclusive section, and LR/SC and AMO atomicity between two vCPUs.
 *
 * The ecall stand-in understands: a7 = 93 exit the thread, 1000 run the exclusive-section
 * checks, anything else returns.
 */
#include "test_interp_fixture.h"

#include <pthread.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { SYS_EXIT = 93, SYS_TEST_EXCLUSIVE = 1000 };

#define PROG_FAULTS (CODE + 0x1000)
#define PROG_SPIN (CODE + 0x2000)
#define PROG_CTRL (CODE + 0x3000)
#define PROG_LRSC (CODE + 0x4000)
#define PROG_SMC (CODE + 0x5000)
#define RO_PAGE ((gaddr_t)0x70000)
#define UNMAPPED ((gaddr_t)0x60000)
#define LRSC_ITERS 200000

/* Per-test-run state shared by the threads (reached through fix_of). */
struct world {
    struct fix f;
    struct vcpu *spin[2], *ctrl, *lrsc[2];
    pthread_t spin_thread[2];
    int faults_seen;
    gaddr_t fault_pc[4];
    struct guest_fault fault[4];
    int exits;
    int work_ran, safe_ran;
    bool safe_others_stopped, work_on_right_thread;
};

static struct world *world_of(struct vcpu *cpu)
{
    return (struct world *)fix_of(cpu->proc);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A spinner's loop counter, read from another thread. */
static uint64_t spin_count(struct world *w, int i)
{
    return __atomic_load_n(&w->spin[i]->x[A0], __ATOMIC_RELAXED);
}

/* The host fault handler, following the protocol of cpu_loop.c step by step. */
static void host_fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    struct vcpu *cpu = current_cpu;
    if (cpu) {
        uintptr_t h = (uintptr_t)si->si_addr, base = (uintptr_t)cpu->mem_base;
        if (h - base < GUEST_SPACE) {
            gaddr_t g = h - base;
            struct mem_space *m = cpu->proc->mem;
            if (sig == SIGSEGV && (uc->uc_mcontext.gregs[REG_ERR] & 2) &&
                mem_handle_code_write(m, g))
                return;
            if (cpu->in_guest) {
                cpu->fault.sig = sig;
                cpu->fault.code = (mem_page_flags(m, g) & PAGE_VALID) ? SEGV_ACCERR : SEGV_MAPERR;
                cpu->fault.addr = g;
                siglongjmp(cpu->fault_jmp, 1);
            }
        }
    }
    signal(sig, SIG_DFL);
}

static void on_fault(struct fix *f, struct vcpu *cpu)
{
    struct world *w = world_of(cpu);
    int i = w->faults_seen++;
    if (i < 4) {
        w->fault[i] = cpu->fault;
        w->fault_pc[i] = cpu->pc;
    }
    cpu->pc += 4; /* a guest handler that skips the faulting instruction */
}

static void work_fn(struct vcpu *cpu, void *arg)
{
    struct world *w = world_of(cpu);
    w->work_on_right_thread = pthread_equal(pthread_self(), w->spin_thread[0]);
    __atomic_store_n(&w->work_ran, 1, __ATOMIC_SEQ_CST);
}

static void safe_fn(struct vcpu *cpu, void *arg)
{
    struct world *w = world_of(cpu);
    w->safe_others_stopped = !w->spin[1]->ex->running && !w->ctrl->ex->running;
    __atomic_store_n(&w->safe_ran, 1, __ATOMIC_SEQ_CST);
}

static void exit_fn(struct vcpu *cpu, void *arg)
{
    __atomic_add_fetch(&world_of(cpu)->exits, 1, __ATOMIC_SEQ_CST);
    cpu_free(cpu);
    pthread_exit(NULL);
}

/* Wait for *flag while counted as stopped (as a blocking syscall would). */
static void wait_flag(struct vcpu *cpu, int *flag)
{
    exclusive_enter_syscall(cpu);
    double t0 = now();
    while (!__atomic_load_n(flag, __ATOMIC_SEQ_CST) && now() - t0 < 5)
        usleep(1000);
    exclusive_leave_syscall(cpu);
}

/* The controller's checks, run from its ecall. */
static void exclusive_checks(struct world *w, struct vcpu *cpu)
{
    struct fix *f = &w->f;
    /* the spinners stop, and stay stopped until the section ends */
    double t0 = now();
    exclusive_start(cpu);
    double took = now() - t0;
    CHECK(f, took < 2.0);
    uint64_t a = spin_count(w, 0), b = spin_count(w, 1);
    CHECK(f, !w->spin[0]->ex->running && !w->spin[1]->ex->running);
    usleep(20000);
    CHECK_EQ(f, spin_count(w, 0), a);
    CHECK_EQ(f, spin_count(w, 1), b);
    exclusive_start(cpu); /* nests */
    exclusive_end(cpu);
    CHECK(f, f->p.ex->active);
    exclusive_end(cpu);
    usleep(20000);
    CHECK(f, spin_count(w, 0) != a && spin_count(w, 1) != b);

    /* queued work runs on the target's thread; safe work with everyone else stopped */
    cpu_queue_work(w->spin[0], work_fn, NULL);
    wait_flag(cpu, &w->work_ran);
    CHECK(f, w->work_ran && w->work_on_right_thread);
    cpu_queue_safe_work(w->spin[0], safe_fn, NULL);
    wait_flag(cpu, &w->safe_ran);
    CHECK(f, w->safe_ran && w->safe_others_stopped);

    /* fork inside an exclusive section: the child is left with this vCPU alone and can run
     * sections and translate; the spinners go on in the parent */
    exclusive_start(cpu);
    pid_t pid = fork();
    if (pid == 0) {
        exec_fork_child(cpu);
        int bad = f->p.n_cpus != 1 || f->p.cpus != cpu || f->p.ex->active;
        exclusive_start(cpu);
        exclusive_end(cpu);
        bad |= tb_find(cpu, PROG_SPIN) == NULL;
        _exit(bad);
    }
    exclusive_end(cpu);
    int status = -1;
    CHECK(f, pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(f, WIFEXITED(status) && WEXITSTATUS(status) == 0);
    a = spin_count(w, 0);
    usleep(20000);
    CHECK(f, spin_count(w, 0) != a);

    /* stop the spinners for good */
    cpu_queue_work(w->spin[0], exit_fn, NULL);
    cpu_queue_work(w->spin[1], exit_fn, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(w->spin_thread[i], NULL);
}

static void on_ecall(struct fix *f, struct vcpu *cpu)
{
    struct world *w = (struct world *)f;
    switch (cpu->x[A7]) {
    case SYS_EXIT:
        __atomic_add_fetch(&w->exits, 1, __ATOMIC_SEQ_CST);
        cpu_free(cpu);
        pthread_exit(NULL);
    case SYS_TEST_EXCLUSIVE: exclusive_checks(w, cpu); break;
    default: break;
    }
    cpu->pc += 4;
}

static void *vcpu_thread(void *arg)
{
    cpu_loop(arg);
}

static pthread_t start_vcpu(struct vcpu *cpu, gaddr_t pc)
{
    pthread_t t;
    cpu->pc = pc;
    pthread_create(&t, NULL, vcpu_thread, cpu);
    return t;
}

static void put(struct fix *f, gaddr_t at, struct prog *pg)
{
    if (mem_copy_to_guest(f->p.mem, at, pg->w, pg->n * 4) != 0)
        die("test: cannot place a program at 0x%" PRIx64, at);
}

static void exit_seq(struct fix *f, struct prog *pg)
{
    E(ADDI, enc_i(SYS_EXIT, ZERO, 0, A7, OPC_OP_IMM));
    E(ECALL, 0x00000073);
}

/* Host faults in guest code and stores to translated code, through cpu_loop. */
static void test_faults_and_smc(struct world *w)
{
    struct fix *f = &w->f;
    struct prog P = {0}, *pg = &P;
    CHECK_EQ(f,
             mem_mmap(f->p.mem, RO_PAGE, 0x1000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                      -1, 0),
             RO_PAGE);
    E(ADDI, enc_i(1, ZERO, 0, S0, OPC_OP_IMM));
    E(LD, enc_i(0, A2, 3, A1, OPC_LOAD)); /* +4: unmapped: MAPERR */
    E(ADDI, enc_i(1, S0, 0, S0, OPC_OP_IMM));
    E(SD, enc_s(8, A1, A3, 3, OPC_STORE)); /* +12: read-only: ACCERR */
    E(ADDI, enc_i(1, S0, 0, S0, OPC_OP_IMM));
    E(JAL, enc_j((int)(PROG_SMC - (PROG_FAULTS + 20)), ZERO));
    put(f, PROG_FAULTS, pg);

    /* PROG_SMC: call f (a0 = 1), patch f to a0 = 2 with a plain store, fence.i, call again,
     * store the results at a4 */
    pg->n = 0;
    E(JAL, enc_j(40, RA));                      /* +0: call f */
    E(ADD, enc_r(0, A0, ZERO, 0, S1, OPC_OP));  /* +4: s1 = a0 */
    E(SW, enc_s(40, T1, T0, 2, OPC_STORE));     /* +8: first insn of f = t1 */
    E(FENCE_I, 0x0000100f);                     /* +12 */
    E(JAL, enc_j(24, RA));                      /* +16: call f */
    E(SD, enc_s(0, S1, A4, 3, OPC_STORE));      /* +20 */
    E(SD, enc_s(8, A0, A4, 3, OPC_STORE));      /* +24 */
    E(SD, enc_s(16, S0, A4, 3, OPC_STORE));     /* +28 */
    exit_seq(f, pg);                            /* +32, +36 */
    E(ADDI, enc_i(1, ZERO, 0, A0, OPC_OP_IMM)); /* +40: f: a0 = 1 */
    E(JALR, enc_i(0, RA, 0, ZERO, OPC_JALR));   /* +44: ret */
    put(f, PROG_SMC, pg);

    struct vcpu *cpu = cpu_new(&f->p);
    cpu->x[A2] = UNMAPPED;
    cpu->x[A3] = RO_PAGE;
    cpu->x[T0] = PROG_SMC;
    cpu->x[T1] = enc_i(2, ZERO, 0, A0, OPC_OP_IMM);
    cpu->x[A4] = DATA + 0x100;
    pthread_t t = start_vcpu(cpu, PROG_FAULTS);
    pthread_join(t, NULL);
    CHECK_EQ(f, w->faults_seen, 2);
    CHECK_EQ(f, w->fault_pc[0], PROG_FAULTS + 4);
    CHECK_EQ(f, w->fault[0].sig, SIGSEGV);
    CHECK_EQ(f, w->fault[0].code, SEGV_MAPERR);
    CHECK_EQ(f, w->fault[0].addr, UNMAPPED);
    CHECK_EQ(f, w->fault_pc[1], PROG_FAULTS + 12);
    CHECK_EQ(f, w->fault[1].code, SEGV_ACCERR);
    CHECK_EQ(f, w->fault[1].addr, RO_PAGE + 8);
    CHECK_EQ(f, w->exits, 1);
    /* the thread's registers are gone with its vCPU: the results are checked in memory */
    uint64_t res[3];
    mem_copy_from_guest(f->p.mem, res, DATA + 0x100, sizeof res);
    CHECK_EQ(f, res[0], 1); /* f before the patch */
    CHECK_EQ(f, res[1], 2); /* f after the patch */
    CHECK_EQ(f, res[2], 3); /* every instruction after a faulting one ran */
}

/* Exclusive sections against spinning vCPUs, work queues, syscalls counted as stopped. */
static void test_exclusive(struct world *w)
{
    struct fix *f = &w->f;
    struct prog P = {0}, *pg = &P;
    E(ADDI, enc_i(1, A0, 0, A0, OPC_OP_IMM)); /* spin: a0++ forever */
    E(JAL, enc_j(-4, ZERO));
    put(f, PROG_SPIN, pg);
    pg->n = 0;
    E(ADDI, enc_i(SYS_TEST_EXCLUSIVE, ZERO, 0, A7, OPC_OP_IMM));
    E(ECALL, 0x00000073);
    exit_seq(f, pg);
    put(f, PROG_CTRL, pg);

    for (int i = 0; i < 2; i++) {
        w->spin[i] = cpu_new(&f->p);
        w->spin[i]->x[A0] = 0;
        w->spin_thread[i] = start_vcpu(w->spin[i], PROG_SPIN);
    }
    double t0 = now();
    while ((!spin_count(w, 0) || !spin_count(w, 1)) && now() - t0 < 5)
        usleep(1000);
    w->ctrl = cpu_new(&f->p);
    int exits = w->exits;
    pthread_t t = start_vcpu(w->ctrl, PROG_CTRL);
    pthread_join(t, NULL);
    CHECK_EQ(f, w->exits, exits + 3);
}

/* Two vCPUs increment one counter with lr.w/sc.w and another with amoadd.d. */
static void test_lrsc_race(struct world *w)
{
    struct fix *f = &w->f;
    struct prog P = {0}, *pg = &P;
    li(f, pg, A3, LRSC_ITERS);
    E(ADDI, enc_i(1, ZERO, 0, A5, OPC_OP_IMM));
    E(LR_W, enc_amo(2, false, A0, A1, 0)); /* loop: */
    E(ADDI, enc_i(1, A0, 0, A0, OPC_OP_IMM));
    E(SC_W, enc_amo(3, false, A4, A1, A0));
    E(BNE, enc_b(-12, ZERO, A4, 1)); /* retry */
    E(AMOADD_D, enc_amo(0, true, ZERO, A2, A5));
    E(ADDI, enc_i(-1, A3, 0, A3, OPC_OP_IMM));
    E(BNE, enc_b(-24, ZERO, A3, 1));
    exit_seq(f, pg);
    put(f, PROG_LRSC, pg);
    uint64_t zero[2] = {0, 0};
    mem_copy_to_guest(f->p.mem, DATA, zero, sizeof zero);

    pthread_t t[2];
    int exits = w->exits;
    for (int i = 0; i < 2; i++) {
        w->lrsc[i] = cpu_new(&f->p);
        w->lrsc[i]->x[A1] = DATA;
        w->lrsc[i]->x[A2] = DATA + 8;
        t[i] = start_vcpu(w->lrsc[i], PROG_LRSC);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    uint64_t got[2];
    mem_copy_from_guest(f->p.mem, got, DATA, sizeof got);
    CHECK_EQ(f, got[0], 2 * LRSC_ITERS);
    CHECK_EQ(f, got[1], 2 * LRSC_ITERS);
    CHECK_EQ(f, w->exits, exits + 2);
}

int main(void)
{
    struct world wd = {0}, *w = &wd;
    struct fix *f = &w->f;
    fix_init(f);
    f->on_ecall = on_ecall;
    f->on_fault = on_fault;
    struct sigaction sa = {.sa_sigaction = host_fault, .sa_flags = SA_SIGINFO | SA_NODEFER};
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    test_faults_and_smc(w);
    test_exclusive(w);
    test_lrsc_race(w);
    if (f->failures)
        printf("%d check(s) failed\n", f->failures);
    return f->failures != 0;
}
