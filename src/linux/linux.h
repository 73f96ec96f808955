/*
 * linux.h — private interface of the Linux syscall layer (src/linux/ only).
 *
 * Holds the per-process (struct linux_proc, behind proc.lx) and per-thread (struct linux_thread,
 * behind vcpu.lx) state, the syscall table entry type, and small helpers the sys_*.c files share.
 *
 * Conventions: every handler has the type sys_fn: it receives the six argument registers as
 * captured before the plugin syscall events and returns the guest result (>= 0, or -errno; errno
 * values are the same on x86-64 and riscv64). Two private results are never written to a0:
 * SYS_ERESTARTSYS (the ecall is executed again after a signal handler) and SYS_ENORETURN
 * (rt_sigreturn restored every register itself).
 *
 * Threading: linux_proc fields are read-only after linux_init except those documented as
 * guarded by lx->lock, lx->sigq_lock or updated atomically; linux_thread belongs to its vCPU's
 * thread except `pending`, which other threads and host signal handlers fill under
 * lx->sigq_lock, and `sigmask`, which other threads read (atomically) to route
 * process-directed signals.
 */
#ifndef PLUME_LINUX_LINUX_H
#define PLUME_LINUX_LINUX_H

#include <errno.h>
#include <pthread.h>
#include <sys/resource.h>

#include "../exec/cpu.h"
#include "../mem/mem.h"
#include "../plugin/hooks.h"
#include "abi.h"

#define SYS_ERESTARTSYS 512
#define SYS_ENORETURN 513
/* Highest syscall number in the table (+1). */
#define SYS_TABLE_SIZE 460
#define LX_PATH_MAX 4096
/* Kernel value of O_LARGEFILE (glibc's x86-64 userspace value is 0). */
#define TARGET_O_LARGEFILE 0100000

typedef int64_t (*sys_fn)(struct vcpu *cpu, const uint64_t *a);

/* Return-value presentation for -strace. */
enum sys_ret_kind {
    SYS_RET_INT,     /* decimal */
    SYS_RET_PTR,     /* 0x%016 address (mmap, brk) */
    SYS_RET_NONE,    /* does not return (exit, exit_group) */
};

/* One row of syscall.def. */
struct sys_entry {
    const char *name;
    sys_fn fn;
    const char *args; /* strace argument kinds, one char per argument (strace.c) */
    uint8_t ret;      /* enum sys_ret_kind */
};

/* The table, indexed by syscall number; rows without a name are unimplemented. */
extern const struct sys_entry sys_table[SYS_TABLE_SIZE];

/* Handlers, one per row of syscall.def. */
#define SYSCALL(num, name, fn, args, ret) int64_t fn(struct vcpu *cpu, const uint64_t *a);
#include "syscall.def"
#undef SYSCALL

/* Instances of queued real-time signals a process may hold at once (RLIMIT_SIGPENDING-like:
 * sigqueue beyond it fails with EAGAIN). */
#define SIGQ_POOL_SIZE 1024
/* Guest POSIX timers (timer_create) per process. */
#define LX_MAX_TIMERS 64

/* Pending signals of one thread or of the process (under linux_proc.sigq_lock). Standard
 * signals 1..31 keep one instance; real-time signals 32..64 queue every instance in order. */
struct sig_pending {
    uint64_t set;                               /* numbers with an instance (atomic reads) */
    struct target_siginfo info[32];             /* standard signal sig: info[sig] */
    int32_t rt_head[TARGET_NSIG - 31];          /* real-time sig: queue of pool indices at */
    int32_t rt_tail[TARGET_NSIG - 31];          /* [sig - 32], -1 when empty */
};

/* One queued real-time signal instance. */
struct sig_qent {
    struct target_siginfo info;
    int32_t next;                               /* pool index, -1 ends the list */
};

/* A guest POSIX timer: a host timer whose expiries come back as SIGSEGV with si_code SI_TIMER
 * and a tagged si_value naming the slot (signal.c turns them into the guest's signal). */
enum { TIMER_FREE, TIMER_RESERVED, TIMER_LIVE };
struct lx_timer {
    int used;                     /* TIMER_* (atomic; changed under linux_proc.lock) */
    int host_id;                  /* kernel timer id of the host timer */
    int32_t notify;               /* guest SIGEV_SIGNAL / SIGEV_NONE / SIGEV_THREAD_ID */
    int32_t signo;
    uint64_t value;               /* sigev_value */
};

