/* link: src/util/common.c src/util/log.c */
/*
 * test_jit_x86.c — the JIT's x86-64 encoders (src/jit/x86.h) against GNU as: every case encodes
 * one instruction with our encoder and writes the same instruction as an assembler line; the
 * whole list is assembled with `as --64` and extracted with objcopy, and each instruction's bytes
 * must be identical. rel32 jumps and calls, whose gas encoding depends on relaxation, are checked
 * against their fixed byte patterns instead. Skips (77) when as or objcopy is missing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../src/jit/x86.h"
#include "testlib.h"

#define MAX_CASES 4096

struct tcase {
    size_t off, len;
    char text[96];
};

struct suite {
    struct x86_buf b;
    struct tcase c[MAX_CASES];
    unsigned n;
};

static struct suite s;

static void begin(void)
{
    if (s.n == MAX_CASES) {
        printf("FAIL: more than %d cases\n", MAX_CASES);
        exit(1);
    }
    s.c[s.n].off = s.b.len;
}

static void end(const char *fmt, ...) PRINTF_FMT(1, 2);
static void end(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s.c[s.n].text, sizeof s.c[s.n].text, fmt, ap);
    va_end(ap);
    s.c[s.n].len = s.b.len - s.c[s.n].off;
    s.n++;
}

/* One case: statement `enc` (an encoder call) and the equivalent Intel-syntax line. */
#define T(enc, ...)                                                                                \
    do {                                                                                           \
        begin();                                                                                   \
        enc;                                                                                       \
        end(__VA_ARGS__);                                                                          \
    } while (0)

