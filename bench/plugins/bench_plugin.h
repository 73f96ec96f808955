/*
 * bench_plugin.h — shared helpers of the benchmark plugins (header-only, static inline).
 *
 * The benchmark plugins are built against include/qemu-plugin.h for API version 1, so the same
 * .so loads into Debian's qemu-riscv64 7.2 and into plume. Each takes one option, out=<path>:
 * at exit it writes one result line there (stderr when absent; qemu_plugin_outs is not used
 * because QEMU drops it unless -d plugin is given).
 * Per-vCPU counters live in cache-line-sized slots indexed by vcpu_index, so callbacks of
 * different guest threads never share a line; an index past the table falls back to an atomic
 * add on a shared overflow counter. Callbacks run on the vCPU's own thread; the result is read in
 * the atexit callback, after every vCPU has stopped.
 */
#ifndef BENCH_PLUGINS_BENCH_PLUGIN_H
#define BENCH_PLUGINS_BENCH_PLUGIN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BENCH_MAX_VCPUS = 256 };

struct bench_slot {
    uint64_t a, b; /* two counters per vCPU (meaning chosen by the plugin) */
    char pad[48];
};

struct bench_slots {
    struct bench_slot slot[BENCH_MAX_VCPUS];
    uint64_t overflow_a, overflow_b;
};

/* Allocates a zeroed slot table (owned by the caller; lives until process exit). */
static inline struct bench_slots *bench_slots_new(void)
{
    return calloc(1, sizeof(struct bench_slots));
}

/* Adds to counter a of vcpu's slot; any vCPU thread. */
static inline void bench_slots_add_a(struct bench_slots *s, unsigned int vcpu, uint64_t n)
{
    if (vcpu < BENCH_MAX_VCPUS)
        s->slot[vcpu].a += n;
    else
        __atomic_fetch_add(&s->overflow_a, n, __ATOMIC_RELAXED);
}

/* Adds to counter b of vcpu's slot; any vCPU thread. */
static inline void bench_slots_add_b(struct bench_slots *s, unsigned int vcpu, uint64_t n)
{
    if (vcpu < BENCH_MAX_VCPUS)
        s->slot[vcpu].b += n;
    else
        __atomic_fetch_add(&s->overflow_b, n, __ATOMIC_RELAXED);
}

/* Sums counter a (which = 0) or b (which = 1) over all vCPUs; call once the vCPUs stopped. */
static inline uint64_t bench_slots_sum(const struct bench_slots *s, int which)
{
    uint64_t sum = which ? s->overflow_b : s->overflow_a;
    for (int i = 0; i < BENCH_MAX_VCPUS; i++)
        sum += which ? s->slot[i].b : s->slot[i].a;
    return sum;
}

/* Returns the value of the out=<path> option, or NULL; -1 in *bad if another option is seen. */
static inline const char *bench_out_option(int argc, char **argv, int *bad)
{
    const char *out = NULL;
    *bad = 0;
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "out=", 4) == 0)
            out = argv[i] + 4;
        else
            *bad = -1;
    }
    return out;
}

/*
 * The option handling of every install function: out=<path> into *out and, when slots is not
 * NULL, a fresh slot table into *slots (owned by the caller). On a bad option or no memory it
 * prints "<name>: the only option is out=<path>", leaves nothing allocated and returns false.
 */
static inline bool bench_setup(const char *name, int argc, char **argv, const char **out,
                               struct bench_slots **slots)
{
    int bad;
    *out = bench_out_option(argc, argv, &bad);
    if (slots)
        *slots = bench_slots_new();
    if (bad || (slots && !*slots)) {
        fprintf(stderr, "%s: the only option is out=<path>\n", name);
        if (slots) {
            free(*slots);
            *slots = NULL;
        }
        return false;
    }
    return true;
}

/* Writes one formatted result line to path (or stderr if path is NULL). */
static inline void bench_write_result(const char *path, const char *fmt, ...)
{
    FILE *f = path ? fopen(path, "w") : stderr;
    if (!f) {
        fprintf(stderr, "bench plugin: cannot write %s\n", path);
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    if (f != stderr)
        fclose(f);
}

#endif
