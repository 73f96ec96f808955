/*
 * faults.c — synchronous guest misbehaviour and the signal Linux gives for it.
 *
 * Each case runs under sigsetjmp with SIGSEGV/SIGBUS/SIGILL/SIGTRAP handlers (SA_SIGINFO, on a
 * sigaltstack) that record si_signo, si_code, si_addr and the interrupted pc, then siglongjmp
 * back. One line per case: "name: SIGNAL CODE addr=ok|... pc=ok|..." or "name: no signal ...".
 * Addresses are printed only when they differ from the expected ones, so the output is the same
 * whatever the address-space layout. Usage: faults [--fatal] [case...] (default: every case, in
 * order); --fatal installs no handlers, so the first signal kills the process.
 *
 * Cases that need exact code placement (self-unmapping and self-mprotecting code, illegal
 * encodings, odd jalr targets) are top-level assembly in dedicated page-aligned sections.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define PAGE 4096UL
#define RET_INSN 0x00008067u                           /* jalr x0, 0(ra) */
#define LI_A0(v) (0x00000513u | ((uint32_t)(v) << 20)) /* addi a0, x0, v */

/* ---- assembly helpers ---- */

/* Each self-modifying routine owns a whole page, so removing it hurts nothing else. */
__asm__(".pushsection .text.mb_unmap, \"ax\", @progbits\n"
        ".balign 4096\n"
        ".globl mb_self_unmap, mb_self_unmap_next\n"
        "mb_self_unmap:\n" /* a0 != 0: munmap this page, then return */
        "    beqz a0, 1f\n"
        "    lla a0, mb_self_unmap\n"
        "    li a1, 4096\n"
        "    li a7, 215\n" /* munmap */
        "    ecall\n"
        "mb_self_unmap_next:\n"
        "1:  ret\n"
        ".balign 4096\n"
        ".popsection\n"

        ".pushsection .text.mb_mprot, \"ax\", @progbits\n"
        ".balign 4096\n"
        ".globl mb_self_mprotect, mb_self_mprotect_next\n"
        "mb_self_mprotect:\n" /* a0 != 0: mprotect this page PROT_READ, then return */
        "    beqz a0, 1f\n"
        "    lla a0, mb_self_mprotect\n"
        "    li a1, 4096\n"
        "    li a2, 1\n"
        "    li a7, 226\n" /* mprotect */
        "    ecall\n"
        "mb_self_mprotect_next:\n"
        "1:  ret\n"
        ".balign 4096\n"
        ".popsection\n"

        ".pushsection .text.mb_misc, \"ax\", @progbits\n"
        ".balign 4\n"
        ".globl mb_ill_zero, mb_ill_custom, mb_ill_csr, mb_ill_rm, mb_ill_vector, mb_ill_wfi\n"
        ".globl mb_ill_mret, mb_ebreak, mb_c_ebreak\n"
        "mb_ill_zero: .2byte 0\n    ret\n" /* c.unimp: all-zero parcel */
        ".balign 4\n"
        "mb_ill_custom: .4byte 0x0000000b\n    ret\n" /* custom-0 major opcode */
        "mb_ill_csr: .4byte 0x30002573\n    ret\n"    /* csrr a0, mstatus (M-mode CSR) */
        "mb_ill_rm: .4byte 0x02005053\n    ret\n"     /* fadd.d f0,f0,f0 with reserved rm=5 */
        "mb_ill_vector: .4byte 0x0c007057\n    ret\n" /* vsetvli x0,x0,e8,m1,ta,ma: no V */
        "mb_ill_wfi: .4byte 0x10500073\n    ret\n"    /* wfi (U-mode) */
        "mb_ill_mret: .4byte 0x30200073\n    ret\n"   /* mret */
        "mb_ebreak: .4byte 0x00100073\n    ret\n"     /* ebreak */
        "mb_c_ebreak: .2byte 0x9002\n    ret\n"       /* c.ebreak */
        ".balign 4\n"

        /* jalr clears bit 0 of the target: returns 1 if it landed on the even label. */
        ".globl mb_jalr_odd\n"
        "mb_jalr_odd:\n"
        "    lla t0, 2f\n"
        "    ori t0, t0, 1\n"
        "    jalr x0, 0(t0)\n"
        "    li a0, 0\n"
        "    ret\n"
        ".balign 4\n"
        "2:  li a0, 1\n"
        "    ret\n"

        /* Same through an odd immediate: jalr x0, 1(t0). */
        ".globl mb_jalr_odd_imm\n"
        "mb_jalr_odd_imm:\n"
        "    lla t0, 3f\n"
        "    jalr x0, 1(t0)\n"
        "    li a0, 0\n"
        "    ret\n"
        ".balign 4\n"
        "3:  li a0, 1\n"
        "    ret\n"

        /* A target that is 2 mod 4 is fine with C: returns the target address. */
        ".globl mb_jalr_half\n"
        "mb_jalr_half:\n"
        "    lla t0, 4f\n"
        "    jalr x0, 0(t0)\n"
        "    li a0, 0\n"
        "    ret\n"
        ".balign 4\n"
        ".option push\n"
        ".option rvc\n"
        "    c.nop\n"
        "4:  lla a0, 4b\n"
        "    ret\n"
        ".option pop\n"

        /* Misaligned atomics on the address in a0; the *_at labels mark the faulting insn. */
        ".globl mb_amoadd_w, mb_amoswap_d, mb_lr_w, mb_sc_d\n"
        ".globl mb_amoadd_w_at, mb_amoswap_d_at, mb_lr_w_at, mb_sc_d_at\n"
        "mb_amoadd_w:\n"
        "    li t0, 1\n"
        "mb_amoadd_w_at:\n"
        "    amoadd.w a0, t0, (a0)\n"
        "    ret\n"
        "mb_amoswap_d:\n"
        "    li t0, 1\n"
        "mb_amoswap_d_at:\n"
        "    amoswap.d a0, t0, (a0)\n"
        "    ret\n"
        "mb_lr_w:\n"
        "mb_lr_w_at:\n"
        "    lr.w a0, (a0)\n"
        "    ret\n"
        "mb_sc_d:\n"
        "    li t0, 1\n"
        "mb_sc_d_at:\n"
        "    sc.d a0, t0, (a0)\n"
        "    ret\n"
        ".popsection\n");