static const char *const r64[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
static const char *const r32[16] = {"eax", "ecx", "edx",  "ebx",  "esp",  "ebp",  "esi",  "edi",
                                    "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
static const char *const r16[16] = {"ax",  "cx",  "dx",   "bx",   "sp",   "bp",   "si",   "di",
                                    "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"};
static const char *const r8[16] = {"al",  "cl",  "dl",   "bl",   "spl",  "bpl",  "sil",  "dil",
                                   "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"};
static const char *const alu_name[8] = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
static const char *const shift_name[8] = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"};
static const char *const cc_name[16] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
                                        "s", "ns", "p", "np", "l", "ge", "le", "g"};

/* "[base + index*scale + disp]" in Intel syntax. */
static const char *mem_text(struct x86_mem m, char *buf)
{
    int n = sprintf(buf, "[%s", r64[m.base]);
    if (m.index != X86_NOREG)
        n += sprintf(buf + n, " + %s*%d", r64[m.index], 1 << m.scale);
    if (m.disp)
        n += sprintf(buf + n, " %c %d", m.disp < 0 ? '-' : '+', m.disp < 0 ? -m.disp : m.disp);
    sprintf(buf + n, "]");
    return buf;
}

static void build_cases(void)
{
    char mb[64];
    const int32_t disps[] = {0, 8, -128, 127, 128, -129, 0x12345};
    const unsigned bases[] = {X86_RAX, X86_RBX, X86_RSP, X86_RBP, X86_R12, X86_R13, X86_R15};

    for (unsigned bi = 0; bi < ARRAY_SIZE(bases); bi++) {
        for (unsigned di = 0; di < ARRAY_SIZE(disps); di++) {
            struct x86_mem m = x86_m(bases[bi], disps[di]);
            mem_text(m, mb);
            T(x86_load(&s.b, true, X86_RAX, m), "mov rax, qword ptr %s", mb);
            T(x86_load(&s.b, true, X86_R9, m), "mov r9, qword ptr %s", mb);
            T(x86_load(&s.b, false, X86_RCX, m), "mov ecx, dword ptr %s", mb);
            T(x86_store(&s.b, true, m, X86_RDX), "mov qword ptr %s, rdx", mb);
            T(x86_store(&s.b, false, m, X86_R11), "mov dword ptr %s, r11d", mb);
            T(x86_lea(&s.b, X86_RDI, m), "lea rdi, %s", mb);
        }
    }
    const unsigned idx[] = {X86_RAX, X86_RCX, X86_RBP, X86_R9, X86_R13};
    for (unsigned i = 0; i < ARRAY_SIZE(idx); i++) {
        for (unsigned sc = 0; sc < 4; sc++) {
            struct x86_mem m = x86_mi(X86_R12, idx[i], sc, sc * 8 - 8);
            mem_text(m, mb);
            T(x86_load(&s.b, true, X86_RDX, m), "mov rdx, qword ptr %s", mb);
            m = x86_mi(X86_RCX, idx[i], sc, 0);
            mem_text(m, mb);
            T(x86_lea(&s.b, X86_RAX, m), "lea rax, %s", mb);
        }
    }
    for (unsigned r = 0; r < 16; r++) {
        struct x86_mem m = x86_mi(X86_R12, X86_RAX, 0, 0);
        mem_text(m, mb);
        T(x86_store8(&s.b, m, r), "mov byte ptr %s, %s", mb, r8[r]);
        T(x86_store16(&s.b, m, r), "mov word ptr %s, %s", mb, r16[r]);
        T(x86_loadx(&s.b, X86_MOVSX8, true, r, m), "movsx %s, byte ptr %s", r64[r], mb);
        T(x86_loadx(&s.b, X86_MOVSX16, true, r, m), "movsx %s, word ptr %s", r64[r], mb);
        T(x86_loadx(&s.b, X86_MOVZX8, false, r, m), "movzx %s, byte ptr %s", r32[r], mb);
        T(x86_loadx(&s.b, X86_MOVZX16, false, r, m), "movzx %s, word ptr %s", r32[r], mb);
        T(x86_movsxd_rm(&s.b, r, m), "movsxd %s, dword ptr %s", r64[r], mb);
        T(x86_movsxd_rr(&s.b, r, 15 - r), "movsxd %s, %s", r64[r], r32[15 - r]);
        T(x86_extx_rr(&s.b, X86_MOVZX8, false, r, 15 - r), "movzx %s, %s", r32[r], r8[15 - r]);
        T(x86_extx_rr(&s.b, X86_MOVSX8, true, r, 15 - r), "movsx %s, %s", r64[r], r8[15 - r]);
        T(x86_extx_rr(&s.b, X86_MOVSX16, true, r, 15 - r), "movsx %s, %s", r64[r], r16[15 - r]);
        T(x86_mov_rr(&s.b, r, 15 - r), "mov %s, %s", r64[r], r64[15 - r]);
        T(x86_mov_rr32(&s.b, r, (r + 3) & 15), "mov %s, %s", r32[r], r32[(r + 3) & 15]);
        T(x86_mov_imm(&s.b, r, 0), "xor %s, %s", r32[r], r32[r]);
        T(x86_mov_imm(&s.b, r, 0x12345678), "mov %s, 0x12345678", r32[r]);
        T(x86_mov_imm(&s.b, r, 0xfffffff0u), "mov %s, 0xfffffff0", r32[r]);
        T(x86_mov_imm(&s.b, r, (uint64_t)-5), "mov %s, -5", r64[r]);
        T(x86_mov_imm(&s.b, r, 0x123456789abull), "movabs %s, 0x123456789ab", r64[r]);
        T(x86_movabs(&s.b, r, 7), "movabs %s, 7", r64[r]);
        T(x86_setcc(&s.b, (enum x86_cc)r, r), "set%s %s", cc_name[r], r8[r]);
        T(x86_cmov_rr(&s.b, true, (enum x86_cc)r, r, 15 - r), "cmov%s %s, %s", cc_name[r], r64[r],
          r64[15 - r]);
        T(x86_bswap(&s.b, r), "bswap %s", r64[r]);
        T(x86_push(&s.b, r), "push %s", r64[r]);
        T(x86_pop(&s.b, r), "pop %s", r64[r]);
        T(x86_call_r(&s.b, r), "call %s", r64[r]);
        T(x86_jmp_r(&s.b, r), "jmp %s", r64[r]);
        T(x86_test_rr(&s.b, true, r, 15 - r), "test %s, %s", r64[r], r64[15 - r]);
        T(x86_imul_rr(&s.b, true, r, 15 - r), "imul %s, %s", r64[r], r64[15 - r]);
        T(x86_imul_rr(&s.b, false, r, (r + 5) & 15), "imul %s, %s", r32[r], r32[(r + 5) & 15]);
        T(x86_bitcnt_rr(&s.b, X86_POPCNT, true, r, 15 - r), "popcnt %s, %s", r64[r], r64[15 - r]);
        T(x86_bitcnt_rr(&s.b, X86_LZCNT, false, r, (r + 7) & 15), "lzcnt %s, %s", r32[r],
          r32[(r + 7) & 15]);
        T(x86_bitcnt_rr(&s.b, X86_TZCNT, true, r, r), "tzcnt %s, %s", r64[r], r64[r]);
        T(x86_imul_rri(&s.b, true, r, 15 - r, 24), "imul %s, %s, 24", r64[r], r64[15 - r]);
        T(x86_imul_rri(&s.b, true, r, r, 4096), "imul %s, %s, 4096", r64[r], r64[r]);
        for (unsigned g = 2; g <= 5; g++) {
            static const char *const g3[6] = {"", "", "not", "neg", "mul", "imul"};
            T(x86_grp3_r(&s.b, true, g, r), "%s %s", g3[g], r64[r]);
        }
        for (unsigned n = 5; n <= 7; n++) {
            static const char *const bt[8] = {"", "", "", "", "", "bts", "btr", "btc"};
            T(x86_bt_ri(&s.b, true, n, r, 63), "%s %s, 63", bt[n], r64[r]);
        }
    }
    const enum x86_alu alus[] = {X86_ALU_ADD, X86_ALU_OR,  X86_ALU_AND,
                                 X86_ALU_SUB, X86_ALU_XOR, X86_ALU_CMP};
    const int32_t imms[] = {0, 1, -1, 127, -128, 128, 0x7fffffff, INT32_MIN};
    for (unsigned a = 0; a < ARRAY_SIZE(alus); a++) {
        const char *nm = alu_name[alus[a]];
        struct x86_mem m = x86_m(X86_RBX, 24);
        mem_text(m, mb);
        for (unsigned r = 0; r < 16; r += 5) {
            T(x86_alu_rr(&s.b, true, alus[a], r, X86_R10), "%s %s, r10", nm, r64[r]);
            T(x86_alu_rr(&s.b, false, alus[a], r, X86_RDX), "%s %s, edx", nm, r32[r]);
            T(x86_alu_rm(&s.b, true, alus[a], r, m), "%s %s, qword ptr %s", nm, r64[r], mb);
            T(x86_alu_rm(&s.b, false, alus[a], r, m), "%s %s, dword ptr %s", nm, r32[r], mb);
            for (unsigned i = 0; i < ARRAY_SIZE(imms); i++) {
                T(x86_alu_ri(&s.b, true, alus[a], r, imms[i]), "%s %s, %d", nm, r64[r], imms[i]);
                T(x86_alu_ri(&s.b, false, alus[a], r, imms[i]), "%s %s, %d", nm, r32[r], imms[i]);
            }
        }
        for (unsigned i = 0; i < ARRAY_SIZE(imms); i++) {
            T(x86_alu_mi(&s.b, true, alus[a], m, imms[i]), "%s qword ptr %s, %d", nm, mb, imms[i]);
            T(x86_alu_mi(&s.b, false, alus[a], m, imms[i]), "%s dword ptr %s, %d", nm, mb, imms[i]);
        }
    }
    const enum x86_shift shifts[] = {X86_ROL, X86_ROR, X86_SHL, X86_SHR, X86_SAR};
    for (unsigned k = 0; k < ARRAY_SIZE(shifts); k++) {
        const char *nm = shift_name[shifts[k]];
        for (unsigned r = 0; r < 16; r += 3) {
            T(x86_shift_ri(&s.b, true, shifts[k], r, 1), "%s %s, 1", nm, r64[r]);
            T(x86_shift_ri(&s.b, true, shifts[k], r, 63), "%s %s, 63", nm, r64[r]);
            T(x86_shift_ri(&s.b, false, shifts[k], r, 31), "%s %s, 31", nm, r32[r]);
            T(x86_shift_rcl(&s.b, true, shifts[k], r), "%s %s, cl", nm, r64[r]);
            T(x86_shift_rcl(&s.b, false, shifts[k], r), "%s %s, cl", nm, r32[r]);
        }
    }
    struct x86_mem m = x86_m(X86_RBX, -120), mi = x86_mi(X86_RCX, X86_RAX, 0, 0);
    mem_text(m, mb);
    T(x86_imul_rm(&s.b, true, X86_RAX, m), "imul rax, qword ptr %s", mb);
    T(x86_imul_rm(&s.b, false, X86_R8, m), "imul r8d, dword ptr %s", mb);
    T(x86_grp3_m(&s.b, true, X86_G3_MUL, m), "mul qword ptr %s", mb);
    T(x86_grp3_m(&s.b, true, X86_G3_IMUL, m), "imul qword ptr %s", mb);
    T(x86_bitcnt_rm(&s.b, X86_POPCNT, true, X86_RAX, m), "popcnt rax, qword ptr %s", mb);
    T(x86_bitcnt_rm(&s.b, X86_POPCNT, false, X86_R9, m), "popcnt r9d, dword ptr %s", mb);
    T(x86_bitcnt_rm(&s.b, X86_LZCNT, true, X86_RAX, m), "lzcnt rax, qword ptr %s", mb);
    T(x86_bitcnt_rm(&s.b, X86_LZCNT, false, X86_RAX, m), "lzcnt eax, dword ptr %s", mb);
    T(x86_bitcnt_rm(&s.b, X86_TZCNT, true, X86_R14, m), "tzcnt r14, qword ptr %s", mb);
    T(x86_bitcnt_rm(&s.b, X86_TZCNT, false, X86_RAX, m), "tzcnt eax, dword ptr %s", mb);
    T(x86_add_mr(&s.b, true, mi, X86_RDX), "add qword ptr %s, rdx", mem_text(mi, mb));
    T(x86_store_imm(&s.b, true, mi, -7), "mov qword ptr %s, -7", mem_text(mi, mb));
    T(x86_store_imm(&s.b, false, m, 0x1234), "mov dword ptr %s, 0x1234", mem_text(m, mb));
    T(x86_jmp_m(&s.b, x86_m(X86_RAX, 32)), "jmp qword ptr [rax + 32]");
    T(x86_mfence(&s.b), "mfence");
    T(x86_ret(&s.b), "ret");
}

/* Assemble every case's text; returns the bytes (NULL if the tools are missing). */
static uint8_t *assemble(size_t *len)
{
    char dir[] = "/tmp/plume-jit-x86.XXXXXX";
    if (!mkdtemp(dir))
        return NULL;
    char path[256], cmd[1024];
    snprintf(path, sizeof path, "%s/t.s", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return NULL;
    fprintf(f, ".intel_syntax noprefix\n.text\n");
    for (unsigned i = 0; i < s.n; i++)
        fprintf(f, "%s\n", s.c[i].text);
    fclose(f);
    snprintf(cmd, sizeof cmd,
             "cd %s && as --64 -o t.o t.s 2>as.err && objcopy -O binary -j .text t.o t.bin", dir);
    uint8_t *out = NULL;
    if (system(cmd) == 0) {
        snprintf(path, sizeof path, "%s/t.bin", dir);
        f = fopen(path, "rb");
        if (f) {
            out = xmalloc(s.b.len + 4096);
            *len = fread(out, 1, s.b.len + 4096, f);
            fclose(f);
        }
    } else {
        snprintf(cmd, sizeof cmd, "cat %s/as.err | head -n 20", dir);
        if (system(cmd) != 0)
            printf("as failed\n");
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        printf("could not remove %s\n", dir);
    return out;
}

/* rel32 control transfers: fixed patterns, and patching. */
static void check_rel32(void)
{
    struct x86_buf b = {0};
    size_t j = x86_jmp32(&b);
    size_t c = x86_jcc32(&b, X86_CC_NE);
    x86_patch_rel32(&b, j, 0);
    x86_patch_rel32(&b, c, 100);
    const uint8_t want[] = {0xe9, 0xfb, 0xff, 0xff, 0xff, 0x0f, 0x85, 0x59, 0x00, 0x00, 0x00};
    CHECK_EQ(b.len, sizeof want);
    CHECK(memcmp(b.p, want, sizeof want) == 0);
    free(b.p);
}

int main(void)
{
    if (system("command -v as >/dev/null && command -v objcopy >/dev/null") != 0) {
        printf("SKIP: as or objcopy missing\n");
        return 77;
    }
    build_cases();
    check_rel32();
    size_t len = 0;
    uint8_t *ref = assemble(&len);
    CHECK(ref != NULL);
    if (ref) {
        CHECK_EQ(len, s.b.len);
        unsigned bad = 0;
        for (unsigned i = 0; i < s.n; i++) {
            const struct tcase *t = &s.c[i];
            if (t->off + t->len <= len && memcmp(ref + t->off, s.b.p + t->off, t->len) == 0)
                continue;
            printf("FAIL %-44s ours:", t->text);
            for (size_t k = 0; k < t->len; k++)
                printf(" %02x", s.b.p[t->off + k]);
            printf("   as:");
            for (size_t k = 0; k < t->len + 2 && t->off + k < len; k++)
                printf(" %02x", ref[t->off + k]);
            printf("\n");
            failures++;
            if (++bad == 20)
                break;
        }
        free(ref);
    }
    printf("%u instructions compared\n", s.n);
    free(s.b.p);
    return test_summary();
}
