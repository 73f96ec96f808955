/*
 * jit.h — the x86-64 JIT as the rest of plume sees it: one call that installs it as the
 * translation cache's compiling back end (exec/tb.h struct tb_backend).
 *
 * Threading: jit_init on the main thread before any vCPU runs; everything else happens through
 * the back-end hooks (see jit.c).
 */
#ifndef PLUME_JIT_JIT_H
#define PLUME_JIT_JIT_H

#include "../exec/cpu.h"

/* Options of jit_init. */
struct jit_options {
    bool cosim;   /* co-simulation: check each block against the interpreter (jit.c) */
    bool perfmap; /* append each block's code range to /tmp/perf-<pid>.map */
};

/* Compile every block of p to x86-64 from now on and run guest code through it. Main thread,
 * after exec_init, before any vCPU runs. Dies if the code memory cannot be set up. */
void jit_init(struct proc *p, const struct jit_options *opt);

#endif
