/*
 * api_check.c — an API-version-7 plugin that asserts what it observes on the raw-syscall
 * programs of tests/asm (run by t_api.sh); prints "api_check: ok" at exit, or one
 * "api_check: FAIL ..." line per failed check and exits with status 99.
 *
 * Areas: install state and info; vcpu_init before the first translation, registers (72, pc
 * read-only, pc == entry in vcpu_init); translation queries (first block at the entry, ecall
 * encoding and disassembly); access levels (NO_REGS reads fail, R_REGS reads give the
 * instruction's own pc and a7 at an ecall); syscall events, filter and return pairing; memory
 * callbacks (every value from mem_get_value of a non-atomic access equals guest memory read
 * back with read_memory_vaddr, sizes and directions decode consistently); scoreboards with inline
 * ADD/STORE and conditional callbacks; flush; atexit order relative to the other events.
 *
 * Options: insns=N blocks=N syscalls=N reads=N writes=N — expected totals (checked if given).
 * Threading: single-threaded guests; plain counters.
 */
#include <qemu-plugin.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum { S_INSNS, S_BLOCKS, S_MARK, S_N };

struct state {
    qemu_plugin_id_t id;
    int fails;
    int inits, trans, syscalls, sysrets, filters, cond_hits, reads, writes, ecall_checks;
    int64_t pending; /* syscall number awaiting its return event, -1 if none */
    uint64_t entry;
    struct qemu_plugin_scoreboard *score;
    struct qemu_plugin_register *pc, *a7;
    long want[5]; /* insns blocks syscalls reads writes, -1 = unchecked */
};

static struct state st = {.pending = -1, .want = {-1, -1, -1, -1, -1}};

static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "api_check: FAIL ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    st.fails++;
}

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fail(__VA_ARGS__);                                                                     \
    } while (0)

static qemu_plugin_u64 field(int i)
{
    return (qemu_plugin_u64){st.score, i * sizeof(uint64_t)};
}

/* Read a register as a uint64_t; false if the read was refused. */
static bool read_reg(struct qemu_plugin_register *r, uint64_t *v)
{
    GByteArray *b = g_byte_array_new();
    bool ok = qemu_plugin_read_register(r, b);
    if (ok && b->len == 8)
        memcpy(v, b->data, 8);
    g_byte_array_free(b, TRUE);
    return ok;
}

static void vcpu_init(unsigned idx, void *ud)
{
    st.inits++;
    CHECK(idx == 0 && st.trans == 0, "vcpu_init idx %u after %d translations", idx, st.trans);
    CHECK(qemu_plugin_num_vcpus() == 1, "num_vcpus %d in vcpu_init", qemu_plugin_num_vcpus());
    GArray *regs = qemu_plugin_get_registers();
    CHECK(regs->len == 72, "%u registers", regs->len);
    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d = &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        if (!strcmp(d->name, "pc")) {
            st.pc = d->handle;
            CHECK(d->is_readonly && !strcmp(d->feature, "org.gnu.gdb.riscv.cpu"), "pc desc");
        } else if (!strcmp(d->name, "a7")) {
            st.a7 = d->handle;
        } else {
            CHECK(!d->is_readonly, "%s is read-only", d->name);
        }
    }
    g_array_free(regs, TRUE);
    uint64_t pc = 0;
    CHECK(st.pc && read_reg(st.pc, &pc) && pc == st.entry, "pc %#lx != entry %#lx in vcpu_init",
          (unsigned long)pc, (unsigned long)st.entry);
    GByteArray *b = g_byte_array_new();
    g_byte_array_set_size(b, 8);
    CHECK(!qemu_plugin_write_register(st.pc, b), "pc write accepted for a v7 plugin");
    g_byte_array_free(b, TRUE);
}

static void at_ecall(unsigned idx, void *ud)
{
    uint64_t pc = 0, a7 = 0;
    CHECK(read_reg(st.pc, &pc) && pc == (uintptr_t)ud, "pc %#lx at ecall %p", (unsigned long)pc,
          ud);
    CHECK(read_reg(st.a7, &a7) && a7 < 512, "a7 %lu at ecall", (unsigned long)a7);
    st.ecall_checks++;
}

