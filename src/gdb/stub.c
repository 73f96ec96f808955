/*
 * stub.c — the gdb stub proper: connection set-up, stops, and the commands gdb sends while the
 * process is stopped (see gdb.h for the model).
 *
 * Stops: through the plugin core's debugger client (plugin/debug.h), whose checks before every
 * instruction are inline word tests: step_hook is called while `step_word` is set (the first
 * instruction, or a thread single-steps), bp_hook while the instruction's slot of `bp_slots`
 * (the number of breakpoints whose address hashes there) is non-zero; each then checks the exact
 * condition. A stopping vCPU takes an exclusive section, checks again (another vCPU's stop may
 * have changed things meanwhile), sends the stop reply gdb waits for and serves packets until
 * gdb resumes, detaches or kills. Resuming a vCPU at a pc other than the one it stopped at (gdb
 * changed pc, or wrote memory, which may have been the current block's code) abandons the
 * current block and re-translates from cpu->pc. After every stop the stopped thread's checks
 * pass at the pc it resumes at (skip_tid/skip_pc, until it reaches another pc), so that the
 * instruction runs rather than stopping again. Signal stops come from the linux/ layer
 * (gdb_signal) outside translated code and resume the same way.
 *
 * Interrupts (Ctrl-C in gdb): while the program runs, a watcher thread of the stub owns the
 * socket's input. On the interrupt byte it sets `interrupted` and the step word, so the next
 * instruction any vCPU executes stops with SIGINT (threads blocked in a system call stop when it
 * returns). Every session first pauses the watcher (running = false, then it is woken out of
 * poll through wake_fd and acknowledges) and resumes it when gdb resumes the program.
 *
 * Registers as gdb numbers them (the target description below): 0-31 x0-x31, 32 pc, 33-64
 * f0-f31, 66 fflags, 67 frm, 68 fcsr (65 + CSR number). Thread ids are host (= guest) tids.
 *
 * Invariants: bp_slots[s] is the number of breakpoints in bps whose slot is s; step_word is
 * non-zero iff initial, interrupted or step_tid. Everything in struct gdb_stub is written only
 * by the exclusive-section owner (or the main thread before any vCPU runs), except the skip
 * pair, which its own vCPU clears, and no section can overlap it while it runs, and the
 * watcher's fields (under wlock; interrupted and step_word are set by the watcher only while
 * no session runs).
 *
 * Threading: as above; the watcher's lock wlock is the only lock of its own.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../exec/exec.h"
#include "../linux/syscall.h"
#include "../mem/mem.h"
#include "../plugin/debug.h"
#include "../util/common.h"
#include "gdb.h"
#include "proto.h"

/* gdb register numbers. */
enum {
    REG_PC = 32,
    REG_F0 = 33,
    REG_FFLAGS = 66,
    REG_FRM = 67,
    REG_FCSR = 68,
};

/* GDB's own signal numbers (the remote protocol's), indexed by Linux signal number 1..31
 * (SIGSTKFLT has none: 143, GDB_SIGNAL_UNKNOWN). */
static const uint8_t gdb_signo[32] = {
    0,   1,  2,  3,  4,  5,  6,  10, 8,  9,  30, 11, 31, 13, 14, 15,
    143, 20, 19, 17, 18, 21, 22, 16, 24, 25, 26, 27, 28, 23, 32, 12,
};

static const char *const xreg_names[32] = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "fp", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

/* Why a session ended. */
enum outcome {
    OUT_RESUME, /* continue or step (g->step_tid) */
    OUT_KILL,   /* end the process */
};

