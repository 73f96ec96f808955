/*
 * threads.c — multi-vCPU semantics under real guest threads (API v7), run by t_threads.sh on
 * threads_guest.c, threads_raw.S and threads_exit.c.
 *
 * Always asserted:
 *  - vcpu_init runs once per thread, on that thread, before the thread's first instruction (every
 *    instruction callback checks that its vCPU is initialised and owned by the calling thread);
 *    an index is never initialised while it is live; vcpu_exit runs on the exiting thread;
 *  - qemu_plugin_num_vcpus() covers every initialised index and never decreases;
 *  - per vCPU, an inline instruction counter equals a callback instruction counter;
 *  - a per-vCPU stamp written in vcpu_init survives scoreboard growth; flush callbacks fire
 *    exactly once at the first clone (inside it: between its syscall event and its return) plus
 *    once per scoreboard growth (capacity 16, doubling);
 *  - syscall events and returns pair up per vCPU; clone returns only to the parent (ret > 0);
 *  - atexit runs exactly once, on a thread that issued exit_group or was the last to exit.
 * Guest markers: syscall 4096 = "every thread alive" (vcpu_for_each must list exactly the live
 * set, of size live=N), 4097 = "only main is left" (every later thread must get index 1).
 *
 * Options (all optional): vcpus=N inits=N exits=N live=N insns=N (expected values at exit);
 * slow_atexit=MS (sleep in atexit before the verdict, to expose a racing second exit);
 * churn=on (vcpu_init callbacks replace their own registration, syscall callbacks replace or
 * unregister and re-register theirs, while other threads walk the lists; events missed in the
 * gaps relax the syscall pairing checks); uninstall=K (the first vCPU other than 0 to execute
 * K instructions requests the plugin's uninstall; the completion checks the counters and prints
 * the verdict, then the library is closed, so any later callback or atexit would crash the
 * process).
 * Prints "threads: ok" (or "threads: uninstalled ok"), else "threads: FAIL ..." lines.
 * Threading: per-vCPU state is written by its own thread; shared checks under a GMutex.
 */
#include <qemu-plugin.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_VCPUS 1024
#define SCORE_INITIAL 16
#define STAMP(i) (0x5a5a0000u + (i))
#define NR_EXIT 93
#define NR_EXIT_GROUP 94
#define NR_CLONE 220
#define NR_CLONE3 435
#define MARK_ALL_ALIVE 4096
#define MARK_SEQUENTIAL 4097

struct per_vcpu_counts {
    uint64_t inline_insns;
    uint64_t cb_insns;
    uint64_t stamp;
};

struct vstate {
    pthread_t owner;
    bool live;
    bool inited;     /* this plugin's vcpu_init ran for the index */
    bool exit_group; /* issued exit_group */
    bool in_clone;   /* between a clone syscall event and its return */
    int64_t pending; /* syscall awaiting its return event, -1 if none */
    unsigned churns; /* churn mode: registrations changed by this vCPU */
};

enum { W_VCPUS, W_INITS, W_EXITS, W_LIVE, W_INSNS, W_N };

struct threads {
    qemu_plugin_id_t id;
    GMutex lock; /* live set, init/exit bookkeeping */
    struct vstate v[MAX_VCPUS];
    struct qemu_plugin_scoreboard *score;
    qemu_plugin_u64 inline_insns, cb_insns, stamp;
    long want[W_N];
    int fails, inits, exits, atexits, flushes, clones, max_nv;
    bool seq_phase, churn;
    int slow_atexit_ms;
    uint64_t uninstall_at;
    int uninstall_requested, uninstalled;
};

static const char *const want_names[W_N] = {"vcpus", "inits", "exits", "live", "insns"};

static void fail(struct threads *s, const char *fmt, ...)
{
    if (__atomic_fetch_add(&s->fails, 1, __ATOMIC_RELAXED) >= 20)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "threads: FAIL ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
}

#define CHECK(s, cond, ...)                                                                        \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fail(s, __VA_ARGS__);                                                                  \
    } while (0)

static void check_after_uninstall(struct threads *s, const char *what)
{
    CHECK(s, !__atomic_load_n(&s->uninstalled, __ATOMIC_ACQUIRE),
          "%s callback after the uninstall completed", what);
}

