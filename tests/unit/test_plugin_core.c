/* link: src/plugin/core.c src/plugin/inject.c src/plugin/loader.c src/plugin/api.c src/plugin/api_regs.c src/plugin/api_v1.c src/util/common.c src/util/log.c */
/*
 * test_plugin_core.c — the plugin core without the engine: option parser, loader errors,
 * registry ordering and per-version dispatch, translation-time instrumentation, callbacks with
 * access levels, set_pc, memory hooks and meminfo, scoreboards and their growth, syscall
 * events and the filter, registers, reset, the exit sequence.
 *
 * The engine functions the core calls (exclusive sections, flush, safe work, memory flags,
 * disassembler, symbols) are faked below. The test acts as the plugins: it creates plugin
 * records by hand (no dlopen) and registers callbacks of the signatures of their versions.
 * Callbacks find the test state through current_cpu (the fake vCPU is the first member of
 * struct env). Prints one line per failed check; exit status 1 if any failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

#include "../../src/exec/exec.h"
#include "../../src/loader/loader.h"
#include "../../src/mem/mem.h"
#include "../../src/plugin/core.h"
#include "../../src/plugin/plugin.h"
#include "../../src/riscv/insn.h"

#define CHECK(cond, ...)                                                                      \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            env()->fails++;                                                                   \
            printf("line %d: ", __LINE__);                                                    \
            printf(__VA_ARGS__);                                                              \
            printf("\n");                                                                     \
        }                                                                                     \
    } while (0)

struct env {
    struct vcpu cpu;        /* first: current_cpu points here */
    struct vcpu cpu16;      /* a vCPU with index 16 (scoreboard growth) */
    struct proc proc;
    struct mem_space mem;
    uint8_t guest[3 * 4096];
    int fails;
    int flushes;
    char log[512];          /* event trace */
    int64_t last_ret;
    uint64_t last_arg;
    int read_rc, write_rc;
    uint64_t seen_value;
    GArray *regs;
};

__thread struct vcpu *current_cpu;

static struct env *env(void)
{
    return (struct env *)(void *)current_cpu;
}

static void logf_(const char *s)
{
    strncat(env()->log, s, sizeof(env()->log) - strlen(env()->log) - 1);
}

/* ---- engine fakes ---- */

void exclusive_start(struct vcpu *self) {}
void exclusive_end(struct vcpu *self) {}
void exclusive_enter_syscall(struct vcpu *self) {}
void exclusive_leave_syscall(struct vcpu *self) {}
void tb_flush_exclusive(struct proc *p)
{
    env()->flushes++;
    plg_flushed(p);
}
void tb_invalidate_range(struct proc *p, gaddr_t start, gaddr_t end) {}
void cpu_queue_safe_work(struct vcpu *cpu, void (*fn)(struct vcpu *, void *), void *arg)
{
    fn(cpu, arg);
}
unsigned mem_page_flags(struct mem_space *m, gaddr_t a)
{
    return a < 2 * 4096 ? PAGE_VALID | PAGE_READ | PAGE_WRITE : 0;
}
const char *symtab_lookup(const struct symtab *s, gaddr_t a)
{
    return a == 0x1000 ? "main" : NULL;
}
unsigned rv_disas(uint64_t pc, uint32_t raw, char *buf)
{
    snprintf(buf, RV_DISAS_MAX, "insn %08x", raw);
    return 4;
}

/* ---- plugin records made by hand ---- */

static struct plg_ctx *fake_plugin(uint64_t id, int abi)
{
    struct plg_ctx *c = calloc(1, sizeof(*c));
    c->id = id;
    c->abi = abi;
    c->path = g_strdup_printf("fake%d", abi);
    struct plg_ctx **l = &plg_core.ctxs;
    while (*l)
        l = &(*l)->next;
    *l = c;
    return c;
}

/* ---- option parser ---- */