/* signalfd files per process, and descriptors (dup copies) per signalfd file. */
#define LX_MAX_SIGFDS 32
#define LX_SIGFD_FDS 8

/* A guest signalfd (sys_signalfd.c): a host eventfd kept readable while one of its signals is
 * pending. fds, mask and the table's use count change under linux_proc.sigq_lock. */
struct lx_sigfd {
    int fds[LX_SIGFD_FDS];        /* guest descriptors of it, packed from fds[0], -1 after the
                                   * last; fds[0] -1: slot free (atomic reads) */
    uint64_t mask;                /* the signals it reads (atomic reads) */
    bool armed;                   /* its eventfd counter is 1 (under sigq_lock) */
};

/* Resource limits the guest holds itself (sys_proc.c): RLIMIT_STACK describes the stack plume
 * built, RLIMIT_AS and RLIMIT_DATA are enforced by mem/ on guest mappings only; setting the
 * host's would constrain plume's own memory. */
enum lx_guest_rlim { LX_RLIM_STACK, LX_RLIM_AS, LX_RLIM_DATA, LX_GUEST_RLIMS };

struct linux_proc {
    struct proc *proc;
    pthread_mutex_t lock;         /* sigact, unimp list, timers slot allocation, aio creation */
    const char *sysroot;          /* -L prefix for absolute paths ("" = none) */
    pid_t pid;                    /* host pid == guest pid */
    gaddr_t sigtramp;             /* guest address of the rt_sigreturn trampoline */
    struct target_sigaction sigact[TARGET_NSIG + 1];
    int sigq_lock;                /* spin lock over every sig_pending and the pool; taken with
                                   * host signals blocked, so handlers may take it too */
    struct sig_pending pending;   /* process-directed pending signals */
    struct sig_qent *sigq_pool;   /* SIGQ_POOL_SIZE entries */
    int32_t sigq_free;            /* free list head in sigq_pool */
    struct lx_timer timers[LX_MAX_TIMERS];
    uint32_t pend_count[TARGET_NSIG + 1]; /* pending sets holding signal n (under sigq_lock) */
    uint64_t pend_union;          /* signals with pend_count > 0 (under sigq_lock) */
    struct lx_sigfd sigfds[LX_MAX_SIGFDS];
    int n_sigfds;                 /* slots in use (atomic; read without the lock) */
    uint64_t sigfd_watch;         /* union of the signalfd masks (atomic) */
    struct rlimit guest_rlim[LX_GUEST_RLIMS]; /* the guest's own RLIMIT_STACK/AS/DATA (under
                                               * lock), indexed by enum lx_guest_rlim */
    int *unimp_seen;              /* syscall numbers already logged under -d unimp */
    unsigned n_unimp_seen;
    void *main_altstack;          /* host alternate signal stack of the main thread */
    uint64_t initial_mask;        /* host signal mask at start (inherited across execve) */
    int exiting;                  /* set once by the first proc_exit (atomic) */
    int live_threads;             /* guest threads not yet past exit(2) (atomic) */
    int signal_tid;               /* host tid of a live vCPU that takes the signals landing on
                                   * threads that cannot (atomic; 0 before the main vCPU) */
    struct lx_aio *aio;           /* Linux AIO contexts and requests (sys_aio.c), created at the
                                   * first io_setup under lock; NULL before */
    int log_fd;                   /* plume's -D log descriptor, -1 if none: hidden from guest
                                   * close/close_range/dup/dup3/fcntl (sys_io.c) */
};

struct linux_thread {
    uint64_t sigmask;             /* guest blocked set (written atomically: others read it) */
    uint64_t saved_mask;          /* mask to restore after a sigsuspend-style wait */
    bool saved_mask_valid;
    struct sig_pending pending;   /* thread-directed pending signals */
    uint64_t waiting;             /* set waited for in sigtimedwait (atomic; others read) */
    int exiting;                  /* the thread is past exit(2): no longer a signal target */
    struct target_stack altstack; /* guest sigaltstack: ss_size 0 = disabled; ss_flags keeps
                                   * the flags as set (SS_AUTODISARM) */
    gaddr_t clear_child_tid;
    gaddr_t robust_list;
    uint64_t robust_len;
    void *host_altstack;          /* host alternate signal stack (non-main threads) */
    struct mem_recover recover;   /* recovery point of plume's guarded guest accesses */
};