/* num_vcpus() must never decrease and must cover idx. */
static void check_num_vcpus(struct threads *s, unsigned idx)
{
    int nv = qemu_plugin_num_vcpus();
    int seen = __atomic_load_n(&s->max_nv, __ATOMIC_RELAXED);
    CHECK(s, nv > (int)idx, "num_vcpus %d does not cover index %u", nv, idx);
    CHECK(s, nv >= seen, "num_vcpus went down from %d to %d", seen, nv);
    while (nv > seen && !__atomic_compare_exchange_n(&s->max_nv, &seen, nv, false, __ATOMIC_RELAXED,
                                                     __ATOMIC_RELAXED))
        continue;
}

static void vcpu_init_cb(unsigned idx, void *ud);

static void vcpu_init_alt(unsigned idx, void *ud)
{
    vcpu_init_cb(idx, ud);
}

static void vcpu_init_cb(unsigned idx, void *ud)
{
    struct threads *s = ud;
    check_after_uninstall(s, "vcpu_init");
    if (idx >= MAX_VCPUS) {
        fail(s, "vCPU index %u too large", idx);
        return;
    }
    check_num_vcpus(s, idx);
    g_mutex_lock(&s->lock);
    struct vstate *v = &s->v[idx];
    CHECK(s, !v->live, "vcpu_init of index %u while it is live", idx);
    CHECK(s, !s->seq_phase || idx == 1, "index %u for a thread started when only 0 was live", idx);
    *v = (struct vstate){.owner = pthread_self(), .live = true, .inited = true, .pending = -1};
    s->inits++;
    uint64_t old = qemu_plugin_u64_get(s->stamp, idx);
    CHECK(s, old == 0 || old == STAMP(idx), "stamp of index %u is %#lx", idx, (unsigned long)old);
    qemu_plugin_u64_set(s->stamp, idx, STAMP(idx));
    g_mutex_unlock(&s->lock);
    if (s->churn) {
        /* Replace our own entry while other new threads may be walking the init list, then
         * stay in the callback a while so that scoreboard growth can run meanwhile. */
        qemu_plugin_register_vcpu_init_cb(s->id, (idx & 1) ? vcpu_init_alt : vcpu_init_cb, s);
        usleep(1000);
    }
}

static void vcpu_exit_cb(unsigned idx, void *ud)
{
    struct threads *s = ud;
    check_after_uninstall(s, "vcpu_exit");
    g_mutex_lock(&s->lock);
    struct vstate *v = &s->v[idx];
    CHECK(s, v->live && pthread_equal(v->owner, pthread_self()),
          "vcpu_exit of index %u not on its own live thread", idx);
    CHECK(s, s->churn || v->pending == NR_EXIT, "vcpu_exit of index %u without an exit syscall",
          idx);
    v->live = false;
    s->exits++;
    g_mutex_unlock(&s->lock);
}

static void uninstalled_cb(void *ud);

static void on_insn(unsigned idx, void *ud)
{
    struct threads *s = ud;
    struct vstate *v = &s->v[idx];
    if (!v->live || !pthread_equal(v->owner, pthread_self()))
        fail(s, "instruction on vCPU %u before its vcpu_init or on another thread", idx);
    check_after_uninstall(s, "instruction");
    qemu_plugin_u64_add(s->cb_insns, idx, 1);
    if (s->uninstall_at && idx != 0 && qemu_plugin_u64_get(s->cb_insns, idx) == s->uninstall_at &&
        !__atomic_exchange_n(&s->uninstall_requested, 1, __ATOMIC_ACQ_REL))
        qemu_plugin_uninstall(s->id, uninstalled_cb, s);
}

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    struct threads *s = ud;
    check_after_uninstall(s, "tb_trans");
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                            s->inline_insns, 1);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_insn, QEMU_PLUGIN_CB_NO_REGS, s);
    }
}

static void list_vcpu(unsigned idx, void *ud)
{
    ((bool *)ud)[idx < MAX_VCPUS ? idx : 0] = true;
}

/* Marker 4096: vcpu_for_each must name exactly the live set. */
static void check_all_alive(struct threads *s)
{
    bool *listed = g_new0(bool, MAX_VCPUS);
    qemu_plugin_vcpu_for_each(s->id, list_vcpu, listed);
    g_mutex_lock(&s->lock);
    long n = 0;
    for (unsigned i = 0; i < MAX_VCPUS; i++) {
        CHECK(s, listed[i] == s->v[i].live, "vcpu_for_each %s index %u",
              listed[i] ? "lists the dead" : "misses the live", i);
        n += listed[i];
    }
    g_mutex_unlock(&s->lock);
    CHECK(s, s->want[W_LIVE] < 0 || n == s->want[W_LIVE], "%ld live vCPUs at the marker, want %ld",
          n, s->want[W_LIVE]);
    g_free(listed);
}

