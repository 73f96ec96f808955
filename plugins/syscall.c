/*
 * syscall.c — bundled plugin: a trace of the guest's system calls with names, arguments and
 * results, and a summary table of calls and errors per system call.
 *
 * Options: print=on|off (trace lines, default on), summary=on|off (table at exit, default on),
 * outfile=<path>|- (common.h).
 * Report (qemu_plugin_outs, `-d plugin`, unless outfile= is given): "[vcpu] name(a0, a1, ...) =
 * result" per call (calls that do not return — exit, exit_group, a successful execve — print
 * "= ?" when issued), then the table "calls errors name" sorted by number of calls.
 * Threading: the pending call of each vCPU lives in its scoreboard slot; the summary table is
 * protected by a mutex. State: one struct passed as userdata.
 */
#include "common.h"

#include <inttypes.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* riscv64 (asm-generic) system calls: number, name, number of arguments shown. */
struct sys_desc {
    int num;
    const char *name;
    int nargs;
};

/* clang-format off */
static const struct sys_desc sys_table[] = {
    {17, "getcwd", 2}, {23, "dup", 1}, {24, "dup3", 3}, {25, "fcntl", 3}, {29, "ioctl", 3},
    {34, "mkdirat", 3}, {35, "unlinkat", 3}, {46, "ftruncate", 2}, {48, "faccessat", 3},
    {49, "chdir", 1}, {56, "openat", 4}, {57, "close", 1}, {59, "pipe2", 2},
    {61, "getdents64", 3}, {62, "lseek", 3}, {63, "read", 3}, {64, "write", 3},
    {65, "readv", 3}, {66, "writev", 3}, {67, "pread64", 4}, {68, "pwrite64", 4},
    {72, "pselect6", 6}, {73, "ppoll", 5}, {78, "readlinkat", 4}, {79, "newfstatat", 4},
    {80, "fstat", 2}, {93, "exit", 1}, {94, "exit_group", 1}, {96, "set_tid_address", 1},
    {98, "futex", 6}, {99, "set_robust_list", 2}, {101, "nanosleep", 2},
    {113, "clock_gettime", 2}, {115, "clock_nanosleep", 4}, {123, "sched_getaffinity", 3},
    {124, "sched_yield", 0}, {129, "kill", 2}, {131, "tgkill", 3}, {134, "rt_sigaction", 4},
    {135, "rt_sigprocmask", 4}, {139, "rt_sigreturn", 0}, {160, "uname", 1},
    {163, "getrlimit", 2}, {167, "prctl", 5}, {169, "gettimeofday", 2}, {172, "getpid", 0},
    {173, "getppid", 0}, {174, "getuid", 0}, {175, "geteuid", 0}, {176, "getgid", 0},
    {177, "getegid", 0}, {178, "gettid", 0}, {179, "sysinfo", 1}, {214, "brk", 1},
    {215, "munmap", 2}, {216, "mremap", 5}, {220, "clone", 5}, {221, "execve", 3},
    {222, "mmap", 6}, {226, "mprotect", 3}, {233, "madvise", 3}, {258, "riscv_hwprobe", 5},
    {260, "wait4", 4}, {261, "prlimit64", 4}, {278, "getrandom", 3}, {291, "statx", 5},
    {293, "rseq", 4}, {435, "clone3", 2},
};
/* clang-format on */

/* The call a vCPU is executing (its scoreboard element). */
struct pending {
    int64_t num;
    uint64_t args[6];
};

struct stat_row {
    int64_t num;
    uint64_t calls, errors;
};

struct sys_state {
    bool print, summary;
    struct qemu_plugin_scoreboard *pending;
    GMutex lock;
    GHashTable *stats; /* num -> struct stat_row * */
    struct report_out out;
};

static const struct sys_desc *lookup(int64_t num)
{
    for (size_t i = 0; i < sizeof(sys_table) / sizeof(sys_table[0]); i++) {
        if (sys_table[i].num == num)
            return &sys_table[i];
    }
    return NULL;
}

