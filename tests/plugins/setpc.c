/*
 * setpc.c — qemu_plugin_set_pc from syscall entry, syscall filter, syscall_ret and instruction
 * callbacks (API v7), driven by setpc_guest.S (t_setpc.sh).
 *
 * For a write syscall with a5 = 1, 2 or 3 the plugin writes a0 = 1000 + a5 and sends the pc to
 * a4 from the entry, filter or return callback respectively. Asserts: after an entry redirect
 * neither the filter nor syscall_ret runs for that call; after a filter redirect no
 * syscall_ret; a callback registered after the redirecting one at the same instruction (and an
 * inline add there) never runs; every redirect happened exactly once. Prints "setpc: ok" at exit,
 * or "setpc: FAIL ..." lines.
 * Threading: single-threaded guest; state lives in one struct passed as userdata.
 */
#include <qemu-plugin.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MARKER 0x5e700013u /* addi zero, zero, 0x5e7 */
#define SYS_WRITE 64

struct setpc {
    int fails;
    int redirects[4]; /* by mode: [1] entry, [2] filter, [3] ret; [0] the instruction */
    int skipped_cb;   /* callbacks after the redirecting one that ran (must stay 0) */
    struct qemu_plugin_register *a0, *a4, *a5;
    struct qemu_plugin_scoreboard *score; /* inline add after the redirect (must stay 0) */
};

static void fail(struct setpc *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "setpc: FAIL ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    s->fails++;
}

static uint64_t get(struct qemu_plugin_register *r)
{
    uint64_t v = 0;
    GByteArray *b = g_byte_array_new();
    if (qemu_plugin_read_register(r, b) && b->len == 8)
        memcpy(&v, b->data, 8);
    g_byte_array_free(b, TRUE);
    return v;
}

static void put(struct qemu_plugin_register *r, uint64_t v)
{
    GByteArray *b = g_byte_array_new();
    g_byte_array_append(b, (const guint8 *)&v, 8);
    qemu_plugin_write_register(r, b);
    g_byte_array_free(b, TRUE);
}

/* Write a0 = value and jump to the guest's a4; does not return. */
static void redirect(struct setpc *s, int slot, uint64_t value)
{
    s->redirects[slot]++;
    put(s->a0, value);
    qemu_plugin_set_pc(get(s->a4));
}

static void vcpu_init(unsigned idx, void *ud)
{
    struct setpc *s = ud;
    GArray *regs = qemu_plugin_get_registers();
    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d = &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        if (!strcmp(d->name, "a0"))
            s->a0 = d->handle;
        else if (!strcmp(d->name, "a4"))
            s->a4 = d->handle;
        else if (!strcmp(d->name, "a5"))
            s->a5 = d->handle;
    }
    g_array_free(regs, TRUE);
}

static void on_syscall(unsigned idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                       uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, void *ud)
{
    struct setpc *s = ud;
    if (num == SYS_WRITE && a6 == 1)
        redirect(s, 1, 1001);
}

static bool on_filter(unsigned idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                      uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, int64_t *ret, void *ud)
{
    struct setpc *s = ud;
    if (num == SYS_WRITE && a6 == 1)
        fail(s, "filter ran after set_pc in the syscall entry callback");
    if (num == SYS_WRITE && a6 == 2)
        redirect(s, 2, 1002);
    return false;
}

static void on_ret(unsigned idx, int64_t num, int64_t ret, void *ud)
{
    struct setpc *s = ud;
    uint64_t mode = get(s->a5);
    if (num != SYS_WRITE)
        return;
    if (mode == 1 || mode == 2)
        fail(s, "syscall_ret after set_pc in mode %lu", (unsigned long)mode);
    if (mode == 3) {
        if (ret != 7)
            fail(s, "write returned %ld before the ret redirect", (long)ret);
        redirect(s, 3, 1003);
    }
}

static void at_insn(unsigned idx, void *ud)
{
    redirect(ud, 0, 2000);
}

static void after_redirect(unsigned idx, void *ud)
{
    ((struct setpc *)ud)->skipped_cb++;
}

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    struct setpc *s = ud;
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i + 1 < n; i++) {
        uint32_t raw = 0;
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (qemu_plugin_insn_data(insn, &raw, sizeof(raw)) != 4 || raw != MARKER)
            continue;
        struct qemu_plugin_insn *next = qemu_plugin_tb_get_insn(tb, i + 1);
        qemu_plugin_register_vcpu_insn_exec_cb(next, at_insn, QEMU_PLUGIN_CB_RW_REGS_PC, s);
        qemu_plugin_register_vcpu_insn_exec_cb(next, after_redirect, QEMU_PLUGIN_CB_NO_REGS, s);
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
            next, QEMU_PLUGIN_INLINE_ADD_U64, qemu_plugin_scoreboard_u64(s->score), 1);
    }
}

static void at_exit(void *ud)
{
    struct setpc *s = ud;
    static const char *const names[4] = {"instruction", "syscall entry", "syscall filter",
                                         "syscall_ret"};
    for (int m = 0; m < 4; m++) {
        if (s->redirects[m] != 1)
            fail(s, "%d redirects from the %s callback", s->redirects[m], names[m]);
    }
    if (s->skipped_cb)
        fail(s, "%d callbacks ran after set_pc at the same instruction", s->skipped_cb);
    if (qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(s->score)))
        fail(s, "inline op ran after set_pc at the same instruction");
    if (!s->fails)
        fprintf(stderr, "setpc: ok\n");
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    struct setpc *s = g_new0(struct setpc, 1);
    s->score = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init, s);
    qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, s);
    qemu_plugin_register_vcpu_syscall_filter_cb(id, on_filter, s);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, on_ret, s);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, s);
    qemu_plugin_register_atexit_cb(id, at_exit, s);
    return 0;
}