static void on_syscall(unsigned idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                       uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, void *ud);

static void on_syscall_alt(unsigned idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                           uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8,
                           void *ud)
{
    on_syscall(idx, num, a1, a2, a3, a4, a5, a6, a7, a8, ud);
}

static void on_syscall(unsigned idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                       uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, void *ud)
{
    struct threads *s = ud;
    struct vstate *v = &s->v[idx];
    check_after_uninstall(s, "syscall");
    CHECK(s, v->live && pthread_equal(v->owner, pthread_self()),
          "syscall %ld on vCPU %u: not its live thread", (long)num, idx);
    CHECK(s, s->churn || v->pending < 0, "syscall %ld on vCPU %u while %ld awaits its return",
          (long)num, idx, (long)v->pending);
    v->pending = num;
    if (num == NR_CLONE || num == NR_CLONE3)
        v->in_clone = true;
    if (num == NR_EXIT_GROUP)
        v->exit_group = true;
    if (num == MARK_ALL_ALIVE)
        check_all_alive(s);
    if (num == MARK_SEQUENTIAL) {
        g_mutex_lock(&s->lock);
        s->seq_phase = true;
        g_mutex_unlock(&s->lock);
    }
    if (s->churn) {
        /* Unregister and register again (a new entry at the list head) or replace in place,
         * while other threads walk the syscall list. */
        unsigned k = v->churns++;
        if (k & 2)
            qemu_plugin_register_vcpu_syscall_cb(s->id, NULL, NULL);
        qemu_plugin_register_vcpu_syscall_cb(s->id, (k & 1) ? on_syscall_alt : on_syscall, s);
    }
}

static void on_syscall_ret(unsigned idx, int64_t num, int64_t ret, void *ud)
{
    struct threads *s = ud;
    struct vstate *v = &s->v[idx];
    check_after_uninstall(s, "syscall_ret");
    CHECK(s, s->churn || v->pending == num, "syscall_ret %ld on vCPU %u, pending %ld", (long)num,
          idx, (long)v->pending);
    v->pending = -1;
    if (num == NR_CLONE || (num == NR_CLONE3 && ret != -38)) {
        CHECK(s, ret > 0, "clone returned %ld to vCPU %u (a child got syscall_ret)", (long)ret,
              idx);
        __atomic_fetch_add(&s->clones, 1, __ATOMIC_RELAXED);
    }
    v->in_clone = false;
}

static void on_flush(void *ud)
{
    struct threads *s = ud;
    check_after_uninstall(s, "flush");
    if (__atomic_fetch_add(&s->flushes, 1, __ATOMIC_RELAXED) != 0)
        return;
    bool in_clone = false;
    g_mutex_lock(&s->lock);
    for (unsigned i = 0; i < MAX_VCPUS; i++) {
        if (s->v[i].live && pthread_equal(s->v[i].owner, pthread_self()))
            in_clone = s->v[i].in_clone;
    }
    g_mutex_unlock(&s->lock);
    CHECK(s, in_clone, "first flush not inside the flushing thread's clone syscall");
}

/* Flushes expected: one at the first clone, one per scoreboard growth. */
static int expected_flushes(struct threads *s, int nv)
{
    int n = s->clones ? 1 : 0;
    for (int cap = SCORE_INITIAL; cap < nv; cap *= 2)
        n++;
    return n;
}

/* Per vCPU: inline count == callback count, stamp kept. Returns the total. A vCPU whose thread
 * was created while an uninstall was completing counts in num_vcpus but never reaches this
 * plugin's vcpu_init (no callback after the uninstall): only initialised ones have a stamp; the
 * init counts are checked at exit. */
static long check_counts(struct threads *s, int nv)
{
    long total = 0;
    for (int i = 0; i < nv; i++) {
        uint64_t in = qemu_plugin_u64_get(s->inline_insns, i);
        uint64_t cb = qemu_plugin_u64_get(s->cb_insns, i);
        CHECK(s, in == cb, "vCPU %d: inline count %lu, callback count %lu", i, (unsigned long)in,
              (unsigned long)cb);
        g_mutex_lock(&s->lock);
        bool inited = s->v[i].inited;
        g_mutex_unlock(&s->lock);
        CHECK(s, !inited || qemu_plugin_u64_get(s->stamp, i) == STAMP(i), "vCPU %d: stamp lost",
              i);
        total += (long)in;
    }
    return total;
}