/* "name(a, b, c)" of a call into buf. */
static void format_call(char *buf, size_t size, int64_t num, const uint64_t *args)
{
    const struct sys_desc *d = lookup(num);
    int n = d ? d->nargs : 6;
    int len =
        d ? snprintf(buf, size, "%s(", d->name) : snprintf(buf, size, "syscall_%" PRId64 "(", num);
    for (int i = 0; i < n && len < (int)size; i++)
        len += snprintf(buf + len, size - len, "%s0x%" PRIx64, i ? ", " : "", args[i]);
    if (len < (int)size)
        snprintf(buf + len, size - len, ")");
}

static void count(struct sys_state *st, int64_t num, bool error)
{
    g_mutex_lock(&st->lock);
    struct stat_row *r = g_hash_table_lookup(st->stats, &num);
    if (!r) {
        r = g_new0(struct stat_row, 1);
        r->num = num;
        g_hash_table_insert(st->stats, &r->num, r);
    }
    r->calls++;
    r->errors += error;
    g_mutex_unlock(&st->lock);
}

static void on_syscall(unsigned vcpu, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                       uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, void *ud)
{
    struct sys_state *st = ud;
    struct pending *p = qemu_plugin_scoreboard_find(st->pending, vcpu);
    *p = (struct pending){num, {a1, a2, a3, a4, a5, a6}};
    if (num == 93 || num == 94) {
        count(st, num, false);
        if (st->print) {
            char call[280];
            format_call(call, sizeof(call), num, p->args);
            reportf(&st->out, "[%u] %s = ?\n", vcpu, call);
        }
    }
}

static void on_sysret(unsigned vcpu, int64_t num, int64_t ret, void *ud)
{
    struct sys_state *st = ud;
    struct pending *p = qemu_plugin_scoreboard_find(st->pending, vcpu);
    bool error = ret < 0 && ret > -4096;
    count(st, num, error);
    if (!st->print)
        return;
    char call[280];
    format_call(call, sizeof(call), num, p->args);
    if (error)
        reportf(&st->out, "[%u] %s = -1 errno=%" PRId64 "\n", vcpu, call, -ret);
    else
        reportf(&st->out, "[%u] %s = 0x%" PRIx64 "\n", vcpu, call, (uint64_t)ret);
}

static gint by_calls(gconstpointer a, gconstpointer b)
{
    const struct stat_row *x = *(struct stat_row *const *)a, *y = *(struct stat_row *const *)b;
    if (x->calls != y->calls)
        return x->calls < y->calls ? 1 : -1;
    return x->num < y->num ? -1 : x->num > y->num;
}

static void on_exit_cb(void *ud)
{
    struct sys_state *st = ud;
    if (st->summary) {
        GPtrArray *rows = g_ptr_array_new();
        g_mutex_lock(&st->lock);
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, st->stats);
        while (g_hash_table_iter_next(&it, &k, &v))
            g_ptr_array_add(rows, v);
        g_mutex_unlock(&st->lock);
        g_ptr_array_sort(rows, by_calls);
        GString *out = g_string_new("   calls   errors  syscall\n");
        for (guint i = 0; i < rows->len; i++) {
            const struct stat_row *r = g_ptr_array_index(rows, i);
            const struct sys_desc *d = lookup(r->num);
            g_string_append_printf(out, "%8" PRIu64 " %8" PRIu64 "  ", r->calls, r->errors);
            if (d)
                g_string_append_printf(out, "%s\n", d->name);
            else
                g_string_append_printf(out, "syscall_%" PRId64 "\n", r->num);
        }
        report(&st->out, out->str);
        g_string_free(out, TRUE);
        g_ptr_array_free(rows, TRUE);
    }
    qemu_plugin_scoreboard_free(st->pending);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    struct sys_state *st = g_new0(struct sys_state, 1);
    bool ok = true;
    st->print = st->summary = true;
    for (int i = 0; i < argc && ok; i++) {
        const char *a = argv[i];
        if (!opt_bool(a, "print", &st->print) && !opt_bool(a, "summary", &st->summary) &&
            !opt_outfile(a, "syscall", &st->out, &ok))
            return bad_option("syscall", a, "print=on|off, summary=on|off");
    }
    if (!ok)
        return -1;
    g_mutex_init(&st->lock);
    st->stats = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
    st->pending = qemu_plugin_scoreboard_new(sizeof(struct pending));
    qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, st);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, on_sysret, st);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, st);
    return 0;
}