static inline struct linux_proc *lx_proc(const struct vcpu *cpu) { return cpu->proc->lx; }
static inline struct mem_space *lx_mem(const struct vcpu *cpu) { return cpu->proc->mem; }

/* True if the guest descriptor fd is one of plume's own, the -D log or the plugin core's
 * (guest close/dup/fcntl: EBADF). */
static inline bool lx_own_fd(const struct linux_proc *lx, int fd)
{
    return fd >= 0 && (fd == lx->log_fd || fd == plg_own_fd());
}

/* Host libc result (-1 + errno) to guest convention. */
static inline int64_t lx_err(int64_t r) { return r == -1 ? -(int64_t)errno : r; }

/* ---- paths (sys_fs.c) ---- */

/* Copy the guest path at a into a malloc'd string; on failure returns NULL and sets *err
 * (-EFAULT, -ENAMETOOLONG). The caller frees. */
char *lx_get_path(struct vcpu *cpu, gaddr_t a, int *err);
/* Host path for a guest path (takes ownership of path, returns a malloc'd string):
 * /proc/self/exe (and /proc/<pid>/exe) → the guest executable; other absolute paths →
 * <sysroot><path> when that exists, else the path unchanged. */
char *lx_host_path(struct linux_proc *lx, char *path);
/* lx_get_path + lx_host_path. */
char *lx_path_arg(struct vcpu *cpu, gaddr_t a, int *err);
/* How a path argument becomes a host path: lx_get_path (calls that change the path) or
 * lx_path_arg (calls that look it up). */
typedef char *lx_path_getter(struct vcpu *cpu, gaddr_t g, int *err);
/* The host side of a syscall taking one path (already resolved), given all guest arguments. */
typedef int64_t lx_path_call(struct vcpu *cpu, const uint64_t *a, const char *path);
/* Fetch the guest path a[i] through get, run call on it, free it: the shape of every one-path
 * syscall (a bad path returns its error before call runs). */
int64_t lx_with_path(struct vcpu *cpu, const uint64_t *a, int i, lx_path_getter *get,
                     lx_path_call *call);

/* ---- buffers (sys_io.c) ---- */

/* Host iovec array (malloc'd) for n guest iovecs at g, each buffer locked for reading
 * (to_guest false) or writing; NULL with *err (-EINVAL, -EFAULT) on failure. */
struct iovec *lx_lock_iovec(struct vcpu *cpu, gaddr_t g, int64_t n, bool to_guest, int *err);

/* ---- blocking syscalls (syscall.c, safe_syscall.c) ---- */

/* Host syscall nr(a1..a6) that a guest signal can interrupt: the kernel's result (-errno on
 * error), or -SYS_ERESTARTSYS if ATTN_SIGNAL was set in *attention before the call entered the
 * kernel (it did not run). Owning vCPU. */
long safe_syscall6(volatile uint32_t *attention, long nr, long a1, long a2, long a3, long a4,
                   long a5, long a6);
/* In a host signal handler: if the interrupted context ucontext lies in safe_syscall6 between its
 * attention test and the end of its syscall instruction, make it return -SYS_ERESTARTSYS.
 * Async-signal-safe. */
void safe_syscall_rewind(void *ucontext);

/* A blocking host syscall for the guest, arguments a[0..5]: exclusive sections do not wait for
 * the caller meanwhile; made with safe_syscall6. The result is the kernel's, except that
 * -SYS_ERESTARTSYS (the call did not start) stays so, and -EINTR becomes -SYS_ERESTARTSYS (the
 * ecall runs again after the cpu loop has looked at signals) when no guest signal is
 * deliverable (the interruption was for a blocked signal or a wake-up) or, with restart, the
 * one to be delivered has SA_RESTART. Owning vCPU. */
int64_t lx_blocking(struct vcpu *cpu, bool restart, long nr, const uint64_t a[6]);
/* After one round of a wait that no handler restarts (lx_blocking with restart false): true if
 * *r is -SYS_ERESTARTSYS and nothing the guest sees is pending, so the wait goes on with the time
 * left (signals the caller blocks were routed to other threads), as the kernel's restart blocks
 * do; otherwise false, with -SYS_ERESTARTSYS turned into -EINTR (a guest signal is deliverable).
 * Use: do { ... r = lx_blocking(cpu, false, ...); } while (lx_wait_again(cpu, &r)). */