void mb_self_unmap(int doit);
void mb_self_mprotect(int doit);
extern char mb_self_unmap_next[], mb_self_mprotect_next[];
void mb_ill_zero(void), mb_ill_custom(void), mb_ill_csr(void), mb_ill_rm(void);
void mb_ill_vector(void), mb_ill_wfi(void), mb_ill_mret(void), mb_ebreak(void);
void mb_c_ebreak(void);
long mb_jalr_odd(void), mb_jalr_odd_imm(void), mb_jalr_half(void);
long mb_amoadd_w(void *p), mb_amoswap_d(void *p), mb_lr_w(void *p), mb_sc_d(void *p);
extern char mb_amoadd_w_at[], mb_amoswap_d_at[], mb_lr_w_at[], mb_sc_d_at[];

/* ---- the harness ---- */

static sigjmp_buf jump_back;
static volatile int got_sig, got_code;
static volatile uintptr_t got_addr, got_pc;

static void on_fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = (uintptr_t)si->si_addr;
    got_pc = uc->uc_mcontext.__gregs[REG_PC];
    siglongjmp(jump_back, 1);
}

static const char *sig_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    default: return "SIG?";
    }
}

static const char *code_name(int sig, int code)
{
    if (sig == SIGSEGV && code == SEGV_MAPERR)
        return "SEGV_MAPERR";
    if (sig == SIGSEGV && code == SEGV_ACCERR)
        return "SEGV_ACCERR";
    if (sig == SIGBUS && code == BUS_ADRALN)
        return "BUS_ADRALN";
    if (sig == SIGBUS && code == BUS_ADRERR)
        return "BUS_ADRERR";
    if (sig == SIGILL && code == ILL_ILLOPC)
        return "ILL_ILLOPC";
    if (sig == SIGILL && code == ILL_PRVOPC)
        return "ILL_PRVOPC";
    if (sig == SIGTRAP && code == TRAP_BRKPT)
        return "TRAP_BRKPT";
    static char buf[32];
    snprintf(buf, sizeof buf, "code%d", code);
    return buf;
}

/* want_pc of cases whose faulting instruction has no label: the pc is not checked. */
#define NOPC UINTPTR_MAX

static void print_match(const char *what, uintptr_t got, uintptr_t want)
{
    if (want == NOPC)
        return;
    if (got == want)
        printf(" %s=ok", what);
    else
        printf(" %s=%#lx(want %#lx)", what, (unsigned long)got, (unsigned long)want);
}

