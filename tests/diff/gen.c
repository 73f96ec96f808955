/*
 * gen.c — differential random testing of plume against qemu-riscv64: a generator of random
 * riscv64 instruction sequences and a comparer of their register dumps.
 *
 *   gen asm SEED COUNT LEN   print a raw-syscall riscv64 assembly program (for
 *                            riscv64-linux-gnu-gcc -nostdlib -static -no-pie
 *                            -march=rv64gc_zba_zbb_zbs) holding COUNT sequences with seeds
 *                            SEED, SEED+1, ..., each of LEN random items
 *   gen cmp REF OUT          compare two dump streams (REF from the oracle); prints the seed and
 *                            first differing register of the first mismatch; exit 0 iff equal
 *
 * A sequence is independent of the ones before it: it fills the 8 KiB scratch buffer from a
 * seeded xorshift generator, loads x1, x5..x31, f0..f31 and fcsr from a table the generator
 * wrote (values drawn from pools of interesting integers, doubles and NaN-boxed or unboxed
 * singles), runs its random items, then calls the dump routine, which writes one 528-byte record
 * with write(): the seed, x1..x31, f0..f31, fcsr and an FNV-style checksum of the scratch
 * buffer (as 66 little-endian 64-bit words, the seed in the x0 slot).
 *
 * Items: integer ALU (RV64I, M, Zba, Zbb, Zbs; x0 as destination too), lui/auipc, loads and
 * stores (misaligned ones included, some straddling the page boundary in the middle of the
 * scratch buffer), F/D arithmetic with random static or dynamic rounding modes, conversions,
 * moves, compares and classification, fcsr/frm/fflags accesses, AMOs with random aq/rl, LR/SC
 * pairs (matching, and with the SC to another address), compressed forms of all of these,
 * short forward branches and jumps over random items, and short counted loops (so translated
 * blocks also run again from the cache).
 * Fixed registers: sp (x2) = scratch + 3 KiB, gp (x3) = the dump record, tp (x4) = scratch +
 * 4 KiB (the page boundary); random items read them but never write them. Every memory access
 * is tp-, sp- or (for compressed and atomic forms) tp+delta-relative, so only the scratch
 * buffer changes. The program is a static ET_EXEC, so every address an item can observe (pc,
 * auipc, jal links, sp/gp/tp) is the same under both emulators.
 *
 * Host program, single-threaded; the generator's state is one struct passed around.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REC_WORDS 66
#define SCRATCH 8192
#define MAX_SKIP 4

/* Generator state for one program. */
struct gen {
    uint64_t rng;
    FILE *out;
    unsigned seq;   /* sequence index inside the program (for labels) */
    unsigned label; /* next label number */
    uint32_t avoid; /* registers items must not write (a loop counter) */
};

/* ---- randomness ---- */