struct gdb_stub {
    struct proc *proc;
    struct gdb_conn conn;     /* fd -1: no debugger (never connected again) */
    uint64_t step_word;       /* step_hook is called (atomic: read by generated code) */
    uint64_t bp_slots[PLG_DEBUG_BP_SLOTS]; /* bp_hook is called where non-zero */
    int skip_tid;             /* this thread's checks pass while at skip_pc (atomic) */
    gaddr_t skip_pc;
    bool initial;             /* stop before the first instruction */
    bool waiting;             /* gdb waits for a stop reply (it resumed us) */
    bool code_written;        /* memory written during this stop */
    int step_tid;             /* thread single-stepping, 0 if none */
    int stop_tid;             /* thread of the current stop */
    int stop_sig;             /* its signal (host numbering; SIGTRAP for breakpoints, steps) */
    int resume_sig;           /* signal gdb resumes the stopped thread with (0: none) */
    int g_tid, c_tid;         /* Hg / Hc selections (0: the stopped thread) */
    int interrupted;          /* gdb sent an interrupt while the program ran (atomic) */
    bool has_watcher;         /* the watcher thread exists (not in a forked child) */
    pthread_t watcher;
    pthread_mutex_t wlock;
    pthread_cond_t wcond;
    bool running;             /* the watcher may read the socket (under wlock) */
    bool watching;            /* the watcher is in poll or read (under wlock) */
    int wake_fd;              /* eventfd: wakes the watcher out of poll */
    gaddr_t *bps;             /* software breakpoint addresses */
    unsigned n_bps, cap_bps;
    char *tdesc;              /* target description XML */
    size_t tdesc_len;
};

static unsigned to_gdb_sig(int sig)
{
    if (sig > 0 && sig < 32)
        return gdb_signo[sig];
    if (sig == 32)
        return 77;
    if (sig >= 33 && sig <= 63)
        return (unsigned)(45 + sig - 33);
    if (sig == 64)
        return 78;
    return 143; /* GDB_SIGNAL_UNKNOWN */
}

static int from_gdb_sig(unsigned gs)
{
    for (int s = 1; s <= 64; s++) {
        if (to_gdb_sig(s) == gs)
            return s;
    }
    return 0;
}

static void build_tdesc(struct gdb_stub *g)
{
    size_t cap = 8192, n = 0;
    char *x = xmalloc(cap);
    n += (size_t)snprintf(x + n, cap - n,
                          "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                          "<target version=\"1.0\">\n<architecture>riscv:rv64</architecture>\n"
                          "<feature name=\"org.gnu.gdb.riscv.cpu\">\n");
    for (int i = 0; i < 32; i++) {
        const char *type = i == 1 ? "code_ptr" : (i == 2 || i == 8) ? "data_ptr" : "int";
        n += (size_t)snprintf(x + n, cap - n,
                              "<reg name=\"%s\" bitsize=\"64\" type=\"%s\" regnum=\"%d\"/>\n",
                              xreg_names[i], type, i);
    }
    n += (size_t)snprintf(x + n, cap - n,
                          "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>\n"
                          "</feature>\n<feature name=\"org.gnu.gdb.riscv.fpu\">\n");
    for (int i = 0; i < 32; i++) {
        n += (size_t)snprintf(x + n, cap - n,
                              "<reg name=\"f%d\" bitsize=\"64\" type=\"ieee_double\" "
                              "regnum=\"%d\"/>\n",
                              i, REG_F0 + i);
    }
    n += (size_t)snprintf(x + n, cap - n,
                          "<reg name=\"fflags\" bitsize=\"32\" type=\"int\" regnum=\"66\"/>\n"
                          "<reg name=\"frm\" bitsize=\"32\" type=\"int\" regnum=\"67\"/>\n"
                          "<reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"68\"/>\n"
                          "</feature>\n</target>\n");
    g->tdesc = x;
    g->tdesc_len = n;
}

/* ---- threads ---- */