/* Print the signal outcome of the case that just trapped. */
static void report(const char *name, uintptr_t want_addr, uintptr_t want_pc)
{
    printf("%s: %s %s", name, sig_name(got_sig), code_name(got_sig, got_code));
    print_match("addr", got_addr, want_addr);
    print_match("pc", got_pc, want_pc);
    printf("\n");
    fflush(stdout);
}

#define TRAP_CASE(name, stmt, want_addr, want_pc)                                                  \
    do {                                                                                           \
        if (sigsetjmp(jump_back, 1) == 0) {                                                        \
            stmt;                                                                                  \
            printf("%s: no signal\n", name);                                                       \
        } else {                                                                                   \
            report(name, (uintptr_t)(want_addr), (uintptr_t)(want_pc));                            \
        }                                                                                          \
    } while (0)

typedef void (*fn_t)(void);

static void *map_page(int prot)
{
    void *p = mmap(NULL, PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(2);
    }
    return p;
}

/* ---- cases ---- */

static void case_jump_unmapped(void)
{
    char *p = map_page(PROT_READ | PROT_WRITE);
    munmap(p, PAGE);
    TRAP_CASE("jump-unmapped", ((fn_t)p)(), p, p);
}

static void case_jump_null(void)
{
    fn_t volatile f = NULL;
    TRAP_CASE("jump-null", f(), 0, 0);
}

static void case_jump_heap(void)
{
    uint32_t *p = map_page(PROT_READ | PROT_WRITE);
    p[0] = RET_INSN;
    TRAP_CASE("jump-rw-page", ((fn_t)p)(), p, p);
    munmap(p, PAGE);
}

static uint32_t data_code[4] = {RET_INSN, RET_INSN};

static void case_jump_data(void)
{
    TRAP_CASE("jump-data-section", ((fn_t)data_code)(), data_code, data_code);
}

static void case_jump_stack(void)
{
    volatile uint32_t code[4] = {RET_INSN, RET_INSN};
    TRAP_CASE("jump-stack", ((fn_t)code)(), code, code);
}

static void case_jump_prot_none(void)
{
    char *p = map_page(PROT_NONE);
    TRAP_CASE("jump-prot-none", ((fn_t)p)(), p, p);
    munmap(p, PAGE);
}

/* A 32-bit instruction whose second half lies on an unmapped (or PROT_NONE) page: the fetch
 * faults on the second page (si_addr = that page), the pc stays at the instruction. */
static void straddle(const char *name, int second_prot)
{
    char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint32_t insn = LI_A0(5);
    char *at = p + PAGE - 2;
    memcpy(at, &insn, 2); /* low half; the high half would be on the next page */
    mprotect(p, PAGE, PROT_READ | PROT_EXEC);
    if (second_prot < 0)
        munmap(p + PAGE, PAGE);
    else
        mprotect(p + PAGE, PAGE, second_prot);
    TRAP_CASE(name, ((fn_t)at)(), p + PAGE, at);
    munmap(p, 2 * PAGE);
}

static void case_straddle(void)
{
    straddle("straddle-unmapped", -1);
    straddle("straddle-prot-none", PROT_NONE);
    straddle("straddle-no-exec", PROT_READ);
}

/* A page that was executable and ran, then lost PROT_EXEC: its cached translation must go. */
static void case_exec_revoked(void)
{
    uint32_t *p = map_page(PROT_READ | PROT_WRITE);
    p[0] = LI_A0(7);
    p[1] = RET_INSN;
    mprotect(p, PAGE, PROT_READ | PROT_EXEC);
    long r = ((long (*)(void))p)();
    mprotect(p, PAGE, PROT_READ);
    printf("exec-revoked: first call returned %ld\n", r);
    TRAP_CASE("exec-revoked", ((fn_t)p)(), p, p);
    munmap(p, PAGE);
}