bool lx_wait_again(struct vcpu *cpu, int64_t *r);
/* The result of a wait that a guest signal interrupted, as lx_blocking gives it: -SYS_ERESTARTSYS
 * when no guest signal is deliverable yet or (restart) the one to be delivered has SA_RESTART,
 * else -EINTR. Owning vCPU. */
int64_t lx_interrupted(struct vcpu *cpu, bool restart);
/* CLOCK_MONOTONIC now + rel (a relative timeout's deadline), and the time left until deadline
 * (zero once it passed). Any thread. */
struct timespec lx_deadline(const struct timespec *rel);
struct timespec lx_time_left(const struct timespec *deadline);

/* ---- signals (signal.c) ---- */

/* Take / release lx->sigq_lock, the spin lock over pending sets, the real-time pool and the
 * signalfd table; taken with every host signal blocked (*old gets the previous mask). */
void sigq_lock(struct linux_proc *lx, sigset_t *old);
void sigq_unlock(struct linux_proc *lx, const sigset_t *old);
/* Signals pending for cpu: its thread's and the process's (atomic reads). */
uint64_t sig_pending_set(struct vcpu *cpu);
/* Take the first pending signal in mask off cpu's thread set, else off the process's (lowest
 * number first, as Linux's dequeue_signal): its number with *info filled, or 0. Owning vCPU. */
int sig_take_masked(struct vcpu *cpu, uint64_t mask, struct target_siginfo *info);
/* Re-arm every signalfd after its mask or the table changed. Not from signal handlers. */
void sig_fd_sync(struct linux_proc *lx);
/* Empty pending set (at thread or process creation). */
void sig_pending_init(struct sig_pending *sp);
/* Queue signal info->si_signo for cpu's thread (thread) or for its process, and kick cpu so
 * it looks at its signals at the next block boundary (it routes process-directed signals it
 * blocks to another thread then). 0, or -EAGAIN when the real-time queue is full. Any thread;
 * async-signal-safe. */
int sig_queue(struct vcpu *cpu, const struct target_siginfo *info, bool thread);
/* Send info to the thread tid of this process (queue, kick, interrupt its blocking syscall);
 * -ESRCH if no such vCPU. Any vCPU thread, not from signal handlers. */
int64_t sig_send_thread(struct vcpu *cpu, int tid, const struct target_siginfo *info);
/* Send info to this process: queue it and wake a thread that does not block it. Any vCPU
 * thread, not from signal handlers. */
int64_t sig_send_process(struct vcpu *cpu, const struct target_siginfo *info);
/* Wake vCPUs that can take process-directed signals the caller blocks. Owning vCPU, not from
 * signal handlers. */
void sig_route(struct vcpu *cpu);
/* Wait until a host signal was handled or the relative timeout (NULL: none) elapsed, unless
 * done(cpu, arg) is already true; checked with host signals blocked so no wake-up is lost.
 * The caller is outside guest code (exclusive sections do not wait for it). Owning vCPU. */
void sig_wait_event(struct vcpu *cpu, bool (*done)(struct vcpu *, uint64_t), uint64_t arg,
                    const struct timespec *timeout);
/* The thread of cpu is past exit(2): it stops taking signals (host signals go to other threads,
 * SIGSEGV/SIGBUS excepted, which plume's guarded accesses need), hands linux_proc.signal_tid on
 * and routes the pending process-directed signals to other threads. Owning vCPU. */
void sig_thread_exit(struct vcpu *cpu);
/* Reset signal state in a fork child: no pending signals, no timers, lock free. Child only. */
void sig_fork_child(struct vcpu *cpu);
/* Remove the robust futexes the thread of cpu still holds (robust_list), as the kernel does at
 * thread exit: mark them FUTEX_OWNER_DIED and wake a waiter. Owning vCPU, or any thread while
 * cpu is stopped for good (process exit). */
void lx_robust_exit(struct vcpu *cpu);
/* True if a pending, unblocked signal exists for cpu. */
bool sig_has_deliverable(struct vcpu *cpu);
/* Lowest pending unblocked signal (0 if none); does not dequeue. */
int sig_next_deliverable(struct vcpu *cpu);
/* Set the guest signal mask (SIGKILL/SIGSTOP are never blocked) and kick if something became
 * deliverable. Owning vCPU. */
