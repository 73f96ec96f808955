/*
 * versions.c — per-version behaviour of the id-less API functions, identified by the caller's
 * address. Built for the version in VERSIONS_API (default 2, with the partial old insn_data;
 * t_versions.sh also builds 5 and 7). Asserts, on any guest:
 *   v <= 2: qemu_plugin_insn_data(insn) returns a pointer to the encoding;
 *   v >= 3: the copy-out form copies min(len, size) bytes;
 *   v <= 5: read_register returns 8 (R access) / -1 (NO_REGS), 24-byte descriptors;
 *   v >= 6: read_register returns true / false, 32-byte descriptors.
 * Prints "versions vN: ok" at exit or "versions: FAIL ..." lines and exits 99.
 * Threading: single-threaded guests.
 */
#ifndef VERSIONS_API
#define VERSIONS_API 2
#endif
#define PLUME_PLUGIN_API_VERSION VERSIONS_API
#define PLUME_PLUGIN_ALLOW_PARTIAL
#include <qemu-plugin.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct vstate {
    int fails, checked_insns, reads_ok, reads_refused;
    struct qemu_plugin_register *pc;
};

static struct vstate st;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "versions: FAIL " __VA_ARGS__);                                        \
            fprintf(stderr, "\n");                                                                 \
            st.fails++;                                                                            \
        }                                                                                          \
    } while (0)

static void vcpu_init(qemu_plugin_id_t id, unsigned idx)
{
    GArray *r = qemu_plugin_get_registers();
    guint want = QEMU_PLUGIN_VERSION >= 6 ? 32 : 24;
    CHECK(g_array_get_element_size(r) == want && r->len == 72, "descriptor size %u",
          g_array_get_element_size(r));
    st.pc = plume_reg_descriptor_at(r, 32)->handle;
    CHECK(!strcmp(plume_reg_descriptor_at(r, 32)->name, "pc"), "register 32");
    g_array_free(r, TRUE);
}

/* Result of read_register as the full int register (as a v<=5 caller sees it). */
static int read_pc(void)
{
    GByteArray *b = g_byte_array_new();
    int rc = (int)qemu_plugin_read_register(st.pc, b);
    g_byte_array_free(b, TRUE);
    return rc;
}

static void with_regs(unsigned idx, void *ud)
{
    int rc = read_pc();
    CHECK(rc == (QEMU_PLUGIN_VERSION >= 6 ? 1 : 8), "read_register with R access: %d", rc);
    st.reads_ok++;
}

static void without_regs(unsigned idx, void *ud)
{
    int rc = read_pc();
    CHECK(rc == (QEMU_PLUGIN_VERSION >= 6 ? 0 : -1), "read_register with NO_REGS: %d", rc);
    st.reads_refused++;
}

static void on_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        size_t n = qemu_plugin_insn_size(insn);
#if QEMU_PLUGIN_VERSION <= 2
        const uint8_t *p = qemu_plugin_insn_data(insn);
        CHECK(p && (n == 4 ? (p[0] & 3) == 3 : (p[0] & 3) != 3), "old insn_data %p", (void *)p);
#else
        uint8_t b[8] = {0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee};
        CHECK(qemu_plugin_insn_data(insn, b, 1) == 1 && b[1] == 0xee, "insn_data len 1");
        CHECK(qemu_plugin_insn_data(insn, b, 8) == n && b[n] == 0xee, "insn_data len 8");
#endif
        st.checked_insns++;
    }
    qemu_plugin_register_vcpu_tb_exec_cb(tb, with_regs, QEMU_PLUGIN_CB_R_REGS, NULL);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, without_regs, QEMU_PLUGIN_CB_NO_REGS, NULL);
}

static void on_atexit(qemu_plugin_id_t id, void *ud)
{
    CHECK(st.checked_insns > 0 && st.reads_ok > 0 && st.reads_ok == st.reads_refused,
          "nothing checked");
    if (st.fails)
        _exit(99);
    fprintf(stderr, "versions v%d: ok\n", QEMU_PLUGIN_VERSION);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans);
    qemu_plugin_register_atexit_cb(id, on_atexit, NULL);
    return 0;
}