static const char *arg_of(struct plg_desc *d, guint i)
{
    return i < d->args->len ? g_ptr_array_index(d->args, i) : "(none)";
}

static void test_parser(void)
{
    bool help;
    char *e = plg_parse_into("./liba.so,x=1,s=a,,b,k=a=b", &help);
    CHECK(!e && !help, "plain parse failed: %s", e);
    e = plg_parse_into("file=./liba.so,y=2,flag,noother,id=ignored,arg=legacy,arg=on,arg=p=q",
                       &help);
    CHECK(!e, "second parse failed: %s", e);
    e = plg_parse_into("file=./libb.so,file=./libc.so,z=3", &help);
    CHECK(!e, "third parse failed: %s", e);
    CHECK(plg_core.descs->len == 3, "descs %u", plg_core.descs->len);
    struct plg_desc *a = g_ptr_array_index(plg_core.descs, 0);
    const char *want[] = {"x=1", "s=a,b", "k=a=b", "y=2", "flag=on", "other=off", "legacy=on",
                          "arg=on", "p=q"};
    CHECK(a->args->len == ARRAY_SIZE(want), "liba has %u args", a->args->len);
    for (guint i = 0; i < ARRAY_SIZE(want); i++)
        CHECK(!strcmp(arg_of(a, i), want[i]), "arg %u: %s != %s", i, arg_of(a, i), want[i]);
    struct plg_desc *c = g_ptr_array_index(plg_core.descs, 2);
    CHECK(!strcmp(c->path, "./libc.so") && c->args->len == 1, "libc desc");
    e = plg_parse_into("x=1", &help);
    CHECK(e && strstr(e, "file="), "missing file= not reported: %s", e);
    e = plg_parse_into("file=", &help);
    CHECK(e && strstr(e, "non-empty"), "empty file= not reported: %s", e);
    e = plg_parse_into("./liba.so,k=help", &help);
    CHECK(!e && help, "k=help not a help request");
    e = plg_parse_into("?", &help);
    CHECK(!e && help, "? not a help request");
    e = plg_parse_into("./liba.so,help", &help);
    CHECK(!e && !help, "bare later help must be passed to the plugin");
    CHECK(!strcmp(arg_of(a, a->args->len - 1), "help=on"), "help=on not passed");
    g_ptr_array_set_size(plg_core.descs, 0);
}

static void test_loader_errors(void)
{
    struct plg_desc d = {.path = "./no-such-plugin.so", .args = g_ptr_array_new()};
    char *e = plg_load_one(&d);
    CHECK(e && strstr(e, "No such file"), "missing file: %s", e);
    d.path = "libm.so.6";
    e = plg_load_one(&d);
    CHECK(e && strstr(e, "\"qemu_plugin_install\""), "no install symbol: %s", e);
}

/* ---- callbacks of the various versions ---- */

static void init_v5(qemu_plugin_id_t id, unsigned idx)
{
    char b[32];
    snprintf(b, sizeof(b), "A%u ", idx);
    logf_(b);
}

static void init_v7(unsigned idx, void *ud)
{
    char b[32];
    snprintf(b, sizeof(b), "B%u%s ", idx, (const char *)ud);
    logf_(b);
}

/* The register functions seen with the int results of versions 2-5 (this file sees v7). */
typedef int (*reg_fn_t)(struct qemu_plugin_register *handle, GByteArray *buf);

static void exec_cb(unsigned idx, void *ud)
{
    logf_(ud);
    GByteArray *buf = g_byte_array_new();
    reg_fn_t volatile rd = (reg_fn_t)(plg_fn)qemu_plugin_read_register;
    reg_fn_t volatile wr = (reg_fn_t)(plg_fn)qemu_plugin_write_register;
    env()->read_rc = rd((struct qemu_plugin_register *)0x21, buf);
    if (buf->len == 8)
        memcpy(&env()->seen_value, buf->data, 8);
    g_byte_array_set_size(buf, 0);
    g_byte_array_append(buf, (const guint8 *)"\x11\0\0\0\0\0\0\0", 8);
    env()->write_rc = wr((struct qemu_plugin_register *)0xb, buf);
    g_byte_array_free(buf, TRUE);
}