void sig_set_mask(struct vcpu *cpu, uint64_t mask);
/* Replace the guest mask for the duration of a ppoll/pselect/epoll_pwait/sigsuspend-style
 * wait; sig_mask_temp_end restores it now, or (interrupted) after the handler frame has
 * recorded the original mask. Owning vCPU. */
void sig_mask_temp(struct vcpu *cpu, uint64_t mask);
void sig_mask_temp_end(struct vcpu *cpu, bool interrupted);
/* Apply the host disposition that matches the guest's action for sig. Caller holds lx->lock. */
void sig_sync_host_action(struct linux_proc *lx, int sig);
/* Give the calling thread a host alternate signal stack (for the SIGSEGV handler); returns
 * its memory, which must stay mapped while the thread lives. */
void *sig_alloc_host_altstack(void);
/* rt_sigreturn: restore the context of the frame at sp. Owning vCPU. */
int64_t sig_return(struct vcpu *cpu);

/* ---- signalfd (sys_signalfd.c) ---- */

/* Empty signalfd table (linux_init). */
void lx_sigfd_init(struct linux_proc *lx);
/* The signalfd slot guest descriptor fd names, or -1 (cheap when no signalfd exists). Any
 * thread. */
int lx_sigfd_find(struct linux_proc *lx, int fd);
/* read (iov false: buffer g of len bytes) or readv (iov true: g is the iovec array, len its
 * count) on the signalfd in slot, descriptor fd. Owning vCPU. */
int64_t lx_sigfd_read(struct vcpu *cpu, int slot, int fd, gaddr_t g, uint64_t len, bool iov);
/* Descriptors [first, last] were closed (or replaced by dup3): they no longer name a signalfd. */
void lx_sigfd_closed(struct linux_proc *lx, int first, int last);
/* Descriptor newfd is now a copy of oldfd (dup, dup3, fcntl F_DUPFD). */
void lx_sigfd_dup(struct linux_proc *lx, int oldfd, int newfd);
/* In a fork child: give every signalfd a fresh eventfd at the same descriptors, so the child's
 * readiness is its own. Child only, before other threads exist. */
void sig_fd_fork_child(struct linux_proc *lx);

/* ---- Linux AIO (sys_aio.c) ---- */

/* In a fork child: drop the AIO contexts and requests (Linux does not copy them to a child).
 * Child only, before other threads exist. */
void lx_aio_fork_child(struct linux_proc *lx);

/* ---- threads (thread.c) ---- */

#define HOST_ALTSTACK_SIZE (64 * 1024)

/* clone with CLONE_VM (not vfork): start a guest thread; returns its tid or -errno. */
int64_t lx_clone_thread(struct vcpu *cpu, const uint64_t *a);
/* exit(2): end the calling guest thread (the process if it is the last one). */
NORETURN void lx_thread_exit(struct vcpu *cpu, int status);
/* The process ends (exit_group, fatal signal): stop every other vCPU for good and release the
 * robust futexes of every thread. Owning vCPU. */
void lx_exit_threads(struct vcpu *cpu);

/* ---- strace (strace.c) ---- */

/* Name of signal sig ("SIGSEGV"), or NULL for an unnamed number. */
const char *sig_name(int sig);
/* Format the call part "name(args)" of syscall num into buf (at most size bytes, NUL-ended). */
void strace_format_call(struct vcpu *cpu, int64_t num, const uint64_t *a, char *buf,
                        size_t size);
/* Format the result part " = ..." (with the trailing newline) into buf. */
void strace_format_ret(int64_t num, int64_t ret, char *buf, size_t size);
/* Append the decoding of a flag word to buf: "O_RDONLY|O_CLOEXEC" etc. kind is an args char. */
size_t strace_format_arg(struct vcpu *cpu, char kind, uint64_t v, uint64_t prev, char *buf,
                         size_t size);

/* ---- procfs emulation (sys_fs.c) ---- */

/* If the guest path names a /proc file plume emulates (maps, auxv, cmdline of this process,
 * /proc/cpuinfo), set *handled and return an fd with the guest's view or -errno. */
int lx_open_special(struct vcpu *cpu, const char *path, int flags, bool *handled);

#endif