static void no_regs(unsigned idx, void *ud)
{
    uint64_t v;
    CHECK(!read_reg(st.pc, &v), "register read allowed in a NO_REGS callback");
}

static void cond_hit(unsigned idx, void *ud)
{
    st.cond_hits++;
    CHECK(qemu_plugin_u64_get(field(S_MARK), idx) == 7, "STORE before cond did not run");
}

static void on_mem(unsigned idx, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);
    unsigned shift = qemu_plugin_mem_size_shift(info);
    CHECK((unsigned)v.type == shift && shift <= 3, "value type %d for size shift %u", v.type,
          shift);
    CHECK(!qemu_plugin_mem_is_big_endian(info), "big-endian access");
    CHECK(!(qemu_plugin_mem_is_store(info) && qemu_plugin_mem_is_sign_extended(info)),
          "sign-extending store");
    GByteArray *b = g_byte_array_new();
    CHECK(qemu_plugin_read_memory_vaddr(vaddr, b, 1u << shift), "read_memory_vaddr %#lx",
          (unsigned long)vaddr);
    uint64_t mem = 0, val = v.data.u64 & (shift == 3 ? ~0ull : (1ull << (8 << shift)) - 1);
    memcpy(&mem, b->data, b->len < 8 ? b->len : 8);
    CHECK(ud || mem == val, "access at %#lx: value %#lx, memory %#lx", (unsigned long)vaddr,
          (unsigned long)val, (unsigned long)mem);
    g_byte_array_free(b, TRUE);
    if (qemu_plugin_mem_is_store(info))
        st.writes++;
    else
        st.reads++;
}

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    if (st.trans++ == 0)
        CHECK(qemu_plugin_tb_vaddr(tb) == st.entry, "first block at %#lx, entry %#lx",
              (unsigned long)qemu_plugin_tb_vaddr(tb), (unsigned long)st.entry);
    CHECK(n >= 1 && qemu_plugin_tb_get_insn(tb, n) == NULL, "block size %zu", n);
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64,
                                                      field(S_BLOCKS), 1);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, no_regs, QEMU_PLUGIN_CB_NO_REGS, NULL);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint8_t bytes[4] = {0};
        size_t len = qemu_plugin_insn_data(insn, bytes, sizeof(bytes));
        CHECK(len == qemu_plugin_insn_size(insn) && (len == 2 || len == 4), "insn size %zu", len);
        if (i == 0)
            CHECK(qemu_plugin_insn_vaddr(insn) == qemu_plugin_tb_vaddr(tb), "insn 0 vaddr");
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                            field(S_INSNS), 1);
        if (len == 4 && !memcmp(bytes, "\x73\0\0\0", 4)) {
            char *d = qemu_plugin_insn_disas(insn);
            /* QEMU's text: the mnemonic left-justified in a 24-column field */
            CHECK(!strcmp(d, "ecall                   "), "ecall disassembled as '%s'", d);
            g_free(d);
            CHECK(i == n - 1, "ecall not at the end of its block");
            qemu_plugin_register_vcpu_insn_exec_cb(insn, at_ecall, QEMU_PLUGIN_CB_R_REGS,
                                                   (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn));
        }
        /* the first time the instruction count reaches 5: STORE a mark, then test it */
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_STORE_U64,
                                                            field(S_MARK), 7);
        qemu_plugin_register_vcpu_insn_exec_cond_cb(insn, cond_hit, QEMU_PLUGIN_CB_NO_REGS,
                                                    QEMU_PLUGIN_COND_EQ, field(S_INSNS), 5, NULL);
        qemu_plugin_register_vcpu_insn_exec_cond_cb(insn, cond_hit, QEMU_PLUGIN_CB_NO_REGS,
                                                    QEMU_PLUGIN_COND_NEVER, field(S_INSNS), 0,
                                                    NULL);
        /* AMO/LR/SC (major opcode 0x2f) report both halves after the atomic completed:
         * memory then holds the new value, so only their directions are checked */
        bool atomic = len == 4 && (bytes[0] & 0x7f) == 0x2f;
        qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_MEM_RW,
                                         atomic ? &st : NULL);
    }
}