static void setpc_cb(unsigned idx, void *ud)
{
    qemu_plugin_set_pc(0x4000);
}

static void mem_cb(unsigned idx, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    logf_(ud);
    qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);
    env()->seen_value = v.type == QEMU_PLUGIN_MEM_VALUE_U32 ? v.data.u32 : 0xdead;
}

static struct qemu_plugin_scoreboard *test_score;

static void trans_v5(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    logf_("T5 ");
    struct qemu_plugin_insn *i0 = qemu_plugin_tb_get_insn(tb, 0);
    qemu_plugin_u64 e = qemu_plugin_scoreboard_u64(test_score);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, exec_cb, QEMU_PLUGIN_CB_R_REGS, "tb ");
    qemu_plugin_register_vcpu_tb_exec_cond_cb(tb, exec_cb, 0, QEMU_PLUGIN_COND_NEVER, e, 0, "x");
    qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(i0, QEMU_PLUGIN_INLINE_ADD_U64, e, 3);
    qemu_plugin_register_vcpu_insn_exec_cond_cb(i0, exec_cb, QEMU_PLUGIN_CB_RW_REGS,
                                                QEMU_PLUGIN_COND_GE, e, 3, "cond ");
    qemu_plugin_register_vcpu_mem_cb(i0, mem_cb, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_R,
                                     "memR ");
    qemu_plugin_register_vcpu_mem_inline_per_vcpu(i0, QEMU_PLUGIN_MEM_W,
                                                  QEMU_PLUGIN_INLINE_STORE_U64, e, 99);
    CHECK(qemu_plugin_tb_get_insn(tb, 2) == NULL, "insn 2 of a 2-insn block");
}

static void trans_v7(struct qemu_plugin_tb *tb, void *ud)
{
    logf_("T7 ");
    struct qemu_plugin_insn *i1 = qemu_plugin_tb_get_insn(tb, 1);
    CHECK(qemu_plugin_tb_n_insns(tb) == 2 && qemu_plugin_tb_vaddr(tb) == 0x1000, "tb shape");
    CHECK(qemu_plugin_insn_vaddr(i1) == 0x1004 && qemu_plugin_insn_size(i1) == 4, "insn shape");
    uint8_t bytes[4] = {0};
    CHECK(qemu_plugin_insn_data(i1, bytes, 2) == 2 && bytes[0] == 0x93 && bytes[2] == 0,
          "insn_data copy-out");
    char *d = qemu_plugin_insn_disas(i1);
    CHECK(!strcmp(d, "insn 00a00593"), "disas %s", d);
    g_free(d);
    CHECK(!strcmp(qemu_plugin_insn_symbol(qemu_plugin_tb_get_insn(tb, 0)), "main"), "symbol");
    CHECK(qemu_plugin_insn_haddr(i1) == env()->guest + 0x1004, "haddr");
    qemu_plugin_register_vcpu_insn_exec_cb(i1, setpc_cb, QEMU_PLUGIN_CB_RW_REGS, NULL);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, exec_cb, QEMU_PLUGIN_CB_NO_REGS, "tb7 ");
}