/* splitmix64 step. */
static uint64_t rnd(struct gen *g)
{
    uint64_t z = (g->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform value in [0, n). */
static unsigned below(struct gen *g, unsigned n)
{
    return (unsigned)(rnd(g) % n);
}

/* Uniform value in [lo, hi]. */
static int range(struct gen *g, int lo, int hi)
{
    return lo + (int)below(g, (unsigned)(hi - lo + 1));
}

/* Pick one string of a NULL-free array. */
#define PICK(g, arr) ((arr)[below((g), sizeof(arr) / sizeof((arr)[0]))])

/* ---- output ---- */

/* One line of assembly. */
static void emit(struct gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("    ", g->out);
    vfprintf(g->out, fmt, ap);
    fputc('\n', g->out);
    va_end(ap);
}

/* One compressed instruction (gas assembles c.* only under .option rvc). */
static void emit_c(struct gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("    .option rvc\n    ", g->out);
    vfprintf(g->out, fmt, ap);
    fputs("\n    .option norvc\n", g->out);
    va_end(ap);
}

/* ---- registers and operands ---- */

/* A destination integer register: never sp/gp/tp or a live loop counter; x0 now and then. */
static int rd_int(struct gen *g)
{
    if (below(g, 16) == 0)
        return 0;
    for (;;) {
        int r = range(g, 4, 31);
        r = r == 4 ? 1 : r;
        if (!(g->avoid & (1u << r)))
            return r;
    }
}

/* A destination that is not x0 and not in avoid (a bit mask). */
static int rd_int_nz(struct gen *g, uint32_t avoid)
{
    for (;;) {
        int r = rd_int(g);
        if (r != 0 && !(avoid & (1u << r)))
            return r;
    }
}

/* Any integer source register. */
static int rs_int(struct gen *g)
{
    return (int)below(g, 32);
}

/* A compressed-form register x8..x15 that may be written. */
static int creg(struct gen *g)
{
    for (;;) {
        int r = 8 + (int)below(g, 8);
        if (!(g->avoid & (1u << r)))
            return r;
    }
}

/* A rounding-mode operand: a static mode or dyn (the frm value). */
static const char *rm(struct gen *g)
{
    static const char *const modes[] = {"rne", "rtz", "rdn", "rup", "rmm", "dyn", "dyn"};
    return PICK(g, modes);
}

/* A scratch offset from tp for an access of size bytes: usually aligned, sometimes not. */
static int mem_off(struct gen *g, int size)
{
    if (below(g, 8) == 0)
        return range(g, -8, 8) - size / 2; /* around the page boundary at tp */
    int off = range(g, -2048, 2047 - size + 1);
    if (below(g, 4) != 0)
        off &= -size;
    return off;
}

/* A fresh local label number. */
static unsigned new_label(struct gen *g)
{
    return g->label++;
}

/* ---- items ---- */

static void item(struct gen *g, bool in_skip);

/* Register-register integer operations. */
static void alu_rr(struct gen *g)
{
    static const char *const ops[] = {
        "add",       "sub",       "sll",       "slt",   "sltu",   "xor",    "srl",    "sra",
        "or",        "and",       "addw",      "subw",  "sllw",   "srlw",   "sraw",   "mul",
        "mulh",      "mulhsu",    "mulhu",     "div",   "divu",   "rem",    "remu",   "mulw",
        "divw",      "divuw",     "remw",      "remuw", "sh1add", "sh2add", "sh3add", "add.uw",
        "sh1add.uw", "sh2add.uw", "sh3add.uw", "andn",  "orn",    "xnor",   "max",    "maxu",
        "min",       "minu",      "rol",       "ror",   "rolw",   "rorw",   "bclr",   "bext",
        "binv",      "bset",
    };
    emit(g, "%s x%d, x%d, x%d", PICK(g, ops), rd_int(g), rs_int(g), rs_int(g));
}

/* Register-immediate and unary integer operations. */
static void alu_imm(struct gen *g)
{
    static const char *const imm12[] = {"addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"};
    static const char *const sh64[] = {"slli",  "srli",  "srai",  "slli.uw", "rori",
                                       "bclri", "bexti", "binvi", "bseti"};
    static const char *const sh32[] = {"slliw", "srliw", "sraiw", "roriw"};
    static const char *const unary[] = {"clz",    "ctz",    "cpop",   "clzw",  "ctzw", "cpopw",
                                        "sext.b", "sext.h", "zext.h", "orc.b", "rev8"};
    int rd = rd_int(g), rs = rs_int(g);
    switch (below(g, 6)) {
    case 0:
    case 1: {
        int imm = below(g, 4) ? range(g, -2048, 2047) : range(g, -4, 4);
        emit(g, "%s x%d, x%d, %d", PICK(g, imm12), rd, rs, imm);
        break;
    }
    case 2: emit(g, "%s x%d, x%d, %d", PICK(g, sh64), rd, rs, range(g, 0, 63)); break;
    case 3: emit(g, "%s x%d, x%d, %d", PICK(g, sh32), rd, rs, range(g, 0, 31)); break;
    case 4: {
        const char *op = PICK(g, unary);
        /* The oracle (QEMU 7.2) gives ctzw of a value whose low word is zero as the 64-bit
         * count (fixed in later QEMU); with bit 32 set both answers are the specified 32. */
        if (!strcmp(op, "ctzw") && rd != 0) {
            emit(g, "bseti x%d, x%d, 32", rd, rs);
            rs = rd;
        }
        emit(g, "%s x%d, x%d", op, rd, rs);
        break;
    }
    default: emit(g, "%s x%d, 0x%x", below(g, 2) ? "lui" : "auipc", rd, below(g, 1u << 20)); break;
    }
}

/* Integer loads and stores on the scratch buffer. */
static void int_mem(struct gen *g)
{
    static const char *const loads[] = {"lb", "lh", "lw", "ld", "lbu", "lhu", "lwu"};
    static const int lsize[] = {1, 2, 4, 8, 1, 2, 4};
    static const char *const stores[] = {"sb", "sh", "sw", "sd"};
    const char *base = below(g, 4) ? "x4" : "x2";
    if (below(g, 2)) {
        unsigned i = below(g, 7);
        emit(g, "%s x%d, %d(%s)", loads[i], rd_int(g), mem_off(g, lsize[i]), base);
    } else {
        unsigned i = below(g, 4);
        emit(g, "%s x%d, %d(%s)", stores[i], rs_int(g), mem_off(g, 1 << i), base);
    }
}

/* F/D arithmetic. */
static void fp_arith(struct gen *g)
{
    static const char *const r3rm[] = {"fadd", "fsub", "fmul", "fdiv"};
    static const char *const r4rm[] = {"fmadd", "fmsub", "fnmsub", "fnmadd"};
    static const char *const r3[] = {"fsgnj", "fsgnjn", "fsgnjx", "fmin", "fmax"};
    const char *t = below(g, 2) ? "s" : "d";
    int fd = rs_int(g), a = rs_int(g), b = rs_int(g), c = rs_int(g);
    switch (below(g, 5)) {
    case 0:
    case 1: emit(g, "%s.%s f%d, f%d, f%d, %s", PICK(g, r3rm), t, fd, a, b, rm(g)); break;
    case 2: emit(g, "%s.%s f%d, f%d, f%d, f%d, %s", PICK(g, r4rm), t, fd, a, b, c, rm(g)); break;
    case 3: emit(g, "fsqrt.%s f%d, f%d, %s", t, fd, a, rm(g)); break;
    default: emit(g, "%s.%s f%d, f%d, f%d", PICK(g, r3), t, fd, a, b); break;
    }
}

/* Conversions, moves, compares, classification. */
static void fp_misc(struct gen *g)
{
    static const char *const f2i[] = {"w", "wu", "l", "lu"};
    static const char *const cmp[] = {"feq", "flt", "fle"};
    const char *t = below(g, 2) ? "s" : "d";
    switch (below(g, 8)) {
    case 0:
    case 1: emit(g, "fcvt.%s.%s x%d, f%d, %s", PICK(g, f2i), t, rd_int(g), rs_int(g), rm(g)); break;
    case 2: {
        const char *from = PICK(g, f2i);
        bool exact = *t == 'd' && from[0] == 'w';
        if (exact)
            emit(g, "fcvt.d.%s f%d, x%d", from, rs_int(g), rs_int(g));
        else
            emit(g, "fcvt.%s.%s f%d, x%d, %s", t, from, rs_int(g), rs_int(g), rm(g));
        break;
    }
    case 3:
        if (below(g, 2))
            emit(g, "fcvt.s.d f%d, f%d, %s", rs_int(g), rs_int(g), rm(g));
        else
            emit(g, "fcvt.d.s f%d, f%d", rs_int(g), rs_int(g));
        break;
    case 4: emit(g, "%s.%s x%d, f%d, f%d", PICK(g, cmp), t, rd_int(g), rs_int(g), rs_int(g)); break;
    case 5: emit(g, "fclass.%s x%d, f%d", t, rd_int(g), rs_int(g)); break;
    case 6: emit(g, "fmv.x.%s x%d, f%d", *t == 's' ? "w" : "d", rd_int(g), rs_int(g)); break;
    default: emit(g, "fmv.%s.x f%d, x%d", *t == 's' ? "w" : "d", rs_int(g), rs_int(g)); break;
    }
}

/* FP loads and stores. */
static void fp_mem(struct gen *g)
{
    static const char *const ops[] = {"flw", "fld", "fsw", "fsd"};
    unsigned i = below(g, 4);
    emit(g, "%s f%d, %d(x4)", ops[i], rs_int(g), mem_off(g, i & 1 ? 8 : 4));
}

/* fcsr, frm and fflags accesses (frm only ever receives valid modes 0..4). */
static void fp_csr(struct gen *g)
{
    int rd = rd_int(g), rs = rs_int(g);
    switch (below(g, 9)) {
    case 0: emit(g, "frflags x%d", rd); break;
    case 1: emit(g, "frrm x%d", rd); break;
    case 2: emit(g, "frcsr x%d", rd); break;
    case 3: emit(g, "fsflags x%d, x%d", rd, rs); break;
    case 4: emit(g, "fsflagsi x%d, %d", rd, range(g, 0, 31)); break;
    case 5: emit(g, "fsrmi x%d, %d", rd, range(g, 0, 4)); break;
    case 6: emit(g, "csrrc x%d, fcsr, x%d", rd, rs); break;
    case 7: emit(g, "csrrci x%d, frm, %d", rd, range(g, 0, 31)); break;
    default: emit(g, "csrrs x%d, fflags, x%d", rd, rs); break;
    }
}

/* Set register b to tp + an offset aligned to align within [lo, hi]. */
static void set_base(struct gen *g, int b, int lo, int hi, int align)
{
    emit(g, "addi x%d, x4, %d", b, range(g, lo, hi) & -align);
}

/* AMOs and LR/SC pairs on the scratch buffer. */
static void atomic(struct gen *g)
{
    static const char *const amos[] = {"amoswap", "amoadd", "amoxor",  "amoand", "amoor",
                                       "amomin",  "amomax", "amominu", "amomaxu"};
    static const char *const ord[] = {"", ".aq", ".rl", ".aqrl"};
    const char *w = below(g, 2) ? "w" : "d";
    int size = *w == 'w' ? 4 : 8;
    int b = rd_int_nz(g, 0);
    if (below(g, 3)) {
        set_base(g, b, -2048, 2040, size);
        emit(g, "%s.%s%s x%d, x%d, (x%d)", PICK(g, amos), w, PICK(g, ord), rd_int(g), rs_int(g), b);
        return;
    }
    /* LR/SC: the items between them neither write the base nor store. */
    int other = rd_int_nz(g, 1u << b);
    bool mismatch = below(g, 4) == 0;
    set_base(g, b, -2048, 2040, size);
    if (mismatch)
        emit(g, "addi x%d, x%d, %d", other, b, size * range(g, 1, 8));
    emit(g, "lr.%s%s x%d, (x%d)", w, PICK(g, ord), rd_int_nz(g, 1u << b | 1u << other), b);
    for (int n = below(g, 3); n > 0; n--)
        emit(g, "xor x%d, x%d, x%d", rd_int_nz(g, 1u << b | 1u << other), rs_int(g), rs_int(g));
    emit(g, "sc.%s%s x%d, x%d, (x%d)", w, PICK(g, ord), rd_int(g), rs_int(g), mismatch ? other : b);
}

/* Compressed instructions (never writing sp/gp/tp; c.addi16sp, c.jr, c.jalr left out). */
static void compressed(struct gen *g)
{
    static const char *const ca[] = {"c.sub", "c.xor", "c.or", "c.and", "c.subw", "c.addw"};
    int r = rd_int_nz(g, 0), cr = creg(g), cr2 = creg(g);
    int nz6 = range(g, 1, 31) * (below(g, 2) ? 1 : -1);
    switch (below(g, 14)) {
    case 0: emit_c(g, "c.addi x%d, %d", r, nz6); break;
    case 1: emit_c(g, "c.addiw x%d, %d", r, range(g, -32, 31)); break;
    case 2: emit_c(g, "c.li x%d, %d", r, range(g, -32, 31)); break;
    case 3:
        emit_c(g, "c.lui x%d, 0x%x", r,
               below(g, 2) ? (unsigned)range(g, 1, 31) : 0xfffe0u + below(g, 32));
        break;
    case 4: emit_c(g, "%s x%d, %d", below(g, 2) ? "c.srli" : "c.srai", cr, range(g, 1, 63)); break;
    case 5: emit_c(g, "c.andi x%d, %d", cr, range(g, -32, 31)); break;
    case 6: emit_c(g, "c.slli x%d, %d", r, range(g, 1, 63)); break;
    case 7: emit_c(g, "%s x%d, x%d", PICK(g, ca), cr, cr2); break;
    case 8: emit_c(g, "%s x%d, x%d", below(g, 2) ? "c.mv" : "c.add", r, rd_int_nz(g, 0)); break;
    case 9: emit_c(g, "c.addi4spn x%d, x2, %d", cr, range(g, 1, 255) * 4); break;
    case 10: { /* register-based loads and stores */
        static const char *const ops[] = {"c.lw", "c.ld", "c.sw", "c.sd", "c.fld", "c.fsd"};
        unsigned i = below(g, 6);
        int scale = i == 0 || i == 2 ? 4 : 8;
        set_base(g, cr, -2048, 2047 - 256, below(g, 4) ? 8 : 1);
        emit_c(g, "%s %s%d, %d(x%d)", ops[i], i >= 4 ? "f" : "x", cr2, range(g, 0, 31) * scale, cr);
        break;
    }
    case 11: { /* sp-based loads and stores */
        static const char *const ops[] = {"c.lwsp", "c.ldsp", "c.fldsp",
                                          "c.swsp", "c.sdsp", "c.fsdsp"};
        unsigned i = below(g, 6);
        int scale = i == 0 || i == 3 ? 4 : 8;
        int reg = i == 2 || i == 5 ? (int)below(g, 32) : (i < 3 ? r : rs_int(g));
        emit_c(g, "%s %s%d, %d(x2)", ops[i], i == 2 || i == 5 ? "f" : "x", reg,
               range(g, 0, 63) * scale);
        break;
    }
    case 12: emit_c(g, "c.nop"); break;
    default: emit_c(g, "c.addi x%d, %d", cr, nz6); break;
    }
}

/* A counted loop (2..5 iterations) over a few random items: blocks run again from the cache. */
static void loop(struct gen *g)
{
    unsigned l = new_label(g);
    int c = rd_int_nz(g, 0), n = range(g, 1, MAX_SKIP + 2);
    emit(g, "li x%d, %d", c, range(g, 2, 5));
    fprintf(g->out, ".L%u_%u:\n", g->seq, l);
    g->avoid |= 1u << c;
    for (int i = 0; i < n; i++)
        item(g, true);
    g->avoid &= ~(1u << c);
    emit(g, "addi x%d, x%d, -1", c, c);
    if (c >= 8 && c <= 15 && below(g, 2))
        emit_c(g, "c.bnez x%d, .L%u_%u", c, g->seq, l);
    else
        emit(g, "bnez x%d, .L%u_%u", c, g->seq, l);
}

/* A forward branch or jump over a few random items, or a loop. */
static void control(struct gen *g)
{
    static const char *const br[] = {"beq", "bne", "blt", "bge", "bltu", "bgeu"};
    unsigned l = new_label(g);
    int n = range(g, 0, MAX_SKIP);
    switch (below(g, 8)) {
    case 6:
    case 7: loop(g); return;
    case 0:
    case 1:
    case 2: emit(g, "%s x%d, x%d, .L%u_%u", PICK(g, br), rs_int(g), rs_int(g), g->seq, l); break;
    case 3:
        emit_c(g, "%s x%d, .L%u_%u", below(g, 2) ? "c.beqz" : "c.bnez", creg(g), g->seq, l);
        break;
    case 4:
        if (below(g, 2))
            emit(g, "jal x%d, .L%u_%u", rd_int(g), g->seq, l);
        else
            emit_c(g, "c.j .L%u_%u", g->seq, l);
        break;
    default: { /* jalr over exactly one 4-byte instruction */
        int b = rd_int_nz(g, 0);
        emit(g, "auipc x%d, 0", b);
        emit(g, "jalr x%d, %d(x%d)", rd_int(g), 12, b);
        alu_rr(g);
        return;
    }
    }
    for (int i = 0; i < n; i++)
        item(g, true);
    fprintf(g->out, ".L%u_%u:\n", g->seq, l);
}

/* One random item; items inside a skipped region do not branch again. */
static void item(struct gen *g, bool in_skip)
{
    unsigned k = below(g, in_skip ? 94 : 100);
    if (k < 18)
        alu_rr(g);
    else if (k < 34)
        alu_imm(g);
    else if (k < 44)
        int_mem(g);
    else if (k < 58)
        fp_arith(g);
    else if (k < 68)
        fp_misc(g);
    else if (k < 72)
        fp_mem(g);
    else if (k < 76)
        fp_csr(g);
    else if (k < 80)
        atomic(g);
    else if (k < 92)
        compressed(g);
    else if (k < 94)
        emit(g, below(g, 2) ? "fence rw, rw" : "fence.i");
    else
        control(g);
}

/* ---- initial values ---- */

/* An interesting 64-bit integer. */
static uint64_t int_value(struct gen *g)
{
    static const uint64_t pool[] = {0,
                                    1,
                                    2,
                                    3,
                                    ~0ull,
                                    ~1ull,
                                    0x7fffffffffffffffull,
                                    0x8000000000000000ull,
                                    0xffffffffull,
                                    0x7fffffffull,
                                    0x80000000ull,
                                    0xffffffff80000000ull,
                                    0x100000000ull,
                                    31,
                                    32,
                                    63,
                                    64,
                                    0xffff,
                                    0x8000,
                                    0xff,
                                    0x80};
    switch (below(g, 6)) {
    case 0: return PICK(g, pool);
    case 1: return (uint64_t)(int64_t)range(g, -100, 100);
    case 2: return (uint64_t)(int64_t)(int32_t)rnd(g);
    case 3: return 1ull << below(g, 64);
    default: return rnd(g);
    }
}

/* An interesting double (bit pattern). */
static uint64_t double_value(struct gen *g)
{
    static const uint64_t pool[] = {0,
                                    0x8000000000000000ull,
                                    0x3ff0000000000000ull,
                                    0xbff8000000000000ull,
                                    0x7ff0000000000000ull,
                                    0xfff0000000000000ull,
                                    0x7ff8000000000000ull,
                                    0x7ff0000000000001ull,
                                    0xfff4000000000000ull,
                                    1,
                                    0x000fffffffffffffull,
                                    0x0010000000000000ull,
                                    0x7fefffffffffffffull,
                                    0x43e0000000000000ull,
                                    0x43f0000000000000ull,
                                    0xc3e0000000000000ull,
                                    0x41dfffffffc00000ull,
                                    0xc1e0000000200000ull,
                                    0x41efffffffe00000ull,
                                    0x3fe0000000000000ull,
                                    0x4004000000000000ull,
                                    0x3ff0000000000001ull};
    switch (below(g, 4)) {
    case 0: return PICK(g, pool);
    case 1: return rnd(g);
    default: { /* a "nice" number: exponent near 1.0, random mantissa and sign */
        uint64_t e = (uint64_t)(1023 + range(g, -70, 70));
        return (rnd(g) & 0x800fffffffffffffull) | e << 52;
    }
    }
}

/* An interesting single, as a 32-bit pattern. */
static uint32_t single_value(struct gen *g)
{
    static const uint32_t pool[] = {
        0,           0x80000000u, 0x3f800000u, 0xbfc00000u, 0x7f800000u, 0xff800000u, 0x7fc00000u,
        0x7f800001u, 0xffa00000u, 1,           0x007fffffu, 0x00800000u, 0x7f7fffffu, 0x4f000000u,
        0x5f000000u, 0xcf000000u, 0x5f800000u, 0x3f000000u, 0x40200000u, 0x3f800001u};
    switch (below(g, 4)) {
    case 0: return PICK(g, pool);
    case 1: return (uint32_t)rnd(g);
    default: {
        uint32_t e = (uint32_t)(127 + range(g, -30, 30));
        return ((uint32_t)rnd(g) & 0x807fffffu) | e << 23;
    }
    }
}

/* An FP register value: NaN-boxed single, improperly boxed single, or double. */
static uint64_t fp_value(struct gen *g)
{
    unsigned k = below(g, 10);
    if (k < 4)
        return 0xffffffff00000000ull | single_value(g);
    if (k == 4)
        return (rnd(g) & 0xffffffff00000000ull) | single_value(g);
    return double_value(g);
}

/* ---- program ---- */

/* Fixed routines: fill (scratch from the xorshift seed in a0) and dump (one record). */
static void emit_routines(FILE *o)
{
    fputs("fill:\n"
          "    lui t0, 1\n"
          "    sub t0, tp, t0\n"
          "    li t1, 1024\n"
          "1:  slli t2, a0, 13\n"
          "    xor a0, a0, t2\n"
          "    srli t2, a0, 7\n"
          "    xor a0, a0, t2\n"
          "    slli t2, a0, 17\n"
          "    xor a0, a0, t2\n"
          "    sd a0, 0(t0)\n"
          "    addi t0, t0, 8\n"
          "    addi t1, t1, -1\n"
          "    bnez t1, 1b\n"
          "    ret\n"
          "dump:\n",
          o);
    for (int r = 2; r < 32; r++)
        fprintf(o, "    sd x%d, %d(gp)\n", r, 8 * r);
    for (int r = 0; r < 32; r++)
        fprintf(o, "    fsd f%d, %d(gp)\n", r, 256 + 8 * r);
    fputs("    frcsr t0\n"
          "    sd t0, 512(gp)\n"
          "    lui t0, 1\n"
          "    sub t0, tp, t0\n"
          "    li t1, 1024\n"
          "    li t2, -3750763034362895579\n"
          "    li t3, 1099511628211\n"
          "1:  ld t4, 0(t0)\n"
          "    xor t2, t2, t4\n"
          "    mul t2, t2, t3\n"
          "    rori t2, t2, 29\n"
          "    addi t0, t0, 8\n"
          "    addi t1, t1, -1\n"
          "    bnez t1, 1b\n"
          "    sd t2, 520(gp)\n"
          "    li a0, 1\n"
          "    mv a1, gp\n"
          "    li a2, 528\n"
          "    li a7, 64\n"
          "    ecall\n"
          "    ret\n",
          o);
}

/* One sequence: code into the text, its initial-value table into tab. */
static void emit_sequence(struct gen *g, uint64_t seed, unsigned len, FILE *tab)
{
    g->rng = seed ^ 0x5eed5eed5eed5eedull;
    uint64_t init[REC_WORDS];
    init[0] = seed;
    for (int r = 1; r < 32; r++)
        init[r] = int_value(g);
    for (int r = 0; r < 32; r++)
        init[32 + r] = fp_value(g);
    init[64] = (uint64_t)range(g, 0, 4) << 5 | below(g, 32);
    init[65] = rnd(g) | 1;
    fprintf(tab, "init%u:\n", g->seq);
    for (int i = 0; i < REC_WORDS; i++)
        fprintf(tab, "    .dword 0x%016" PRIx64 "\n", init[i]);

    FILE *o = g->out;
    fprintf(o, "# sequence seed %" PRIu64 "\n", seed);
    fprintf(o, "    la x5, init%u\n    ld a0, 520(x5)\n    jal x1, fill\n", g->seq);
    fprintf(o, "    la x31, init%u\n    ld x5, 0(x31)\n    sd x5, 0(gp)\n", g->seq);
    fprintf(o, "    ld x5, 512(x31)\n    fscsr x5\n");
    for (int r = 0; r < 32; r++)
        fprintf(o, "    fld f%d, %d(x31)\n", r, 256 + 8 * r);
    for (int r = 1; r < 32; r++) {
        if (r < 2 || r > 4)
            fprintf(o, "    ld x%d, %d(x31)\n", r, 8 * r);
    }
    for (unsigned i = 0; i < len; i++)
        item(g, false);
    fprintf(o, "    sd x1, 8(gp)\n    jal x1, dump\n");
}

/* gen asm: the whole program. */
static int cmd_asm(uint64_t seed, unsigned count, unsigned len)
{
    struct gen g = {.out = stdout};
    FILE *tab = tmpfile();
    if (!tab) {
        perror("gen: tmpfile");
        return 2;
    }
    printf("# generated by tests/diff/gen.c: gen asm %" PRIu64 " %u %u\n"
           "    .option norvc\n"
           "    .text\n"
           "    .globl _start\n"
           "_start:\n"
           "    la gp, record\n"
           "    la tp, scratch_mid\n"
           "    addi sp, tp, -1024\n",
           seed, count, len);
    for (unsigned i = 0; i < count; i++) {
        g.seq = i;
        g.label = 0;
        emit_sequence(&g, seed + i, len, tab);
    }
    printf("    li a0, 0\n    li a7, 94\n    ecall\n");
    emit_routines(stdout);
    printf("    .data\n    .balign 8\n");
    rewind(tab);
    int c;
    while ((c = fgetc(tab)) != EOF)
        putchar(c);
    fclose(tab);
    printf("    .bss\n    .balign 4096\nscratch:\n    .space %d\nscratch_mid:\n"
           "    .space %d\nrecord:\n    .space %d\n",
           SCRATCH / 2, SCRATCH / 2, REC_WORDS * 8);
    return ferror(stdout) ? 2 : 0;
}

/* ---- comparison ---- */

/* Name of record word i. */
static void word_name(int i, char *buf, size_t n)
{
    static const char *const abi[] = {"zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
                                      "s0",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
                                      "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
                                      "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
    if (i == 0)
        snprintf(buf, n, "seed");
    else if (i < 32)
        snprintf(buf, n, "x%d (%s)", i, abi[i]);
    else if (i < 64)
        snprintf(buf, n, "f%d", i - 32);
    else if (i == 64)
        snprintf(buf, n, "fcsr");
    else
        snprintf(buf, n, "scratch checksum");
}

/* Read one record; returns false at end of file (or on a short record). */
static bool read_record(FILE *f, uint64_t *w)
{
    return fread(w, 8, REC_WORDS, f) == REC_WORDS;
}

/* gen cmp: compare a reference dump stream with another. */
static int cmd_cmp(const char *ref_path, const char *out_path)
{
    FILE *ref = fopen(ref_path, "rb"), *out = fopen(out_path, "rb");
    if (!ref || !out) {
        fprintf(stderr, "gen: cannot open %s\n", ref ? out_path : ref_path);
        return 2;
    }
    uint64_t a[REC_WORDS], b[REC_WORDS];
    unsigned n = 0;
    for (;; n++) {
        bool ha = read_record(ref, a), hb = read_record(out, b);
        if (!ha && !hb)
            break;
        if (!hb) {
            printf("mismatch: output ends after %u records; next sequence is seed %" PRIu64
                   " (crash or early exit there)\n",
                   n, a[0]);
            return 1;
        }
        if (!ha) {
            printf("mismatch: output has more records than the reference (%u)\n", n);
            return 1;
        }
        int first = -1, ndiff = 0;
        for (int i = 0; i < REC_WORDS; i++) {
            if (a[i] != b[i]) {
                ndiff++;
                if (first < 0)
                    first = i;
            }
        }
        if (first < 0)
            continue;
        char name[32];
        word_name(first, name, sizeof(name));
        printf("mismatch: sequence seed %" PRIu64 ": %s is 0x%016" PRIx64
               " (reference 0x%016" PRIx64 "), %d word(s) differ:",
               a[0], name, b[first], a[first], ndiff);
        for (int i = first; i < REC_WORDS; i++) {
            if (a[i] != b[i]) {
                word_name(i, name, sizeof(name));
                printf(" %s", name);
            }
        }
        printf("\n");
        return 1;
    }
    printf("%u records identical\n", n);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 5 && !strcmp(argv[1], "asm"))
        return cmd_asm(strtoull(argv[2], NULL, 0), (unsigned)strtoul(argv[3], NULL, 0),
                       (unsigned)strtoul(argv[4], NULL, 0));
    if (argc == 4 && !strcmp(argv[1], "cmp"))
        return cmd_cmp(argv[2], argv[3]);
    fprintf(stderr, "usage: gen asm SEED COUNT LEN | gen cmp REF OUT\n");
    return 2;
}