static void on_syscall(unsigned idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                       uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, void *ud)
{
    st.syscalls++;
    CHECK(st.pending == -1, "syscall %ld while %ld is pending", (long)num, (long)st.pending);
    CHECK(a7 == 0 && a8 == 0, "a7/a8 not zero");
    uint64_t r = 0;
    CHECK(read_reg(st.a7, &r) && r == (uint64_t)num, "a7 %lu in syscall %ld", (unsigned long)r,
          (long)num);
    if (num == 64)
        CHECK(a1 == 1, "write to fd %lu", (unsigned long)a1);
    st.pending = num;
}

static bool on_filter(unsigned idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                      uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, int64_t *ret, void *ud)
{
    st.filters++;
    CHECK(st.pending == num, "filter for %ld without its syscall event", (long)num);
    return false;
}

static void on_sysret(unsigned idx, int64_t num, int64_t ret, void *ud)
{
    st.sysrets++;
    CHECK(st.pending == num, "return of %ld, pending %ld", (long)num, (long)st.pending);
    if (num == 64)
        CHECK(ret > 0, "write returned %ld", (long)ret);
    st.pending = -1;
}

static void on_flush(void *ud)
{
    uint64_t v;
    CHECK(!read_reg(st.pc, &v), "register read allowed in a flush callback");
}

static void on_atexit(void *ud)
{
    uint64_t insns = qemu_plugin_u64_sum(field(S_INSNS));
    uint64_t blocks = qemu_plugin_u64_sum(field(S_BLOCKS));
    CHECK(st.inits == 1, "%d vcpu_init calls", st.inits);
    CHECK(st.trans >= 1 && blocks >= (uint64_t)st.trans, "%d translations, %lu blocks", st.trans,
          (unsigned long)blocks);
    CHECK(st.ecall_checks == st.syscalls, "%d ecall callbacks, %d syscalls", st.ecall_checks,
          st.syscalls);
    CHECK(st.filters == st.syscalls, "%d filter calls, %d syscalls", st.filters, st.syscalls);
    CHECK(st.cond_hits == (insns >= 5), "conditional callback hit %d times", st.cond_hits);
    uint64_t got[5] = {insns, blocks, (uint64_t)st.syscalls, (uint64_t)st.reads,
                       (uint64_t)st.writes};
    const char *names[5] = {"insns", "blocks", "syscalls", "reads", "writes"};
    for (int i = 0; i < 5; i++)
        CHECK(st.want[i] < 0 || got[i] == (uint64_t)st.want[i], "%s = %lu, expected %ld", names[i],
              (unsigned long)got[i], st.want[i]);
    if (st.fails)
        _exit(99);
    fprintf(stderr, "api_check: ok\n");
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    const char *names[5] = {"insns=", "blocks=", "syscalls=", "reads=", "writes="};
    for (int i = 0; i < argc; i++) {
        for (int k = 0; k < 5; k++) {
            if (!strncmp(argv[i], names[k], strlen(names[k])))
                st.want[k] = atol(argv[i] + strlen(names[k]));
        }
    }
    st.id = id;
    CHECK(!strcmp(info->target_name, "riscv64") && !info->system_emulation &&
              info->version.min <= 7 && info->version.cur >= 7,
          "install info");
    CHECK(qemu_plugin_num_vcpus() == 0, "num_vcpus %d in install", qemu_plugin_num_vcpus());
    st.entry = qemu_plugin_entry_code();
    st.score = qemu_plugin_scoreboard_new(S_N * sizeof(uint64_t));
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, NULL);
    qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, NULL);
    qemu_plugin_register_vcpu_syscall_filter_cb(id, on_filter, NULL);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, on_sysret, NULL);
    qemu_plugin_register_flush_cb(id, on_flush, NULL);
    qemu_plugin_register_vcpu_discon_cb(id, QEMU_PLUGIN_DISCON_ALL, NULL, NULL);
    qemu_plugin_register_atexit_cb(id, on_atexit, NULL);
    return 0;
}
