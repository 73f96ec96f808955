/*
 * main.c — plume's command line: `plume [options] program [args...]`.
 *
 * Parses the qemu-user compatible options (and their QEMU_* environment equivalents) into a
 * struct config, loads the guest program, loads plugins, and hands the first vCPU to the cpu
 * loop on the main thread. Only this file holds process-wide mutable state of its own (the
 * config and proc of this run). Every bad input ends here or below in one "plume: ..." line and
 * exit status 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec/config.h"
#include "exec/exec.h"
#include "gdb/gdb.h"
#include "jit/jit.h"
#include "linux/syscall.h"
#include "loader/loader.h"
#include "plugin/hooks.h"
#include "plugin/plugin.h"
#include "util/log.h"

#define PLUME_VERSION "0.1.0"
#define DEFAULT_SYSROOT "/usr/riscv64-linux-gnu"
#define DEFAULT_STACK_SIZE (8ull << 20)

extern char **environ;

static struct config cfg;
static struct proc proc;
static const char *gdb_spec; /* -g / QEMU_GDB: where to wait for gdb, NULL for no stub */

static void usage(void)
{
    printf("usage: %s [options] program [arguments...]\n"
           "Linux user-mode emulator for riscv64 programs, with QEMU-compatible plugins.\n"
           "\n"
           "Options and their environment equivalents:\n"
           "-h, -help                            print this help and exit\n"
           "-version                             print version information and exit\n"
           "-L path       QEMU_LD_PREFIX         sysroot for the ELF interpreter and absolute\n"
           "                                     paths (default %s if it exists)\n"
           "-E var=value  QEMU_SET_ENV           set a variable in the guest environment\n"
           "-U var        QEMU_UNSET_ENV         remove a variable from the guest environment\n"
           "-0 argv0      QEMU_ARGV0             pass argv0 as the program's argv[0]\n"
           "-s size       QEMU_STACK_SIZE        guest stack size (k, M, G suffixes; default 8M)\n"
           "-cpu model    QEMU_CPU               CPU model: rv64 (rv64gc, Zba/Zbb/Zbs); 'help'\n"
           "-plugin opts  QEMU_PLUGIN            load a plugin: file=path[,name=value...]\n"
           "-d items      QEMU_LOG               log items, comma-separated; '-d help' lists\n"
           "-D logfile    QEMU_LOG_FILENAME      write the log to logfile (%%d: the pid)\n"
           "-strace       QEMU_STRACE            log system calls (same as -d strace)\n"
           "-one-insn-per-tb QEMU_ONE_INSN_PER_TB translate one instruction per block (debugging)\n"
           "-accel engine QEMU_ACCEL             jit (default; also 'tcg'), interp, or cosim (JIT\n"
           "                                     checked block by block against the interpreter)\n"
           "-perfmap      QEMU_PERFMAP           write /tmp/perf-<pid>.map for perf (JIT code)\n"
           "-g port       QEMU_GDB               wait for gdb on TCP port (any local address) or\n"
           "                                     on a unix socket path containing '/'\n"
           "\n"
           "The exit status is the guest's; a guest killed by a signal kills plume with that "
           "signal.\n",
           plume_progname, DEFAULT_SYSROOT);
}

/* Parse a size with an optional k/M/G suffix; 0 on error. */
static uint64_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *s == '-')
        return 0;
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    return *end ? 0 : v;
}

/* The guest environment: a growable copy of the host's, edited by -E / -U. */
struct envlist {
    char **v;
    int n;
};

static void env_unset(struct envlist *e, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < e->n; i++) {
        if (!strncmp(e->v[i], name, len) && e->v[i][len] == '=') {
            e->v[i] = e->v[--e->n];
            e->v[e->n] = NULL;
            return;
        }
    }
}

static void env_set(struct envlist *e, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment)
        die("-E: expected var=value, got '%s'", assignment);
    char *name = xstrdup(assignment);
    name[eq - assignment] = 0;
    env_unset(e, name);
    free(name);
    e->v = xrealloc(e->v, sizeof(char *) * (e->n + 2));
    e->v[e->n++] = xstrdup(assignment);
    e->v[e->n] = NULL;
}

/* Apply a comma-separated list (QEMU_SET_ENV / QEMU_UNSET_ENV). */
static void env_apply_list(struct envlist *e, const char *list, bool set)
{
    char *copy = xstrdup(list), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (set)
            env_set(e, t);
        else
            env_unset(e, t);
    }
    free(copy);
}