/* The vCPU of thread tid (0: the stopped one), NULL if there is none. */
static struct vcpu *cpu_by_tid(struct gdb_stub *g, struct vcpu *self, int tid)
{
    if (tid <= 0 || tid == self->tid)
        return self;
    struct proc *p = g->proc;
    struct vcpu *found = NULL;
    pthread_mutex_lock(&p->cpu_lock);
    for (struct vcpu *v = p->cpus; v && !found; v = v->next) {
        if (v->tid == tid)
            found = v;
    }
    pthread_mutex_unlock(&p->cpu_lock);
    return found;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void reply_thread_list(struct gdb_stub *g)
{
    struct proc *p = g->proc;
    pthread_mutex_lock(&p->cpu_lock);
    unsigned n = 0;
    for (struct vcpu *v = p->cpus; v; v = v->next)
        n++;
    int *tids = xmalloc((n ? n : 1) * sizeof *tids);
    n = 0;
    for (struct vcpu *v = p->cpus; v; v = v->next)
        tids[n++] = v->tid;
    pthread_mutex_unlock(&p->cpu_lock);
    qsort(tids, n, sizeof *tids, cmp_int);
    gdb_reply_start(&g->conn);
    gdb_put(&g->conn, "m");
    for (unsigned i = 0; i < n; i++)
        gdb_putf(&g->conn, "%s%x", i ? "," : "", tids[i]);
    gdb_send(&g->conn);
    free(tids);
}

/* Parse a thread id ("-1" all, "0" any, else hex tid) into *tid (-1 and 0 both give 0). */
static bool parse_tid(const char *s, int *tid)
{
    uint64_t v;
    if (s[0] == '-' && s[1] == '1') {
        *tid = 0;
        return true;
    }
    if (!gdb_parse_hex(&s, &v))
        return false;
    *tid = (int)v;
    return true;
}

/* ---- registers ---- */

/* Value of gdb register r of cpu into *v; its size in bytes, 0 if there is no such register. */
static size_t reg_get(const struct vcpu *cpu, unsigned r, uint64_t *v)
{
    if (r < 32) {
        *v = cpu->x[r];
        return 8;
    }
    if (r == REG_PC) {
        *v = cpu->pc;
        return 8;
    }
    if (r >= REG_F0 && r < REG_F0 + 32) {
        *v = cpu->f[r - REG_F0];
        return 8;
    }
    switch (r) {
    case REG_FFLAGS: *v = cpu->fflags; return 4;
    case REG_FRM: *v = cpu->frm; return 4;
    case REG_FCSR: *v = cpu->fflags | cpu->frm << 5; return 4;
    default: return 0;
    }
}

static bool reg_set(struct vcpu *cpu, unsigned r, uint64_t v)
{
    if (r < 32) {
        if (r)
            cpu->x[r] = v;
    } else if (r == REG_PC) {
        cpu->pc = v;
    } else if (r >= REG_F0 && r < REG_F0 + 32) {
        cpu->f[r - REG_F0] = v;
    } else if (r == REG_FFLAGS) {
        cpu->fflags = (uint32_t)v & 0x1f;
    } else if (r == REG_FRM) {
        cpu->frm = (uint32_t)v & 7;
    } else if (r == REG_FCSR) {
        cpu->fflags = (uint32_t)v & 0x1f;
        cpu->frm = (uint32_t)(v >> 5) & 7;
    } else {
        return false;
    }
    return true;
}

/* ---- memory ---- */

static void reply_memory(struct gdb_stub *g, const char *args)
{
    uint64_t addr, len;
    if (!gdb_parse_hex(&args, &addr) || *args++ != ',' || !gdb_parse_hex(&args, &len)) {
        gdb_send_str(&g->conn, "E01");
        return;
    }
    if (len > 0x10000)
        len = 0x10000;
    uint8_t *buf = xmalloc(len ? len : 1);
    /* What is readable from the start. */
    size_t done = plg_debug_memory(g->proc, addr, buf, len, false);
    if (done == 0 && len > 0) {
        gdb_send_str(&g->conn, "E14");
    } else {
        gdb_reply_start(&g->conn);
        gdb_put_hex(&g->conn, buf, done);
        gdb_send(&g->conn);
    }
    free(buf);
}

/* M addr,len:hex and X addr,len:binary. */
static void write_memory(struct gdb_stub *g, const char *args, size_t n, bool binary)
{
    const char *s = args;
    uint64_t addr, len;
    const char *colon = memchr(args, ':', n);
    if (!colon || !gdb_parse_hex(&s, &addr) || *s++ != ',' || !gdb_parse_hex(&s, &len) ||
        s != colon) {
        gdb_send_str(&g->conn, "E01");
        return;
    }
    const char *data = colon + 1;
    size_t avail = n - (size_t)(data - args);
    uint8_t *buf = xmalloc(len ? len : 1);
    bool ok;
    if (binary)
        ok = gdb_unescape(data, avail, buf) == len;
    else
        ok = avail >= 2 * len && gdb_unhex(data, buf, len);
    if (ok && len) {
        ok = plg_debug_memory(g->proc, addr, buf, len, true) == len;
        g->code_written = true;
    }
    free(buf);
    gdb_send_str(&g->conn, ok ? "OK" : "E14");
}

/* ---- breakpoints ---- */

static bool bp_find(const struct gdb_stub *g, gaddr_t pc, unsigned *at)
{
    for (unsigned i = 0; i < g->n_bps; i++) {
        if (g->bps[i] == pc) {
            if (at)
                *at = i;
            return true;
        }
    }
    return false;
}

/* Z0/Z1 (insert) and z0/z1 (remove); other kinds are not supported (empty reply). */
static void breakpoint(struct gdb_stub *g, const char *args, bool insert)
{
    uint64_t type, addr;
    if (!gdb_parse_hex(&args, &type) || *args++ != ',' || !gdb_parse_hex(&args, &addr)) {
        gdb_send_str(&g->conn, "E01");
        return;
    }
    if (type > 1) {
        gdb_send_str(&g->conn, "");
        return;
    }
    unsigned at;
    bool present = bp_find(g, addr, &at);
    if (insert && !present) {
        if (g->n_bps == g->cap_bps) {
            g->cap_bps = g->cap_bps ? 2 * g->cap_bps : 8;
            g->bps = xrealloc(g->bps, g->cap_bps * sizeof *g->bps);
        }
        g->bps[g->n_bps++] = addr;
        g->bp_slots[plg_debug_bp_slot(addr)]++;
    } else if (!insert && present) {
        g->bps[at] = g->bps[--g->n_bps];
        g->bp_slots[plg_debug_bp_slot(addr)]--;
    }
    gdb_send_str(&g->conn, "OK");
}

/* ---- qXfer ---- */

static void reply_xfer_data(struct gdb_stub *g, const void *data, size_t size, const char *range)
{
    uint64_t off, len;
    if (!gdb_parse_hex(&range, &off) || *range++ != ',' || !gdb_parse_hex(&range, &len)) {
        gdb_send_str(&g->conn, "E01");
        return;
    }
    if (off >= size) {
        gdb_send_str(&g->conn, "l");
        return;
    }
    size_t n = size - off < len ? size - off : len;
    gdb_reply_start(&g->conn);
    gdb_put(&g->conn, off + n >= size ? "l" : "m");
    gdb_put_bin(&g->conn, (const uint8_t *)data + off, n);
    gdb_send(&g->conn);
}

/* qXfer:object:read:annex:offset,length */
static void reply_xfer(struct gdb_stub *g, const char *q)
{
    struct proc *p = g->proc;
    if (!strncmp(q, "features:read:target.xml:", 25)) {
        reply_xfer_data(g, g->tdesc, g->tdesc_len, q + 25);
    } else if (!strncmp(q, "auxv:read::", 11)) {
        size_t size = p->auxv_end - p->auxv;
        uint8_t *buf = xmalloc(size ? size : 1);
        if (plg_debug_memory(p, p->auxv, buf, size, false) == size)
            reply_xfer_data(g, buf, size, q + 11);
        else
            gdb_send_str(&g->conn, "E14");
        free(buf);
    } else if (!strncmp(q, "exec-file:read:", 15)) {
        const char *range = strchr(q + 15, ':');
        if (range && p->exe_path)
            reply_xfer_data(g, p->exe_path, strlen(p->exe_path), range + 1);
        else
            gdb_send_str(&g->conn, "E00");
    } else {
        gdb_send_str(&g->conn, "");
    }
}

/* ---- resuming ---- */

/* vCont;action[:tid]... : the first action naming the stopped thread (or naming none) decides
 * its signal; a step action names the thread to step. */
static void resume_vcont(struct gdb_stub *g, const char *s)
{
    bool decided = false;
    while (*s == ';') {
        s++;
        char act = *s++;
        uint64_t sig = 0;
        if (act == 'C' || act == 'S')
            gdb_parse_hex(&s, &sig);
        int tid = 0;
        if (*s == ':') {
            s++;
            parse_tid(s, &tid);
            while (*s && *s != ';')
                s++;
        }
        int who = tid ? tid : g->stop_tid;
        if ((act == 's' || act == 'S') && !g->step_tid)
            g->step_tid = who;
        if (!decided && who == g->stop_tid) {
            decided = true;
            g->resume_sig = (act == 'C' || act == 'S') ? from_gdb_sig((unsigned)sig) : 0;
        }
    }
}

/* c/s [addr] and C/S sig[;addr]. */
static void resume_simple(struct gdb_stub *g, struct vcpu *cpu, char cmd, const char *s)
{
    uint64_t v;
    g->resume_sig = 0;
    if (cmd == 'C' || cmd == 'S') {
        if (gdb_parse_hex(&s, &v))
            g->resume_sig = from_gdb_sig((unsigned)v);
        if (*s == ';')
            s++;
    }
    if (gdb_parse_hex(&s, &v))
        cpu->pc = v;
    if (cmd == 's' || cmd == 'S')
        g->step_tid = g->c_tid ? g->c_tid : g->stop_tid;
}

static void detach(struct gdb_stub *g)
{
    gdb_conn_close(&g->conn);
    g->n_bps = 0;
    memset(g->bp_slots, 0, sizeof g->bp_slots);
    g->step_tid = 0;
    g->initial = false;
    __atomic_store_n(&g->step_word, 0, __ATOMIC_RELEASE);
    g->waiting = false;
}

static void send_stop_reply(struct gdb_stub *g)
{
    gdb_reply_start(&g->conn);
    gdb_putf(&g->conn, "T%02xthread:%x;", to_gdb_sig(g->stop_sig), g->stop_tid);
    gdb_send(&g->conn);
}

/* ---- the interrupt watcher ---- */

/* Take the socket's input back from the watcher (session start, exit). */
static void watcher_pause(struct gdb_stub *g)
{
    if (!g->has_watcher)
        return;
    pthread_mutex_lock(&g->wlock);
    g->running = false;
    while (g->watching) {
        uint64_t one = 1;
        if (write(g->wake_fd, &one, sizeof one) < 0 && errno != EAGAIN)
            break;
        pthread_cond_wait(&g->wcond, &g->wlock);
    }
    pthread_mutex_unlock(&g->wlock);
}

/* The program runs again: the watcher reads the socket. */
static void watcher_resume(struct gdb_stub *g)
{
    if (!g->has_watcher || g->conn.fd < 0)
        return;
    pthread_mutex_lock(&g->wlock);
    g->running = true;
    pthread_cond_broadcast(&g->wcond);
    pthread_mutex_unlock(&g->wlock);
}

/* Request a stop of the next instruction any vCPU runs (interrupt, or gdb went away). */
static void request_interrupt(struct gdb_stub *g)
{
    __atomic_store_n(&g->interrupted, 1, __ATOMIC_RELEASE);
    __atomic_store_n(&g->step_word, 1, __ATOMIC_RELEASE);
}

static void *watcher_main(void *arg)
{
    struct gdb_stub *g = arg;
    pthread_mutex_lock(&g->wlock);
    for (;;) {
        while (!g->running)
            pthread_cond_wait(&g->wcond, &g->wlock);
        g->watching = true;
        int fd = g->conn.fd;
        pthread_mutex_unlock(&g->wlock);
        struct pollfd pf[2] = {{.fd = fd, .events = POLLIN}, {.fd = g->wake_fd, .events = POLLIN}};
        int n = poll(pf, 2, -1);
        uint8_t b = 0;
        ssize_t r = 1;
        if (n > 0 && (pf[0].revents & (POLLIN | POLLHUP | POLLERR)) && !(pf[1].revents & POLLIN))
            r = read(fd, &b, 1);
        pthread_mutex_lock(&g->wlock);
        g->watching = false;
        if (pf[1].revents & POLLIN) {
            uint64_t v;
            if (read(g->wake_fd, &v, sizeof v) < 0)
                v = 0;
        } else if (r <= 0 || b == 0x03) {
            /* Interrupt, or gdb went away: the next instruction stops; its session sees gdb
             * gone in the latter case and lets the program run on. */
            g->running = false;
            request_interrupt(g);
        }
        pthread_cond_broadcast(&g->wcond);
    }
    return NULL;
}

static void watcher_start(struct gdb_stub *g)
{
    pthread_mutex_init(&g->wlock, NULL);
    pthread_cond_init(&g->wcond, NULL);
    g->wake_fd = fd_move_high(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (g->wake_fd < 0)
        die("-g: eventfd: %s", strerror(errno));
    /* No guest or host signal is ever handled on this thread. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int e = pthread_create(&g->watcher, NULL, watcher_main, g);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (e)
        die("-g: cannot create the stub's thread: %s", strerror(e));
    g->has_watcher = true;
}

/* ---- the command loop ---- */

static void reply_registers(struct gdb_stub *g, const struct vcpu *c)
{
    gdb_reply_start(&g->conn);
    for (unsigned r = 0; r <= REG_PC; r++) {
        uint64_t v;
        reg_get(c, r, &v);
        gdb_put_hex(&g->conn, &v, 8);
    }
    gdb_send(&g->conn);
}

static void write_registers(struct gdb_stub *g, struct vcpu *c, const char *s, size_t n)
{
    for (unsigned r = 0; r <= REG_PC && n >= 16 * (r + 1); r++) {
        uint64_t v;
        if (!gdb_unhex(s + 16 * r, &v, 8)) {
            gdb_send_str(&g->conn, "E01");
            return;
        }
        reg_set(c, r, v);
    }
    gdb_send_str(&g->conn, "OK");
}

static void reply_register(struct gdb_stub *g, const struct vcpu *c, const char *s)
{
    uint64_t r, v;
    size_t size;
    if (!gdb_parse_hex(&s, &r) || !(size = reg_get(c, (unsigned)r, &v))) {
        gdb_send_str(&g->conn, "E01");
        return;
    }
    gdb_reply_start(&g->conn);
    gdb_put_hex(&g->conn, &v, size);
    gdb_send(&g->conn);
}

static void write_register(struct gdb_stub *g, struct vcpu *c, const char *s)
{
    uint64_t r, v = 0;
    if (!gdb_parse_hex(&s, &r) || *s++ != '=') {
        gdb_send_str(&g->conn, "E01");
        return;
    }
    size_t size = reg_get(c, (unsigned)r, &v);
    v = 0;
    bool ok = size && strlen(s) >= 2 * size && gdb_unhex(s, &v, size) && reg_set(c, (unsigned)r, v);
    gdb_send_str(&g->conn, ok ? "OK" : "E01");
}

/* A general query (q...) or set (Q...). */
static void query(struct gdb_stub *g, const char *q)
{
    struct gdb_conn *c = &g->conn;
    if (!strncmp(q, "qSupported", 10)) {
        gdb_send_str(c, "PacketSize=4000;qXfer:features:read+;qXfer:auxv:read+;"
                        "qXfer:exec-file:read+;QStartNoAckMode+");
    } else if (!strcmp(q, "QStartNoAckMode")) {
        gdb_send_str(c, "OK");
        c->no_ack = true;
    } else if (!strcmp(q, "qC")) {
        gdb_reply_start(c);
        gdb_putf(c, "QC%x", g->stop_tid);
        gdb_send(c);
    } else if (!strncmp(q, "qAttached", 9)) {
        gdb_send_str(c, "1");
    } else if (!strcmp(q, "qfThreadInfo")) {
        reply_thread_list(g);
    } else if (!strcmp(q, "qsThreadInfo")) {
        gdb_send_str(c, "l");
    } else if (!strncmp(q, "qXfer:", 6)) {
        reply_xfer(g, q + 6);
    } else if (!strncmp(q, "qSymbol", 7)) {
        gdb_send_str(c, "OK");
    } else {
        gdb_send_str(c, "");
    }
}

/* Serve gdb while cpu is stopped with signal sig (exclusive section held). */
static enum outcome serve(struct gdb_stub *g, struct vcpu *cpu, int sig)
{
    struct gdb_conn *c = &g->conn;
    watcher_pause(g);
    g->initial = false;
    __atomic_store_n(&g->interrupted, 0, __ATOMIC_RELAXED);
    g->step_tid = 0;
    g->stop_tid = cpu->tid;
    g->stop_sig = sig;
    g->resume_sig = sig == SIGTRAP ? 0 : sig;
    g->g_tid = g->c_tid = 0;
    g->code_written = false;
    if (g->waiting)
        send_stop_reply(g);
    g->waiting = false;
    while (gdb_recv(c)) {
        const char *s = c->in;
        struct vcpu *gc;
        switch (s[0]) {
        case '?': send_stop_reply(g); break;
        case 'q':
        case 'Q': query(g, s); break;
        case 'H': {
            int tid;
            if (!parse_tid(s + 2, &tid) || !cpu_by_tid(g, cpu, tid)) {
                gdb_send_str(c, "E01");
                break;
            }
            if (s[1] == 'g')
                g->g_tid = tid;
            else
                g->c_tid = tid;
            gdb_send_str(c, "OK");
            break;
        }
        case 'T': {
            int tid;
            gdb_send_str(c, parse_tid(s + 1, &tid) && cpu_by_tid(g, cpu, tid) ? "OK" : "E01");
            break;
        }
        case 'g':
        case 'G':
        case 'p':
        case 'P':
            gc = cpu_by_tid(g, cpu, g->g_tid);
            if (!gc)
                gdb_send_str(c, "E01");
            else if (s[0] == 'g')
                reply_registers(g, gc);
            else if (s[0] == 'G')
                write_registers(g, gc, s + 1, c->in_len - 1);
            else if (s[0] == 'p')
                reply_register(g, gc, s + 1);
            else
                write_register(g, gc, s + 1);
            break;
        case 'm': reply_memory(g, s + 1); break;
        case 'M': write_memory(g, s + 1, c->in_len - 1, false); break;
        case 'X': write_memory(g, s + 1, c->in_len - 1, true); break;
        case 'Z':
        case 'z': breakpoint(g, s + 1, s[0] == 'Z'); break;
        case 'c':
        case 'C':
        case 's':
        case 'S':
            resume_simple(g, cpu, s[0], s + 1);
            g->waiting = true;
            return OUT_RESUME;
        case 'D':
            gdb_send_str(c, "OK");
            detach(g);
            return OUT_RESUME;
        case 'k':
            detach(g);
            return OUT_KILL;
        case 'v':
            if (!strcmp(s, "vCont?")) {
                gdb_send_str(c, "vCont;c;C;s;S");
            } else if (!strncmp(s, "vCont;", 6)) {
                g->resume_sig = 0;
                resume_vcont(g, s + 5);
                g->waiting = true;
                return OUT_RESUME;
            } else if (!strncmp(s, "vKill", 5)) {
                gdb_send_str(c, "OK");
                detach(g);
                return OUT_KILL;
            } else {
                gdb_send_str(c, "");
            }
            break;
        default: gdb_send_str(c, ""); break;
        }
    }
    /* gdb went away: the program runs on, as after a detach. */
    detach(g);
    return OUT_RESUME;
}

/* End a session: set the step word, make cpu pass its checks at the pc it resumes at, leave the
 * section, and end the process if gdb killed it. */
static void finish(struct gdb_stub *g, struct vcpu *cpu, enum outcome o)
{
    __atomic_store_n(&g->step_word, g->conn.fd >= 0 && g->step_tid, __ATOMIC_RELEASE);
    __atomic_store_n(&g->skip_pc, cpu->pc, __ATOMIC_RELAXED);
    __atomic_store_n(&g->skip_tid, cpu->tid, __ATOMIC_RELAXED);
    watcher_resume(g);
    exclusive_end(cpu);
    if (o == OUT_KILL)
        proc_exit_signal(cpu, SIGKILL);
}

/* True if cpu's checks pass at its pc (it resumed there and has not left it yet). */
static bool skipping(struct gdb_stub *g, const struct vcpu *cpu)
{
    if (__atomic_load_n(&g->skip_tid, __ATOMIC_RELAXED) != cpu->tid)
        return false;
    if (__atomic_load_n(&g->skip_pc, __ATOMIC_RELAXED) == cpu->pc)
        return true;
    __atomic_store_n(&g->skip_tid, 0, __ATOMIC_RELAXED);
    return false;
}

static bool stepping(const struct gdb_stub *g, const struct vcpu *cpu)
{
    return g->initial || __atomic_load_n(&g->interrupted, __ATOMIC_ACQUIRE) ||
           g->step_tid == cpu->tid;
}

static bool wants_stop(const struct gdb_stub *g, const struct vcpu *cpu, bool step)
{
    if (g->conn.fd < 0)
        return false;
    return step ? stepping(g, cpu) : bp_find(g, cpu->pc, NULL);
}

/* A check before an instruction asks for a stop: stop there if it still should. */
static void stop_here(struct gdb_stub *g, struct vcpu *cpu, bool step)
{
    exclusive_start(cpu);
    if (!wants_stop(g, cpu, step)) {
        exclusive_end(cpu);
        return;
    }
    gaddr_t pc = cpu->pc;
    bool interrupt = step && __atomic_load_n(&g->interrupted, __ATOMIC_ACQUIRE);
    enum outcome o = serve(g, cpu, interrupt ? SIGINT : SIGTRAP);
    bool moved = cpu->pc != pc || g->code_written;
    finish(g, cpu, o);
    if (moved)
        plg_debug_resume_at(cpu);
}

/* Called before an instruction while the step word is set. */
static void step_hook(unsigned vcpu_index, void *opaque)
{
    struct gdb_stub *g = opaque;
    struct vcpu *cpu = current_cpu;
    if (!skipping(g, cpu) && stepping(g, cpu))
        stop_here(g, cpu, true);
}

/* Called before an instruction whose breakpoint slot is non-zero (after step_hook). */
static void bp_hook(unsigned vcpu_index, void *opaque)
{
    struct gdb_stub *g = opaque;
    struct vcpu *cpu = current_cpu;
    if (!skipping(g, cpu) && !stepping(g, cpu) && bp_find(g, cpu->pc, NULL))
        stop_here(g, cpu, false);
}

int gdb_signal(struct vcpu *cpu, int sig)
{
    struct gdb_stub *g = cpu->proc->gdb;
    if (g->conn.fd < 0)
        return sig;
    exclusive_start(cpu);
    if (g->conn.fd < 0) {
        exclusive_end(cpu);
        return sig;
    }
    enum outcome o = serve(g, cpu, sig);
    int r = g->resume_sig;
    finish(g, cpu, o);
    return r;
}

void gdb_exit(struct vcpu *cpu, int status, int sig)
{
    struct gdb_stub *g = cpu->proc->gdb;
    exclusive_start(cpu);
    watcher_pause(g);
    if (g->conn.fd >= 0 && g->waiting) {
        gdb_reply_start(&g->conn);
        if (sig)
            gdb_putf(&g->conn, "X%02x", to_gdb_sig(sig));
        else
            gdb_putf(&g->conn, "W%02x", status & 0xff);
        gdb_send(&g->conn);
    }
    detach(g);
    exclusive_end(cpu);
}

/* In the child of a fork: the debugger stays with the parent. */
static void fork_child(void *opaque)
{
    struct gdb_stub *g = opaque;
    g->has_watcher = false; /* threads do not survive fork; its lock may be held */
    detach(g); /* closes the child's copy of the socket only */
}

/* ---- start-up ---- */

/* A listening socket for spec, or die with one line. */
static int listen_on(const char *spec)
{
    int fd;
    if (strchr(spec, '/')) {
        struct sockaddr_un un = {.sun_family = AF_UNIX};
        if (strlen(spec) >= sizeof un.sun_path)
            die("-g: socket path too long: '%s'", spec);
        strcpy(un.sun_path, spec);
        unlink(spec);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || bind(fd, (struct sockaddr *)&un, sizeof un) < 0 || listen(fd, 1) < 0)
            die("-g: cannot listen on '%s': %s", spec, strerror(errno));
        return fd;
    }
    char *end;
    errno = 0;
    long port = strtol(spec, &end, 10);
    if (!*spec || *end || errno || port < 1 || port > 65535 || spec[0] == '+' || spec[0] == '-')
        die("-g: invalid port '%s' (a number from 1 to 65535, or a socket path)", spec);
    struct sockaddr_in in = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_ANY)};
    int one = 1;
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(fd, (struct sockaddr *)&in, sizeof in) < 0 || listen(fd, 1) < 0)
        die("-g: cannot listen on port %ld: %s", port, strerror(errno));
    return fd;
}

void gdb_start(struct proc *p, const char *spec)
{
    int lfd = listen_on(spec);
    int fd;
    do {
        fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        die("-g: accept: %s", strerror(errno));
    close(lfd);
    if (strchr(spec, '/'))
        unlink(spec);
    fd = fd_move_high(fd);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct gdb_stub *g = xcalloc(1, sizeof *g);
    g->proc = p;
    gdb_conn_init(&g->conn, fd);
    build_tdesc(g);
    g->initial = true;
    g->step_word = 1;
    p->gdb = g;
    struct plg_debug_client client = {
        .step = step_hook,
        .step_word = &g->step_word,
        .bp = bp_hook,
        .bp_table = g->bp_slots,
        .fork_child = fork_child,
        .opaque = g,
    };
    plg_debug_attach(p, &client);
    watcher_start(g);
}
