/*
 * counts_v1.c — instruction, block, memory-access and syscall counts, built for plugin API
 * version 1 (default) or, with -DCOUNTS_API_VERSION=5, version 5 (libcounts_v5.so).
 *
 * The version-1 build loads in Debian's qemu-riscv64 7.2 as well as in plume; on the same
 * raw-syscall guest program both must print identical counts (tests/plugins/t_counts_v1.sh).
 * Counting uses every mechanism of its version: inline ops (pointer-based in v1, per-vCPU
 * scoreboards in v5) for instructions, blocks and accesses, callbacks for the read/write split
 * and for syscalls.
 *
 * Options: out=<file> writes the result line there instead of stderr.
 * Output at exit: "insns=N blocks=N mem=N reads=N writes=N syscalls=N sysrets=N".
 * Threading: counts are plain adds (single-threaded guests); the syscall counters are atomic.
 */
#ifndef COUNTS_API_VERSION
#define COUNTS_API_VERSION 1
#endif
#define PLUME_PLUGIN_API_VERSION COUNTS_API_VERSION
#include <qemu-plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum { C_INSNS, C_BLOCKS, C_MEM, C_READS, C_WRITES, C_SYSCALLS, C_SYSRETS, C_N };

struct state {
    char *out;
#if QEMU_PLUGIN_VERSION == 1
    uint64_t c[C_N];
#else
    struct qemu_plugin_scoreboard *score; /* uint64_t[C_N] per vCPU */
#endif
};

static struct state st;

#if QEMU_PLUGIN_VERSION == 1
static void count(unsigned vcpu, int which)
{
    __atomic_fetch_add(&st.c[which], 1, __ATOMIC_RELAXED);
}

static uint64_t total(int which)
{
    return st.c[which];
}
#else
static qemu_plugin_u64 field(int which)
{
    return (qemu_plugin_u64){st.score, which * sizeof(uint64_t)};
}

static void count(unsigned vcpu, int which)
{
    qemu_plugin_u64_add(field(which), vcpu, 1);
}

static uint64_t total(int which)
{
    return qemu_plugin_u64_sum(field(which));
}
#endif

static void on_mem(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    count(vcpu, qemu_plugin_mem_is_store(info) ? C_WRITES : C_READS);
}

static void on_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
#if QEMU_PLUGIN_VERSION == 1
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &st.c[C_BLOCKS], 1);
#else
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64,
                                                      field(C_BLOCKS), 1);
#endif
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
#if QEMU_PLUGIN_VERSION == 1
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &st.c[C_INSNS],
                                                   1);
        qemu_plugin_register_vcpu_mem_inline(insn, QEMU_PLUGIN_MEM_RW, QEMU_PLUGIN_INLINE_ADD_U64,
                                             &st.c[C_MEM], 1);
#else
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                            field(C_INSNS), 1);
        qemu_plugin_register_vcpu_mem_inline_per_vcpu(insn, QEMU_PLUGIN_MEM_RW,
                                                      QEMU_PLUGIN_INLINE_ADD_U64, field(C_MEM), 1);
#endif
        qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW,
                                         NULL);
    }
}

static void on_syscall(qemu_plugin_id_t id, unsigned vcpu, int64_t num, uint64_t a1, uint64_t a2,
                       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8)
{
    count(vcpu, C_SYSCALLS);
}

static void on_sysret(qemu_plugin_id_t id, unsigned vcpu, int64_t num, int64_t ret)
{
    count(vcpu, C_SYSRETS);
}

static void on_atexit(qemu_plugin_id_t id, void *ud)
{
    FILE *f = st.out ? fopen(st.out, "w") : stderr;
    if (!f)
        f = stderr;
    fprintf(f,
            "insns=%llu blocks=%llu mem=%llu reads=%llu writes=%llu syscalls=%llu "
            "sysrets=%llu\n",
            (unsigned long long)total(C_INSNS), (unsigned long long)total(C_BLOCKS),
            (unsigned long long)total(C_MEM), (unsigned long long)total(C_READS),
            (unsigned long long)total(C_WRITES), (unsigned long long)total(C_SYSCALLS),
            (unsigned long long)total(C_SYSRETS));
    if (f != stderr)
        fclose(f);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "out=", 4))
            st.out = strdup(argv[i] + 4);
        else {
            fprintf(stderr, "counts: unknown option %s\n", argv[i]);
            return -1;
        }
    }
#if QEMU_PLUGIN_VERSION >= 2
    st.score = qemu_plugin_scoreboard_new(C_N * sizeof(uint64_t));
#endif
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans);
    qemu_plugin_register_vcpu_syscall_cb(id, on_syscall);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, on_sysret);
    qemu_plugin_register_atexit_cb(id, on_atexit, NULL);
    return 0;
}