enum opt_id {
    OPT_HELP, OPT_VERSION, OPT_L, OPT_E, OPT_U, OPT_ARGV0, OPT_STACK, OPT_CPU, OPT_PLUGIN,
    OPT_D, OPT_DFILE, OPT_STRACE, OPT_ONE_INSN, OPT_ACCEL, OPT_PERFMAP, OPT_GDB,
};

static const struct {
    const char *name;
    enum opt_id id;
    bool has_arg;
} options[] = {
    {"h", OPT_HELP, false},          {"help", OPT_HELP, false},
    {"version", OPT_VERSION, false}, {"L", OPT_L, true},
    {"E", OPT_E, true},              {"U", OPT_U, true},
    {"0", OPT_ARGV0, true},          {"s", OPT_STACK, true},
    {"cpu", OPT_CPU, true},          {"plugin", OPT_PLUGIN, true},
    {"d", OPT_D, true},              {"D", OPT_DFILE, true},
    {"strace", OPT_STRACE, false},   {"one-insn-per-tb", OPT_ONE_INSN, false},
    {"singlestep", OPT_ONE_INSN, false}, {"accel", OPT_ACCEL, true},
    {"perfmap", OPT_PERFMAP, false}, {"g", OPT_GDB, true},
};

static void set_cpu_model(const char *model)
{
    if (!strcmp(model, "help") || !strcmp(model, "?")) {
        printf("Available CPUs:\n  rv64    RV64GC with Zba, Zbb, Zbs (default)\n");
        exit(0);
    }
    if (strcmp(model, "rv64") != 0)
        die("unknown CPU model '%s' (supported: rv64)", model);
}

static void set_accel(const char *name)
{
    /* QEMU spells its JIT "tcg" and accepts properties after a comma; plume has none. */
    if (!strcmp(name, "jit") || !strcmp(name, "tcg"))
        cfg.accel = ACCEL_JIT;
    else if (!strcmp(name, "interp"))
        cfg.accel = ACCEL_INTERP;
    else if (!strcmp(name, "cosim"))
        cfg.accel = ACCEL_COSIM;
    else
        die("-accel: unknown engine '%s' (jit, interp or cosim)", name);
}

static void set_log_items(const char *items)
{
    const char *bad;
    unsigned mask;
    if (!strcmp(items, "help") || !strcmp(items, "?")) {
        log_print_items();
        exit(0);
    }
    if (!log_parse_items(items, &mask, &bad))
        die("-d: unknown log item '%s' (try -d help)", bad);
    log_mask |= mask;
}

static void set_stack_size(const char *s)
{
    uint64_t v = parse_size(s);
    if (v < 4096 || v > (1ull << 34))
        die("-s: invalid stack size '%s'", s);
    cfg.stack_size = v;
}

/* Options from the environment, applied before the command line (which overrides them). */
static void parse_env_options(struct envlist *env, const char **logfile)
{
    const char *v;
    if ((v = getenv("QEMU_LD_PREFIX")))
        cfg.sysroot = v;
    if ((v = getenv("QEMU_STACK_SIZE")))
        set_stack_size(v);
    if ((v = getenv("QEMU_CPU")))
        set_cpu_model(v);
    if ((v = getenv("QEMU_ARGV0")))
        cfg.argv0 = v;
    if (getenv("QEMU_STRACE"))
        log_mask |= LOG_STRACE;
    if (getenv("QEMU_ONE_INSN_PER_TB") || getenv("QEMU_SINGLESTEP"))
        cfg.one_insn_per_tb = true;
    if ((v = getenv("QEMU_ACCEL")))
        set_accel(v);
    if (getenv("QEMU_PERFMAP"))
        cfg.perfmap = true;
    if ((v = getenv("QEMU_LOG")))
        set_log_items(v);
    if ((v = getenv("QEMU_LOG_FILENAME")))
        *logfile = v;
    if ((v = getenv("QEMU_SET_ENV")))
        env_apply_list(env, v, true);
    if ((v = getenv("QEMU_UNSET_ENV")))
        env_apply_list(env, v, false);
    if ((v = getenv("QEMU_PLUGIN")))
        plg_parse_option(v);
    if ((v = getenv("QEMU_GDB")))
        gdb_spec = v;
}