/* Uninstall completion (every vCPU stopped): counters agree; the library is closed next, so a
 * callback arriving after this point would crash the process. */
static void uninstalled_cb(void *ud)
{
    struct threads *s = ud;
    __atomic_store_n(&s->uninstalled, 1, __ATOMIC_RELEASE);
    long total = check_counts(s, qemu_plugin_num_vcpus());
    fprintf(stderr, "threads: uninstalled after %ld instructions\n", total);
    if (!s->fails)
        fprintf(stderr, "threads: uninstalled ok\n");
}

static void at_exit(void *ud)
{
    struct threads *s = ud;
    CHECK(s, __atomic_add_fetch(&s->atexits, 1, __ATOMIC_RELAXED) == 1, "atexit ran twice");
    CHECK(s, !s->uninstall_at, "atexit of an uninstalled plugin ran");
    int nv = qemu_plugin_num_vcpus();
    bool ender = false;
    g_mutex_lock(&s->lock);
    for (int i = 0; i < nv && i < MAX_VCPUS; i++) {
        const struct vstate *v = &s->v[i];
        if (v->live && pthread_equal(v->owner, pthread_self()))
            ender = v->exit_group || v->pending == NR_EXIT;
    }
    long got[W_N] = {nv, s->inits, s->exits, -1, 0};
    g_mutex_unlock(&s->lock);
    CHECK(s, ender, "atexit on a thread that did not end the process");
    got[W_INSNS] = check_counts(s, nv);
    for (int w = 0; w < W_N; w++) {
        CHECK(s, s->want[w] < 0 || w == W_LIVE || got[w] == s->want[w], "%s %ld, want %ld",
              want_names[w], got[w], s->want[w]);
    }
    CHECK(s, s->flushes == expected_flushes(s, nv), "%d flushes for %d vCPUs, want %d", s->flushes,
          nv, expected_flushes(s, nv));
    fprintf(stderr, "threads: vcpus %d inits %d exits %d insns %ld flushes %d\n", nv, s->inits,
            s->exits, got[W_INSNS], s->flushes);
    if (s->slow_atexit_ms)
        usleep((useconds_t)s->slow_atexit_ms * 1000);
    if (!s->fails)
        fprintf(stderr, "threads: ok\n");
}

static bool parse(struct threads *s, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq)
        return false;
    size_t klen = (size_t)(eq - arg);
    char *end;
    long v = strtol(eq + 1, &end, 10);
    for (int w = 0; w < W_N; w++) {
        if (strlen(want_names[w]) == klen && !strncmp(arg, want_names[w], klen) && !*end) {
            s->want[w] = v;
            return true;
        }
    }
    if (!strncmp(arg, "slow_atexit=", 12) && !*end) {
        s->slow_atexit_ms = (int)v;
        return true;
    }
    if (!strncmp(arg, "uninstall=", 10) && !*end && v > 0) {
        s->uninstall_at = (uint64_t)v;
        return true;
    }
    return !strncmp(arg, "churn=", 6) && qemu_plugin_bool_parse("churn", eq + 1, &s->churn);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    struct threads *s = g_new0(struct threads, 1);
    s->id = id;
    for (int w = 0; w < W_N; w++)
        s->want[w] = -1;
    for (int i = 0; i < argc; i++) {
        if (!parse(s, argv[i])) {
            fprintf(stderr, "threads: bad option %s\n", argv[i]);
            return -1;
        }
    }
    g_mutex_init(&s->lock);
    s->score = qemu_plugin_scoreboard_new(sizeof(struct per_vcpu_counts));
    s->inline_insns =
        qemu_plugin_scoreboard_u64_in_struct(s->score, struct per_vcpu_counts, inline_insns);
    s->cb_insns = qemu_plugin_scoreboard_u64_in_struct(s->score, struct per_vcpu_counts, cb_insns);
    s->stamp = qemu_plugin_scoreboard_u64_in_struct(s->score, struct per_vcpu_counts, stamp);
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init_cb, s);
    qemu_plugin_register_vcpu_exit_cb(id, vcpu_exit_cb, s);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, s);
    qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, s);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, on_syscall_ret, s);
    qemu_plugin_register_flush_cb(id, on_flush, s);
    qemu_plugin_register_atexit_cb(id, at_exit, s);
    return 0;
}