/* Code replaced by unmapping and mapping new code at the same address must run the new code. */
static void case_code_remap(void)
{
    uint32_t *p = map_page(PROT_READ | PROT_WRITE);
    long r1, r2, r3;
    p[0] = LI_A0(1);
    p[1] = RET_INSN;
    mprotect(p, PAGE, PROT_READ | PROT_EXEC);
    r1 = ((long (*)(void))p)();
    munmap(p, PAGE);
    uint32_t *q =
        mmap(p, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    q[0] = LI_A0(2);
    q[1] = RET_INSN;
    mprotect(q, PAGE, PROT_READ | PROT_EXEC);
    r2 = ((long (*)(void))q)();
    /* MAP_FIXED straight over live code, without munmap. */
    q = mmap(p, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
             -1, 0);
    q[0] = LI_A0(3);
    q[1] = RET_INSN;
    __builtin___clear_cache((char *)q, (char *)q + 8);
    r3 = ((long (*)(void))q)();
    printf("code-remap: %ld %ld %ld\n", r1, r2, r3);
    munmap(q, PAGE);
}

static void case_self_unmap(void)
{
    mb_self_unmap(0); /* translate and run it once while it is mapped */
    TRAP_CASE("self-munmap", mb_self_unmap(1), mb_self_unmap_next, mb_self_unmap_next);
}

static void case_self_mprotect(void)
{
    mb_self_mprotect(0);
    TRAP_CASE("self-mprotect", mb_self_mprotect(1), mb_self_mprotect_next, mb_self_mprotect_next);
}

static void case_illegal(void)
{
    TRAP_CASE("illegal-c.unimp", mb_ill_zero(), mb_ill_zero, mb_ill_zero);
    TRAP_CASE("illegal-custom0", mb_ill_custom(), mb_ill_custom, mb_ill_custom);
    TRAP_CASE("illegal-mstatus", mb_ill_csr(), mb_ill_csr, mb_ill_csr);
    TRAP_CASE("illegal-fp-rm5", mb_ill_rm(), mb_ill_rm, mb_ill_rm);
    TRAP_CASE("illegal-vsetvli", mb_ill_vector(), mb_ill_vector, mb_ill_vector);
    TRAP_CASE("illegal-mret", mb_ill_mret(), mb_ill_mret, mb_ill_mret);
}

static void case_wfi(void)
{
    TRAP_CASE("illegal-wfi", mb_ill_wfi(), mb_ill_wfi, mb_ill_wfi);
}

static void case_ebreak(void)
{
    TRAP_CASE("ebreak", mb_ebreak(), mb_ebreak, mb_ebreak);
    TRAP_CASE("c.ebreak", mb_c_ebreak(), mb_c_ebreak, mb_c_ebreak);
}

static void case_write_rodata(void)
{
    char *volatile s = "a string literal";
    TRAP_CASE("write-literal", s[0] = 'A', s, NOPC);
}

static void case_write_text(void)
{
    char *volatile t = (char *)(uintptr_t)mb_ill_zero;
    TRAP_CASE("write-text", t[0] = 1, t, NOPC);
}

static void case_write_ro_page(void)
{
    char *p = map_page(PROT_READ);
    char *volatile q = p + 100;
    TRAP_CASE("write-ro-page", q[0] = 1, q, NOPC);
    TRAP_CASE("read-after-munmap", (munmap(p, PAGE), (void)*(volatile char *)q), q, NOPC);
}

/*
 * Misaligned atomics: Linux's riscv trap handler emulates misaligned loads and stores but not
 * AMOs or LR/SC, so a core that traps them (address-misaligned exception) gives SIGBUS
 * BUS_ADRALN with si_addr = the pc of the atomic (do_trap_error(..., regs->epc)). plume does the
 * same. qemu-riscv64 7.2 differs: si_addr is the data address, and a misaligned sc.d that fails
 * (no reservation) gives no signal.
 */
static void case_misaligned_amo(void)
{
    uint64_t *buf = map_page(PROT_READ | PROT_WRITE);
    char *odd = (char *)buf + 1, *half = (char *)buf + 4;
    TRAP_CASE("amoadd.w-misaligned", mb_amoadd_w(odd), mb_amoadd_w_at, mb_amoadd_w_at);
    TRAP_CASE("amoswap.d-misaligned", mb_amoswap_d(half), mb_amoswap_d_at, mb_amoswap_d_at);
    TRAP_CASE("lr.w-misaligned", mb_lr_w(odd), mb_lr_w_at, mb_lr_w_at);
    TRAP_CASE("sc.d-misaligned", mb_sc_d(half), mb_sc_d_at, mb_sc_d_at);
    munmap(buf, PAGE);
}

/* Misaligned plain loads and stores are emulated by Linux: no signal and the right values, also
 * across a page boundary. */
static void case_misaligned_plain(void)
{
    unsigned char *buf =
        mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    volatile uint64_t *p64 = (volatile uint64_t *)(buf + 3);
    volatile uint32_t *p32 = (volatile uint32_t *)(buf + 1001);
    volatile uint64_t *cross = (volatile uint64_t *)(buf + PAGE - 3);
    volatile uint64_t v64 = 0, vx = 0;
    volatile uint32_t v32 = 0;
    TRAP_CASE("misaligned-load-store",
              (*p64 = 0x1122334455667788ull, *p32 = 0xdeadbeef, *cross = 0x0102030405060708ull,
               v64 = *p64, v32 = *p32, vx = *cross),
              0, NOPC);
    printf("misaligned-values: %s\n", v64 == 0x1122334455667788ull && v32 == 0xdeadbeef &&
                                              vx == 0x0102030405060708ull &&
                                              buf[PAGE - 3] == 0x08 && buf[PAGE + 4] == 0x01
                                          ? "ok"
                                          : "bad");
    munmap(buf, 2 * PAGE);
}

static void case_divide(void)
{
    volatile int64_t a = 42, zero = 0, min = INT64_MIN, m1 = -1;
    volatile int32_t aw = 42, zw = 0, minw = INT32_MIN, m1w = -1;
    int64_t d = a / zero, r = a % zero, du = (int64_t)((uint64_t)a / (uint64_t)zero);
    int64_t ru = (int64_t)((uint64_t)a % (uint64_t)zero), ov = min / m1, orem = min % m1;
    int32_t dw = aw / zw, rw = aw % zw, ovw = minw / m1w, oremw = minw % m1w;
    printf("divide-by-zero: no signal div=%ld rem=%ld divu=%ld remu=%ld\n", (long)d, (long)r,
           (long)du, (long)ru);
    printf("divide-overflow: div=%s rem=%ld divw=%s remw=%d divw0=%d remw0=%d\n",
           ov == INT64_MIN ? "INT64_MIN" : "wrong", (long)orem,
           ovw == INT32_MIN ? "INT32_MIN" : "wrong", oremw, dw, rw);
}

static void case_jalr(void)
{
    printf("jalr-odd-register: %s\n", mb_jalr_odd() == 1 ? "bit 0 cleared" : "wrong target");
    printf("jalr-odd-immediate: %s\n", mb_jalr_odd_imm() == 1 ? "bit 0 cleared" : "wrong target");
    long t = mb_jalr_half();
    printf("jalr-2-mod-4: %s\n", t != 0 && (t & 3) == 2 ? "ran" : "wrong target");
}

struct mb_case {
    const char *name;
    void (*fn)(void);
};

static const struct mb_case cases[] = {
    {"jump-unmapped", case_jump_unmapped},
    {"jump-null", case_jump_null},
    {"jump-rw-page", case_jump_heap},
    {"jump-data", case_jump_data},
    {"jump-stack", case_jump_stack},
    {"jump-prot-none", case_jump_prot_none},
    {"straddle", case_straddle},
    {"exec-revoked", case_exec_revoked},
    {"code-remap", case_code_remap},
    {"self-munmap", case_self_unmap},
    {"self-mprotect", case_self_mprotect},
    {"illegal", case_illegal},
    {"wfi", case_wfi},
    {"ebreak", case_ebreak},
    {"write-literal", case_write_rodata},
    {"write-text", case_write_text},
    {"write-ro", case_write_ro_page},
    {"misaligned-amo", case_misaligned_amo},
    {"misaligned-plain", case_misaligned_plain},
    {"divide", case_divide},
    {"jalr", case_jalr},
};

int main(int argc, char **argv)
{
    static char altstack[65536];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
    struct sigaction sa;
    size_t n = sizeof cases / sizeof cases[0];
    int first = 1;

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "--fatal") == 0) {
        first = 2;
    } else {
        sigaltstack(&ss, NULL);
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_fault;
        sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigaction(SIGSEGV, &sa, NULL);
        sigaction(SIGBUS, &sa, NULL);
        sigaction(SIGILL, &sa, NULL);
        sigaction(SIGTRAP, &sa, NULL);
    }

    for (size_t i = 0; i < n; i++) {
        int run = argc <= first;
        for (int k = first; k < argc; k++)
            run |= strcmp(argv[k], cases[i].name) == 0;
        if (run)
            cases[i].fn();
    }
    return 0;
}