/* Parse argv up to the guest program; returns the program's index in argv. */
static int parse_args(int argc, char **argv, struct envlist *env)
{
    const char *logfile = NULL;
    parse_env_options(env, &logfile);
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-')
            break;
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        const char *name = a + 1 + (a[1] == '-');
        size_t k = 0;
        while (k < ARRAY_SIZE(options) && strcmp(options[k].name, name) != 0)
            k++;
        if (k == ARRAY_SIZE(options))
            die("unknown option '%s' (try -help)", a);
        const char *arg = NULL;
        if (options[k].has_arg) {
            if (i + 1 >= argc)
                die("option '%s' needs an argument", a);
            arg = argv[++i];
        }
        switch (options[k].id) {
        case OPT_HELP: usage(); exit(0);
        case OPT_VERSION:
            printf("plume version %s (riscv64 linux-user; QEMU plugin API versions 1 to 7)\n",
                   PLUME_VERSION);
            exit(0);
        case OPT_L: cfg.sysroot = arg; break;
        case OPT_E: env_set(env, arg); break;
        case OPT_U: env_unset(env, arg); break;
        case OPT_ARGV0: cfg.argv0 = arg; break;
        case OPT_STACK: set_stack_size(arg); break;
        case OPT_CPU: set_cpu_model(arg); break;
        case OPT_PLUGIN: plg_parse_option(arg); break;
        case OPT_D: set_log_items(arg); break;
        case OPT_DFILE: logfile = arg; break;
        case OPT_STRACE: log_mask |= LOG_STRACE; break;
        case OPT_ONE_INSN: cfg.one_insn_per_tb = true; break;
        case OPT_ACCEL: set_accel(arg); break;
        case OPT_PERFMAP: cfg.perfmap = true; break;
        case OPT_GDB: gdb_spec = arg; break;
        }
    }
    if (i >= argc)
        die("no program given (usage: %s [options] program [arguments...])", plume_progname);
    if (logfile)
        log_set_file(logfile);
    return i;
}

int main(int argc, char **argv)
{
    struct envlist env = {0};
    for (char **e = environ; *e; e++) {
        env.v = xrealloc(env.v, sizeof(char *) * (env.n + 2));
        env.v[env.n++] = *e;
        env.v[env.n] = NULL;
    }
    cfg.stack_size = DEFAULT_STACK_SIZE;
    cfg.accel = ACCEL_JIT;
    struct stat st;
    cfg.sysroot = stat(DEFAULT_SYSROOT, &st) == 0 ? DEFAULT_SYSROOT : "";

    int prog = parse_args(argc, argv, &env);
    if (log_mask & LOG_STRACE)
        cfg.strace = true;
    cfg.prog = argv[prog];
    cfg.argc = argc - prog;
    cfg.argv = argv + prog;
    if (cfg.argv0)
        cfg.argv[0] = (char *)cfg.argv0;
    cfg.envp = env.v;
    cfg.plume_argv = argv;
    cfg.plume_argc = argc;
    cfg.prog_index = prog;

    proc.cfg = &cfg;
    proc.mem = mem_init();
    exec_init(&proc);
    if (cfg.accel != ACCEL_INTERP) {
        struct jit_options jo = {.cosim = cfg.accel == ACCEL_COSIM, .perfmap = cfg.perfmap};
        jit_init(&proc, &jo);
    }
    proc.syms = symtab_new();

    struct image_info info;
    struct load_params lp = {
        .path = cfg.prog,
        .sysroot = cfg.sysroot,
        .argc = cfg.argc,
        .argv = cfg.argv,
        .envp = cfg.envp,
        .stack_size = cfg.stack_size,
        .execfn = cfg.prog,
    };
    loader_load(proc.mem, &lp, &info, proc.syms);
    proc.entry = info.entry;
    proc.start_code = info.start_code;
    proc.end_code = info.end_code;
    proc.start_stack = info.sp;
    proc.exe_path = info.exe_path;
    proc.argc = cfg.argc;
    proc.argv = cfg.argv;
    proc.auxv = info.auxv;
    proc.auxv_end = info.auxv_end;
    if (log_enabled(LOG_PAGE)) {
        size_t len;
        char *maps = mem_format_maps(proc.mem, &len);
        log_printf("guest_base  %p\n%s", (void *)proc.mem->base, maps);
        free(maps);
    }

    plg_load_all(&proc);
    linux_init(&proc);
    /* Waiting for gdb happens before plume's host signal handlers exist, so Ctrl-C or a
     * SIGTERM while nobody has connected yet ends plume as it ends qemu. */
    if (gdb_spec)
        gdb_start(&proc, gdb_spec);
    sig_init_host(&proc);

    struct vcpu *cpu = cpu_new(&proc);
    linux_thread_init(cpu, NULL);
    cpu->pc = info.entry;
    cpu->x[2] = info.sp;
    cpu_loop(cpu);
}
