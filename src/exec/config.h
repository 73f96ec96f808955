/*
 * config.h — the parsed command line, filled by main.c and read-only afterwards.
 */
#ifndef PLUME_EXEC_CONFIG_H
#define PLUME_EXEC_CONFIG_H

#include "../util/common.h"

/* Execution engine (-accel). */
enum accel {
    ACCEL_JIT,    /* x86-64 JIT */
    ACCEL_INTERP, /* threaded interpreter only (the default for now: see main.c) */
    ACCEL_COSIM,  /* JIT checked block by block against the interpreter */
};

struct config {
    const char *prog;          /* guest executable path as given */
    int argc;                  /* guest argv (argv[0] possibly replaced by -0) */
    char **argv;
    char **envp;               /* guest environment after -E/-U */
    const char *sysroot;       /* -L (default /usr/riscv64-linux-gnu if it exists, else "") */
    const char *argv0;         /* -0 */
    uint64_t stack_size;       /* -s, default 8 MiB */
    bool one_insn_per_tb;      /* -one-insn-per-tb */
    enum accel accel;          /* -accel */
    bool perfmap;              /* -perfmap: /tmp/perf-<pid>.map for the JIT's code */
    bool strace;               /* -strace */
    char **plume_argv;         /* plume's own argv, to re-exec on guest execve */
    int plume_argc;
    int prog_index;            /* index of the guest program in plume_argv */
};

#endif