static void test_events_and_instrumentation(struct plg_ctx *a, struct plg_ctx *b)
{
    struct env *E = env();
    qemu_plugin_register_vcpu_init_cb(a->id, (qemu_plugin_vcpu_udata_cb_t)(plg_fn)init_v5,
                                      NULL);
    qemu_plugin_register_vcpu_init_cb(b->id, init_v7, "u");
    CHECK(plg_core.mask & (1u << PLG_EV_VCPU_INIT), "init mask bit");
    plg_vcpu_init(&E->cpu);
    CHECK(!strcmp(E->log, "B0u A0 "), "init order/signatures: '%s'", E->log);
    CHECK(qemu_plugin_num_vcpus() == 1, "num_vcpus %d", qemu_plugin_num_vcpus());
    /* re-registering keeps the position, NULL then register moves to the head */
    qemu_plugin_register_vcpu_init_cb(b->id, init_v7, "v");
    qemu_plugin_register_vcpu_init_cb(a->id, NULL, NULL);
    CHECK(!(plg_core.head[PLG_EV_VCPU_INIT]->next), "unregister");
    qemu_plugin_register_vcpu_init_cb(a->id, (qemu_plugin_vcpu_udata_cb_t)(plg_fn)init_v5,
                                      NULL);
    E->log[0] = 0;
    plg_vcpu_init(&E->cpu);
    CHECK(!strcmp(E->log, "A0 B0v "), "order after re-registration: '%s'", E->log);

    test_score = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    qemu_plugin_register_vcpu_tb_trans_cb(a->id,
                                          (qemu_plugin_vcpu_tb_trans_cb_t)(plg_fn)trans_v5, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(b->id, trans_v7, NULL);
    struct plg_insn_desc insns[2] = {{0x1000, 0x00000013, 4, 0, 0}, {0x1004, 0x00a00593, 4, 0, 0}};
    E->log[0] = 0;
    struct plg_tb_instr *ti = plg_tb_trans(&E->cpu, 0x1000, 2, insns);
    CHECK(!strcmp(E->log, "T7 T5 "), "tb_trans order: '%s'", E->log);
    CHECK(ti && ti->n_insns == 2, "no instrumentation");
    if (!ti)
        return;
    CHECK(ti->tb.n == 2 && ti->tb.a[0].regs == 0 && !strcmp(ti->tb.a[0].udata, "tb7 ") &&
              !strcmp(ti->tb.a[1].udata, "tb ") && ti->tb.a[0].owner == b,
          "block actions in registration order");
    CHECK(ti->insn[0].n == 2 && ti->insn[0].a[0].kind == PLG_ACT_INLINE_ADD &&
              ti->insn[0].a[1].kind == PLG_ACT_COND_CB && ti->insn[0].a[1].cond == 7,
          "insn 0 actions");
    CHECK(ti->mem[0].n == 2 && ti->mem[1].n == 0 && ti->insn[1].n == 1, "mem lists");

    /* execute like exec/ would: inline ops directly, callbacks through plg_call */
    E->cpu.pc = 0x1000;
    E->read_rc = E->write_rc = 7;
    plg_call(&E->cpu, &ti->tb.a[0]);
    CHECK(E->read_rc == 0 && E->write_rc == 0, "NO_REGS access (v7: false): %d %d", E->read_rc,
          E->write_rc);
    plg_call(&E->cpu, &ti->tb.a[1]);
    CHECK(E->read_rc == 8 && E->seen_value == 0x1000 && E->write_rc == -1,
          "R_REGS access: %d %d", E->read_rc, E->write_rc);
    *plg_slot(&ti->insn[0].a[0], 0) += ti->insn[0].a[0].imm;
    CHECK(qemu_plugin_u64_get(qemu_plugin_scoreboard_u64(test_score), 0) == 3, "inline add");
    plg_call(&E->cpu, &ti->insn[0].a[1]);
    CHECK(E->write_rc == 8 && E->cpu.x[10] == 0x11, "RW write a0: rc %d a0 %lx", E->write_rc,
          (unsigned long)E->cpu.x[10]);
    /* memory: a load runs the R callback, a store only the W inline op */
    E->cpu.plg_mem = &ti->mem[0];
    E->log[0] = 0;
    plg_mem_hook(&E->cpu, plg_meminfo(2, true, false), 0x1800, 0xfffffff5, 0);
    CHECK(!strcmp(E->log, "memR ") && E->seen_value == 0xfffffff5, "load hook '%s'", E->log);
    E->log[0] = 0;
    plg_mem_hook(&E->cpu, plg_meminfo(3, false, true), 0x1800, 1, 0);
    CHECK(E->log[0] == 0 && qemu_plugin_u64_get(qemu_plugin_scoreboard_u64(test_score), 0) == 99,
          "store hook");
    E->cpu.plg_mem = NULL;
    /* set_pc from an RW insn callback unwinds to the cpu loop's recovery point */
    E->cpu.pc = 0x1004;
    volatile int landed = 0;
    switch (sigsetjmp(E->cpu.fault_jmp, 0)) {
    case 0: plg_call(&E->cpu, &ti->insn[1].a[0]); break;
    case FAULT_JMP_PC_SET: landed = 1; break;
    default: landed = -1; break;
    }
    CHECK(landed == 1 && E->cpu.pc == 0x4000, "set_pc: landed %d pc %lx", landed,
          (unsigned long)E->cpu.pc);
    CHECK(E->cpu.plg->level == 0 && E->cpu.plg->cur == NULL && E->cpu.plg->unwind == NULL,
          "state reset by set_pc");
    plg_tb_instr_free(ti);
}

static void test_meminfo(void)
{
    CHECK(plg_meminfo(3, false, false) == 0x14060, "ld %x", plg_meminfo(3, false, false));
    CHECK(plg_meminfo(3, false, true) == 0x34060, "sd");
    CHECK(plg_meminfo(2, true, false) == 0x14140, "lw");
    CHECK(plg_meminfo(0, true, false) == 0x15d00, "lb");
    CHECK(plg_meminfo(0, false, true) == 0x35c00, "sb");
    uint32_t i = plg_meminfo(1, true, false);
    CHECK(qemu_plugin_mem_size_shift(i) == 1 && qemu_plugin_mem_is_sign_extended(i) &&
              !qemu_plugin_mem_is_store(i) && !qemu_plugin_mem_is_big_endian(i),
          "decoders");
    CHECK(qemu_plugin_get_hwaddr(i, 0) == NULL && !qemu_plugin_hwaddr_is_io(NULL) &&
              qemu_plugin_hwaddr_phys_addr(NULL) == 0 &&
              !strcmp(qemu_plugin_hwaddr_device_name(NULL), "Invalid"),
          "hwaddr stubs");
}

static void flush_v7(void *ud)
{
    logf_("F ");
}

static void test_scoreboard_growth(struct plg_ctx *b)
{
    struct env *E = env();
    qemu_plugin_register_flush_cb(b->id, flush_v7, NULL);
    qemu_plugin_u64 e = qemu_plugin_scoreboard_u64(test_score);
    qemu_plugin_u64_set(e, 0, 5);
    E->cpu16.index = 16;
    E->cpu16.proc = &E->proc;
    int flushes = E->flushes;
    E->log[0] = 0;
    plg_vcpu_init(&E->cpu16);
    CHECK(plg_core.score_cap == 32 && E->flushes == flushes + 1, "growth cap %zu",
          plg_core.score_cap);
    CHECK(strstr(E->log, "F "), "flush callback on growth: '%s'", E->log);
    CHECK(qemu_plugin_num_vcpus() == 17, "num_vcpus after index 16");
    qemu_plugin_u64_add(e, 16, 4);
    CHECK(qemu_plugin_u64_get(e, 0) == 5 && qemu_plugin_u64_sum(e) == 9, "values kept");
    qemu_plugin_register_flush_cb(b->id, NULL, NULL);
}

static void sys_v5(qemu_plugin_id_t id, unsigned idx, int64_t num, uint64_t a1, uint64_t a2,
                   uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8)
{
    env()->last_arg = a1 + a6 + a7 + a8;
    logf_("S5 ");
}

static bool filter_v7(unsigned idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                      uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8,
                      int64_t *ret, void *ud)
{
    if (num != 4096)
        return false;
    *ret = -38;
    return true;
}

static void ret_v7(unsigned idx, int64_t num, int64_t ret, void *ud)
{
    env()->last_ret = ret;
}

static void test_syscalls(struct plg_ctx *a, struct plg_ctx *b)
{
    struct env *E = env();
    qemu_plugin_register_vcpu_syscall_cb(a->id, (qemu_plugin_vcpu_syscall_cb_t)(plg_fn)sys_v5,
                                         NULL);
    qemu_plugin_register_vcpu_syscall_filter_cb(b->id, filter_v7, NULL);
    qemu_plugin_register_vcpu_syscall_ret_cb(b->id, ret_v7, NULL);
    uint64_t args[6] = {1, 2, 3, 4, 5, 6};
    E->log[0] = 0;
    plg_syscall(&E->cpu, 64, args);
    CHECK(!strcmp(E->log, "S5 ") && E->last_arg == 7, "syscall event args");
    int64_t r = 0;
    CHECK(!plg_syscall_filter(&E->cpu, 64, args, &r), "filter must pass 64");
    CHECK(plg_syscall_filter(&E->cpu, 4096, args, &r) && r == -38, "filter 4096 -> %ld",
          (long)r);
    plg_syscall_ret(&E->cpu, 4096, -38);
    CHECK(E->last_ret == -38, "syscall_ret");
    CHECK(!plg_pc_redirected(&E->cpu), "no redirect");
}

static void regs_v5_cb(unsigned idx, void *ud)
{
    /* called with the v5 plugin as owner: 24-byte elements */
    env()->regs = qemu_plugin_get_registers();
}

static void test_registers(struct plg_ctx *a, struct plg_ctx *b)
{
    struct env *E = env();
    struct plg_action act = {.kind = PLG_ACT_CB, .regs = 1, .cb = regs_v5_cb, .owner = a};
    plg_call(&E->cpu, &act);
    GArray *r = E->regs;
    CHECK(r->len == 72 && g_array_get_element_size(r) == 24, "v5 registers %u/%u", r->len,
          g_array_get_element_size(r));
    const char *names[] = {"zero", "fp", "pc", "ft0", "priv", "fflags", "instret"};
    unsigned at[] = {0, 8, 32, 33, 65, 66, 71};
    uintptr_t handles[] = {1, 9, 0x21, 0x22, 0x42, 0x44, 0xc45};
    for (unsigned i = 0; i < ARRAY_SIZE(at); i++) {
        qemu_plugin_reg_descriptor *d = plume_reg_descriptor_at(r, at[i]);
        CHECK(!strcmp(d->name, names[i]) && (uintptr_t)d->handle == handles[i],
              "reg %u: %s %lx", at[i], d->name, (unsigned long)(uintptr_t)d->handle);
    }
    CHECK(!strcmp(plume_reg_descriptor_at(r, 70)->feature, "org.gnu.gdb.riscv.csr"), "feature");
    g_array_free(r, TRUE);
    act.owner = b;
    plg_call(&E->cpu, &act);
    r = E->regs;
    CHECK(r->len == 72 && g_array_get_element_size(r) == 32, "v7 element size");
    CHECK(((const bool *)(plume_reg_descriptor_at(r, 32) + 0))[24] == true, "pc read-only");
    g_array_free(r, TRUE);
}

static void reset_v5(qemu_plugin_id_t id)
{
    logf_("R ");
}

static void atexit_v5(qemu_plugin_id_t id, void *ud)
{
    logf_(ud);
}

static void atexit_v7(void *ud)
{
    logf_(ud);
}

static void test_reset_and_exit(struct plg_ctx *a, struct plg_ctx *b)
{
    struct env *E = env();
    qemu_plugin_register_atexit_cb(a->id, (qemu_plugin_udata_cb_t)(plg_fn)atexit_v5, "XA ");
    qemu_plugin_register_atexit_cb(b->id, atexit_v7, "XB ");
    E->log[0] = 0;
    int flushes = E->flushes;
    qemu_plugin_reset(a->id, (qemu_plugin_udata_cb_t)(plg_fn)reset_v5, NULL);
    CHECK(!strcmp(E->log, "R ") && E->flushes == flushes + 1, "reset: '%s'", E->log);
    for (int ev = 0; ev < PLG_EV_COUNT; ev++)
        CHECK(!a->slot[ev], "event %d of the reset plugin still registered", ev);
    qemu_plugin_register_atexit_cb(a->id, (qemu_plugin_udata_cb_t)(plg_fn)atexit_v5, "XA ");
    E->log[0] = 0;
    plg_process_exit(&E->cpu);
    CHECK(!strcmp(E->log, "XA XB "), "atexit order: '%s'", E->log);
    CHECK(!b->slot[PLG_EV_TB_TRANS] && !plg_core.head[PLG_EV_SYSCALL_RET], "exit unregisters");
    E->log[0] = 0;
    plg_process_exit(&E->cpu);
    CHECK(E->log[0] == 0, "exit sequence must run once");
}

static void test_misc(void)
{
    bool v = false;
    CHECK(qemu_plugin_bool_parse("k", "yes", &v) && v, "bool yes");
    CHECK(qemu_plugin_bool_parse("k", "n", &v) && !v, "bool n");
    CHECK(!qemu_plugin_bool_parse("k", "On", &v), "bool is case-sensitive");
    const char *p = qemu_plugin_path_to_binary();
    CHECK(p && !strcmp(p, "/bin/guest"), "path_to_binary");
    g_free((char *)p);
    CHECK(qemu_plugin_start_code() == 0x1000 && qemu_plugin_end_code() == 0x1800 &&
              qemu_plugin_entry_code() == 0x1000,
          "code range");
    CHECK(qemu_plugin_request_time_control() == NULL, "time control");
    GByteArray *b = g_byte_array_new();
    CHECK(qemu_plugin_read_memory_vaddr(0xffe, b, 4) && b->len == 4, "read memory");
    CHECK(!qemu_plugin_read_memory_vaddr(0x1ffe, b, 0x1000), "read past the mapping");
    g_byte_array_set_size(b, 2);
    b->data[0] = 0xab;
    b->data[1] = 0xcd;
    CHECK(qemu_plugin_write_memory_vaddr(0x10, b) && env()->guest[0x11] == 0xcd, "write memory");
    CHECK(qemu_plugin_read_memory_hwaddr(0, b, 1) == QEMU_PLUGIN_HWADDR_OPERATION_ERROR,
          "hwaddr read");
    uint64_t h = 0;
    CHECK(!qemu_plugin_translate_vaddr(0, &h), "translate_vaddr");
    g_byte_array_free(b, TRUE);
}

int main(void)
{
    struct env *E = calloc(1, sizeof(*E));
    current_cpu = &E->cpu;
    E->mem.base = E->guest;
    E->proc.mem = &E->mem;
    E->proc.tbs = (struct tb_cache *)E; /* non-NULL: the engine "exists" */
    E->proc.exe_path = "/bin/guest";
    E->proc.start_code = 0x1000;
    E->proc.end_code = 0x1800;
    E->proc.entry = 0x1000;
    E->proc.syms = (struct symtab *)E;
    E->cpu.proc = &E->proc;
    plg_core_init();
    plg_core.proc = &E->proc;

    test_parser();
    test_loader_errors();
    test_meminfo();
    struct plg_ctx *a = fake_plugin(0x1111, 5);
    struct plg_ctx *b = fake_plugin(0x2222, 7);
    test_events_and_instrumentation(a, b);
    test_scoreboard_growth(b);
    test_syscalls(a, b);
    test_registers(a, b);
    test_misc();
    test_reset_and_exit(a, b);
    return E->fails ? 1 : 0;
}
