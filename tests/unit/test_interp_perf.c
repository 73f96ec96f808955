/* link: src/exec/tb.c src/exec/interp.c src/exec/cpu.c src/exec/exclusive.c src/exec/cpu_loop.c src/riscv/decode.c src/riscv/disas.c src/riscv/csr_names.c src/riscv/fpu.c src/riscv/fpu_soft.c src/mem/space.c src/mem/mmap.c src/mem/vma.c src/mem/maps.c src/util/common.c src/util/log.c */
/*
 * test_interp_perf.c — interpreter throughput on integer loops, with a correctness check of
 * each loop's result. Prints guest MIPS per loop (informational: the test fails only on a wrong
 * result; times are CPU time of the thread). Loops: a 3-instruction counter loop (block-transition
 * bound), a 12-instruction checksum over an array (loads, stores, ALU, Zba), and a 2-block loop
 * with a jalr call and return (jump-cache bound).
 */
#include "test_interp_fixture.h"

#include <time.h>

/* CPU time of this thread: less sensitive to other load on the machine than wall time. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void report(const char *name, uint64_t insns, double secs)
{
    printf("%-28s %6.0f MIPS (%" PRIu64 " guest instructions in %.3f s)\n", name,
           (double)insns / secs / 1e6, insns, secs);
}

/* a0 += 1 until a1 reaches 0: 3 instructions per iteration. */
static void bench_counter(struct fix *f, uint64_t iters)
{
    struct prog P = {0}, *pg = &P;
    E(ADDI, enc_i(1, A0, 0, A0, OPC_OP_IMM));
    E(ADDI, enc_i(-1, A1, 0, A1, OPC_OP_IMM));
    E(BNE, enc_b(-8, ZERO, A1, 1));
    f->cpu->x[A0] = 0;
    f->cpu->x[A1] = iters;
    double t = now();
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    t = now() - t;
    CHECK_EQ(f, f->cpu->x[A0], iters);
    report("counter loop (3 insns)", iters * 3 + 1, t);
}

/* Checksum over 256 64-bit words, repeated: 12 instructions per element. */
static void bench_checksum(struct fix *f, uint64_t rounds)
{
    struct prog P = {0}, *pg = &P;
    /* outer: a2 = rounds; inner: a3 = index 0..255 */
    E(ADDI, enc_i(0, ZERO, 0, A3, OPC_OP_IMM));    /* 0: a3 = 0 */
    E(SH3ADD, enc_r(0x10, A1, A3, 6, A4, OPC_OP)); /* 4: a4 = data + a3*8 */
    E(LD, enc_i(0, A4, 3, A5, OPC_LOAD));          /* 8: a5 = *a4 */
    E(XOR, enc_r(0, A5, A0, 4, A0, OPC_OP));       /* a0 ^= a5 */
    E(SLLI, enc_i(7, A0, 1, A6, OPC_OP_IMM));      /* a6 = a0 << 7 */
    E(SRLI, enc_i(57, A0, 5, A7, OPC_OP_IMM));     /* a7 = a0 >> 57 */
    E(OR, enc_r(0, A7, A6, 6, A0, OPC_OP));        /* a0 = rotl(a0, 7) */
    E(ADD, enc_r(0, A3, A5, 0, A5, OPC_OP));       /* a5 += a3 */
    E(SD, enc_s(0, A5, A4, 3, OPC_STORE));         /* *a4 = a5 */
    E(ADDI, enc_i(1, A3, 0, A3, OPC_OP_IMM));      /* a3++ */
    E(ANDI, enc_i(255, A3, 7, T0, OPC_OP_IMM));    /* t0 = a3 & 255 */
    E(ADDW, enc_r(0, T0, A0, 0, T1, OPC_OP_32));   /* t1 = a0 + t0 (32) */
    E(BNE, enc_b(-44, ZERO, T0, 1));               /* 48: loop while t0 */
    E(ADDI, enc_i(-1, A2, 0, A2, OPC_OP_IMM));
    E(BNE, enc_b(-56, ZERO, A2, 1)); /* to 0 */
    uint64_t *host = g2h(f->p.mem, DATA);
    uint64_t init[256];
    for (int i = 0; i < 256; i++)
        init[i] = host[i] = (uint64_t)i * 0x9e3779b97f4a7c15ull;
    f->cpu->x[A0] = 0;
    f->cpu->x[A1] = DATA;
    f->cpu->x[A2] = rounds;
    double t = now();
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    t = now() - t;

    uint64_t sum = 0, mem[256];
    memcpy(mem, init, sizeof mem);
    for (uint64_t r = 0; r < rounds; r++) {
        for (uint64_t i = 0; i < 256; i++) {
            sum ^= mem[i];
            sum = (sum << 7) | (sum >> 57);
            mem[i] += i;
        }
    }
    CHECK_EQ(f, f->cpu->x[A0], sum);
    CHECK_EQ(f, host[255], mem[255]);
    report("checksum loop (12 insns)", rounds * (256 * 12 + 2) + 2, t);
}

/* A call through jal and a return through jalr per iteration: 6 instructions. */
static void bench_call(struct fix *f, uint64_t iters)
{
    struct prog P = {0}, *pg = &P;
    E(JAL, enc_j(16, RA));                        /* 0: call 16 */
    E(ADDI, enc_i(-1, A1, 0, A1, OPC_OP_IMM));    /* 4 */
    E(BNE, enc_b(-8, ZERO, A1, 1));               /* 8: to 0 */
    E(JAL, enc_j(16, ZERO));                      /* 12: to 28 (ecall) */
    E(ADDI, enc_i(3, A0, 0, A0, OPC_OP_IMM));     /* 16 */
    E(JALR, enc_i(0, RA, 0, ZERO, OPC_JALR));     /* 20: ret */
    E(ADDI, enc_i(0, ZERO, 0, ZERO, OPC_OP_IMM)); /* 24: unused */
    f->cpu->x[A0] = 0;
    f->cpu->x[A1] = iters;
    double t = now();
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    t = now() - t;
    CHECK_EQ(f, f->cpu->x[A0], iters * 3);
    report("call/return loop (5 insns)", iters * 5 + 2, t);
}

int main(int argc, char **argv)
{
    struct fix fx, *f = &fx;
    uint64_t div = argc > 1 ? strtoull(argv[1], NULL, 0) : 1; /* shorter runs (profilers) */
    if (div == 0)
        div = 1;
    fix_init(f);
    bench_counter(f, 50000000 / div);
    bench_checksum(f, 20000 / div);
    bench_call(f, 20000000 / div);
    if (f->failures)
        printf("%d check(s) failed\n", f->failures);
    return f->failures != 0;
}
