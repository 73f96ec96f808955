/*
 * strace.c — `-strace` / `-d strace` lines in QEMU's format.
 *
 *   <pid> openat(AT_FDCWD,"/etc/passwd",O_RDONLY|O_CLOEXEC) = 3
 *   <pid> openat(AT_FDCWD,"/nope",O_RDONLY) = -1 errno=2 (No such file or directory)
 *
 * Each syscall.def row names one argument kind per argument; this file turns kinds into text
 * (flag words decoded symbolically, unknown bits appended in hex). The call part is formatted
 * before the syscall runs and the result part after it, as two writes to the log stream.
 *
 * Threading: pure formatting on the calling vCPU's thread; guest strings are read through
 * mem_copy_from_guest and shown as pointers when unreadable. No state.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>
#include <time.h>

#include "linux.h"

struct flag_name {
    uint64_t bit;
    const char *name;
};

/* QEMU prints protections in this order. */
static const struct flag_name prot_names[] = {
    {PROT_EXEC, "PROT_EXEC"},       {PROT_READ, "PROT_READ"},
    {PROT_WRITE, "PROT_WRITE"},     {0x8 /* PROT_SEM */, "PROT_SEM"},
    {PROT_GROWSDOWN, "PROT_GROWSDOWN"}, {PROT_GROWSUP, "PROT_GROWSUP"},
};

static const struct flag_name map_names[] = {
    {MAP_ANONYMOUS, "MAP_ANONYMOUS"},   {MAP_DENYWRITE, "MAP_DENYWRITE"},
    {MAP_EXECUTABLE, "MAP_EXECUTABLE"}, {MAP_FIXED, "MAP_FIXED"},
    {MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE"}, {MAP_GROWSDOWN, "MAP_GROWSDOWN"},
    {MAP_HUGETLB, "MAP_HUGETLB"},       {MAP_LOCKED, "MAP_LOCKED"},
    {MAP_NONBLOCK, "MAP_NONBLOCK"},     {MAP_NORESERVE, "MAP_NORESERVE"},
    {MAP_POPULATE, "MAP_POPULATE"},     {MAP_STACK, "MAP_STACK"},
    {MAP_SYNC, "MAP_SYNC"},
};

static const struct flag_name open_names[] = {
    {O_APPEND, "O_APPEND"},       {O_CREAT, "O_CREAT"},
    {O_EXCL, "O_EXCL"},           {TARGET_O_LARGEFILE, "O_LARGEFILE"},
    {O_NDELAY, "O_NONBLOCK"},     {O_NOCTTY, "O_NOCTTY"},
    {O_SYNC, "O_SYNC"},           {O_DSYNC, "O_DSYNC"},
    {O_TRUNC, "O_TRUNC"},         {O_DIRECT, "O_DIRECT"},
    {O_NOFOLLOW, "O_NOFOLLOW"},   {O_NOATIME, "O_NOATIME"},
    {O_CLOEXEC, "O_CLOEXEC"},     {O_PATH, "O_PATH"},
    {O_TMPFILE, "O_TMPFILE"},     {O_DIRECTORY, "O_DIRECTORY"},
    {O_ASYNC, "FASYNC"},
};

static const struct flag_name at_names[] = {
    {AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW"}, {AT_REMOVEDIR, "AT_REMOVEDIR"},
    {AT_SYMLINK_FOLLOW, "AT_SYMLINK_FOLLOW"},     {AT_NO_AUTOMOUNT, "AT_NO_AUTOMOUNT"},
    {AT_EMPTY_PATH, "AT_EMPTY_PATH"},
};

static const struct flag_name access_names[] = {
    {R_OK, "R_OK"}, {W_OK, "W_OK"}, {X_OK, "X_OK"},
};

static const char *const clock_names[] = {
    "CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID",
    "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME",
    "CLOCK_REALTIME_ALARM", "CLOCK_BOOTTIME_ALARM", NULL, "CLOCK_TAI",
};

static const char *const fcntl_names[] = {
    "F_DUPFD", "F_GETFD", "F_SETFD", "F_GETFL", "F_SETFL", "F_GETLK", "F_SETLK", "F_SETLKW",
    "F_SETOWN", "F_GETOWN", "F_SETSIG", "F_GETSIG",
};

static const char *const how_names[] = {"SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"};

static const struct flag_name ioctl_names[] = {
    {TCGETS, "TCGETS"},         {TCSETS, "TCSETS"},         {TCSETSW, "TCSETSW"},
    {TCSETSF, "TCSETSF"},       {TIOCGWINSZ, "TIOCGWINSZ"}, {TIOCSWINSZ, "TIOCSWINSZ"},
    {FIONREAD, "FIONREAD"},     {FIONBIO, "FIONBIO"},       {TIOCGPGRP, "TIOCGPGRP"},
    {TIOCSPGRP, "TIOCSPGRP"},   {FIOCLEX, "FIOCLEX"},       {FIONCLEX, "FIONCLEX"},
};

static const char *const sig_names[32] = {
    [SIGHUP] = "SIGHUP",       [SIGINT] = "SIGINT",       [SIGQUIT] = "SIGQUIT",
    [SIGILL] = "SIGILL",       [SIGTRAP] = "SIGTRAP",     [SIGABRT] = "SIGABRT",
    [SIGBUS] = "SIGBUS",       [SIGFPE] = "SIGFPE",       [SIGKILL] = "SIGKILL",
    [SIGUSR1] = "SIGUSR1",     [SIGSEGV] = "SIGSEGV",     [SIGUSR2] = "SIGUSR2",
    [SIGPIPE] = "SIGPIPE",     [SIGALRM] = "SIGALRM",     [SIGTERM] = "SIGTERM",
    [SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD",     [SIGCONT] = "SIGCONT",
    [SIGSTOP] = "SIGSTOP",     [SIGTSTP] = "SIGTSTP",     [SIGTTIN] = "SIGTTIN",
    [SIGTTOU] = "SIGTTOU",     [SIGURG] = "SIGURG",       [SIGXCPU] = "SIGXCPU",
    [SIGXFSZ] = "SIGXFSZ",     [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
    [SIGWINCH] = "SIGWINCH",   [SIGIO] = "SIGIO",         [SIGPWR] = "SIGPWR",
    [SIGSYS] = "SIGSYS",
};

/* ---- System V IPC, inotify, xattr, splice, scheduling and memory-locking arguments ---- */

static const struct flag_name ipc_get_names[] = {
    {01000, "IPC_CREAT"}, {02000, "IPC_EXCL"},
};

static const struct flag_name msg_flag_names[] = {
    {04000, "IPC_NOWAIT"}, {010000, "MSG_NOERROR"}, {020000, "MSG_EXCEPT"}, {040000, "MSG_COPY"},
};

static const struct flag_name shmat_names[] = {
    {010000, "SHM_RDONLY"}, {020000, "SHM_RND"}, {040000, "SHM_REMAP"}, {0100000, "SHM_EXEC"},
};

/* Commands shared by msgctl, semctl and shmctl, then each family's own. */
static const struct flag_name ipc_cmd_names[] = {
    {0, "IPC_RMID"}, {1, "IPC_SET"}, {2, "IPC_STAT"}, {3, "IPC_INFO"},
};

static const struct flag_name msgctl_names[] = {
    {11, "MSG_STAT"}, {12, "MSG_INFO"}, {13, "MSG_STAT_ANY"},
};

static const struct flag_name semctl_names[] = {
    {11, "GETPID"},  {12, "GETVAL"},   {13, "GETALL"},  {14, "GETNCNT"},     {15, "GETZCNT"},
    {16, "SETVAL"},  {17, "SETALL"},   {18, "SEM_STAT"}, {19, "SEM_INFO"}, {20, "SEM_STAT_ANY"},
};

static const struct flag_name shmctl_names[] = {
    {11, "SHM_LOCK"}, {12, "SHM_UNLOCK"}, {13, "SHM_STAT"}, {14, "SHM_INFO"}, {15, "SHM_STAT_ANY"},
};

static const struct flag_name inotify_names[] = {
    {0x1, "IN_ACCESS"},           {0x2, "IN_MODIFY"},         {0x4, "IN_ATTRIB"},
    {0x8, "IN_CLOSE_WRITE"},      {0x10, "IN_CLOSE_NOWRITE"}, {0x20, "IN_OPEN"},
    {0x40, "IN_MOVED_FROM"},      {0x80, "IN_MOVED_TO"},      {0x100, "IN_CREATE"},
    {0x200, "IN_DELETE"},         {0x400, "IN_DELETE_SELF"},  {0x800, "IN_MOVE_SELF"},
    {0x01000000, "IN_ONLYDIR"},   {0x02000000, "IN_DONT_FOLLOW"},
    {0x04000000, "IN_EXCL_UNLINK"}, {0x10000000, "IN_MASK_CREATE"},
    {0x20000000, "IN_MASK_ADD"},  {0x80000000, "IN_ONESHOT"},
};

static const struct flag_name xattr_names[] = {
    {1, "XATTR_CREATE"}, {2, "XATTR_REPLACE"},
};

static const struct flag_name splice_names[] = {
    {1, "SPLICE_F_MOVE"}, {2, "SPLICE_F_NONBLOCK"}, {4, "SPLICE_F_MORE"}, {8, "SPLICE_F_GIFT"},
};

static const struct flag_name fadvise_names[] = {
    {0, "POSIX_FADV_NORMAL"},   {1, "POSIX_FADV_RANDOM"},   {2, "POSIX_FADV_SEQUENTIAL"},
    {3, "POSIX_FADV_WILLNEED"}, {4, "POSIX_FADV_DONTNEED"}, {5, "POSIX_FADV_NOREUSE"},
};

static const struct flag_name sched_policy_names[] = {
    {0, "SCHED_OTHER"}, {1, "SCHED_FIFO"}, {2, "SCHED_RR"},
    {3, "SCHED_BATCH"}, {5, "SCHED_IDLE"}, {6, "SCHED_DEADLINE"},
};

static const struct flag_name prio_which_names[] = {
    {0, "PRIO_PROCESS"}, {1, "PRIO_PGRP"}, {2, "PRIO_USER"},
};

static const struct flag_name mlockall_names[] = {
    {1, "MCL_CURRENT"}, {2, "MCL_FUTURE"}, {4, "MCL_ONFAULT"},
};

static const struct flag_name membarrier_names[] = {
    {0, "MEMBARRIER_CMD_QUERY"},
    {1, "MEMBARRIER_CMD_GLOBAL"},
    {2, "MEMBARRIER_CMD_GLOBAL_EXPEDITED"},
    {4, "MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED"},
    {8, "MEMBARRIER_CMD_PRIVATE_EXPEDITED"},
    {16, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED"},
    {32, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE"},
    {64, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE"},
    {128, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ"},
    {256, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ"},
    {512, "MEMBARRIER_CMD_GET_REGISTRATIONS"},
};

/* The clone flags unshare accepts. */
static const struct flag_name unshare_names[] = {
    {0x00000080, "CLONE_NEWTIME"}, {0x00000100, "CLONE_VM"},        {0x00000200, "CLONE_FS"},
    {0x00000400, "CLONE_FILES"},   {0x00000800, "CLONE_SIGHAND"},   {0x00010000, "CLONE_THREAD"},
    {0x00020000, "CLONE_NEWNS"},   {0x00040000, "CLONE_SYSVSEM"},   {0x02000000, "CLONE_NEWCGROUP"},
    {0x04000000, "CLONE_NEWUTS"},  {0x08000000, "CLONE_NEWIPC"},    {0x10000000, "CLONE_NEWUSER"},
    {0x20000000, "CLONE_NEWPID"},  {0x40000000, "CLONE_NEWNET"},
};

const char *sig_name(int sig)
{
    if (sig > 0 && sig < 32)
        return sig_names[sig];
    return NULL;
}

/* snprintf that never overruns and returns the bytes actually written. */
static size_t put(char *buf, size_t size, const char *fmt, ...) PRINTF_FMT(3, 4);

static size_t put(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (size == 0)
        return 0;
    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    if (n < 0)
        return 0;
    return (size_t)n < size ? (size_t)n : size - 1;
}

static size_t put_flags(char *buf, size_t size, uint64_t v, const struct flag_name *names,
                        size_t n, size_t len, bool first)
{
    for (size_t i = 0; i < n; i++) {
        if (names[i].bit && (v & names[i].bit) == names[i].bit) {
            len += put(buf + len, size - len, "%s%s", first ? "" : "|", names[i].name);
            v &= ~names[i].bit;
            first = false;
        }
    }
    if (v)
        len += put(buf + len, size - len, "%s%#llx", first ? "" : "|", (unsigned long long)v);
    else if (first)
        len += put(buf + len, size - len, "0");
    return len;
}

static size_t put_string(struct vcpu *cpu, uint64_t v, char *buf, size_t size)
{
    enum { SHOWN = 256 };
    struct mem_space *m = lx_mem(cpu);
    size_t len = put(buf, size, "\"");
    size_t i;

    for (i = 0; i < SHOWN; i++) {
        char c;
        if (mem_copy_from_guest(m, &c, v + i, 1)) {
            if (i == 0)
                return put(buf, size, "0x%016llx", (unsigned long long)v);
            break;
        }
        if (c == 0)
            break;
        if (c == '"' || c == '\\')
            len += put(buf + len, size - len, "\\%c", c);
        else if (c == '\n')
            len += put(buf + len, size - len, "\\n");
        else if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f)
            len += put(buf + len, size - len, "\\%o", (unsigned char)c);
        else
            len += put(buf + len, size - len, "%c", c);
    }
    len += put(buf + len, size - len, "\"");
    if (i == SHOWN)
        len += put(buf + len, size - len, "...");
    return len;
}

/* The name of value v in an enumeration table, or v in decimal. */
static size_t put_enum(char *buf, size_t size, uint64_t v, const struct flag_name *names,
                       size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (names[i].bit == (v & 0xffffffffu))
            return put(buf, size, "%s", names[i].name);
    }
    return put(buf, size, "%d", (int)v);
}

/* An IPC control command: the common IPC_* ones, then the family's table. */
static size_t put_ipc_cmd(char *buf, size_t size, uint64_t v, const struct flag_name *names,
                          size_t n)
{
    if ((v & 0xffffffffu) < ARRAY_SIZE(ipc_cmd_names))
        return put(buf, size, "%s", ipc_cmd_names[v].name);
    return put_enum(buf, size, v, names, n);
}

/* IPC_CREAT|IPC_EXCL, then the permission bits in octal (and other bits in hex). */
static size_t put_ipc_get_flags(char *buf, size_t size, uint64_t v)
{
    uint64_t flags = v & 0xffffffffu & ~0777ull;
    size_t len = 0;

    if (flags)
        len = put_flags(buf, size, flags, ipc_get_names, ARRAY_SIZE(ipc_get_names), 0, true);
    return len + put(buf + len, size - len, "%s%#llo", flags ? "|" : "",
                     (unsigned long long)(v & 0777));
}

/* Argument kinds decoded from one name table alone: a flag word (the low 32 bits, names joined
 * with '|', 0 for none) or an enum value (its name, or the number). */
static const struct {
    char kind;
    bool is_enum;
    const struct flag_name *names;
    size_t n;
} table_kinds[] = {
    {'A', false, at_names, ARRAY_SIZE(at_names)},
    {'W', false, msg_flag_names, ARRAY_SIZE(msg_flag_names)},
    {'R', false, shmat_names, ARRAY_SIZE(shmat_names)},
    {'N', false, inotify_names, ARRAY_SIZE(inotify_names)},
    {'X', false, xattr_names, ARRAY_SIZE(xattr_names)},
    {'L', false, splice_names, ARRAY_SIZE(splice_names)},
    {'m', false, mlockall_names, ARRAY_SIZE(mlockall_names)},
    {'U', false, unshare_names, ARRAY_SIZE(unshare_names)},
    {'V', true, fadvise_names, ARRAY_SIZE(fadvise_names)},
    {'w', true, prio_which_names, ARRAY_SIZE(prio_which_names)},
    {'b', true, membarrier_names, ARRAY_SIZE(membarrier_names)},
};

size_t strace_format_arg(struct vcpu *cpu, char kind, uint64_t v, uint64_t prev, char *buf,
                         size_t size)
{
    unsigned long long u = v;

    for (size_t i = 0; i < ARRAY_SIZE(table_kinds); i++) {
        if (table_kinds[i].kind != kind)
            continue;
        if (table_kinds[i].is_enum)
            return put_enum(buf, size, v, table_kinds[i].names, table_kinds[i].n);
        return put_flags(buf, size, v & 0xffffffffu, table_kinds[i].names, table_kinds[i].n, 0,
                         true);
    }
    switch (kind) {
    case 'd':
        return put(buf, size, "%d", (int)v);
    case 'l':
        return put(buf, size, "%lld", (long long)v);
    case 'u':
        return put(buf, size, "%llu", u);
    case 'x':
        return v ? put(buf, size, "%#llx", u) : put(buf, size, "0");
    case 'p':
        return v ? put(buf, size, "0x%016llx", u) : put(buf, size, "NULL");
    case 's':
        return cpu ? put_string(cpu, v, buf, size) : put(buf, size, "0x%016llx", u);
    case 'F':
        return (int)v == AT_FDCWD ? put(buf, size, "AT_FDCWD") : put(buf, size, "%d", (int)v);
    case 'O': {
        static const char *const acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
        size_t len = put(buf, size, "%s", acc[v & O_ACCMODE]);
        if (v & ~(uint64_t)O_ACCMODE)
            len = put_flags(buf, size, v & ~(uint64_t)O_ACCMODE & 0xffffffffu, open_names,
                            ARRAY_SIZE(open_names), len, false);
        return len;
    }
    case 'c':
    case 'o':
        return put(buf, size, "%#llo", u & 0xffffffffu);
    case 'P':
        if ((v & 0xffffffffu) == 0)
            return put(buf, size, "PROT_NONE");
        return put_flags(buf, size, v & 0xffffffffu, prot_names, ARRAY_SIZE(prot_names), 0,
                         true);
    case 'M': {
        static const char *const type[] = {"0", "MAP_SHARED", "MAP_PRIVATE",
                                           "MAP_SHARED_VALIDATE"};
        size_t len = put(buf, size, "%s", type[v & 3]);
        if (v & ~3ull & 0xffffffffu)
            len = put_flags(buf, size, v & ~3ull & 0xffffffffu, map_names,
                            ARRAY_SIZE(map_names), len, false);
        return len;
    }
    case 'S': {
        const char *name = sig_name((int)v);
        return name ? put(buf, size, "%s", name) : put(buf, size, "%d", (int)v);
    }
    case 'a':
        if ((v & 0xffffffffu) == 0)
            return put(buf, size, "F_OK");
        return put_flags(buf, size, v & 0xffffffffu, access_names, ARRAY_SIZE(access_names), 0,
                         true);
    case 'h':
        if (v < ARRAY_SIZE(how_names))
            return put(buf, size, "%s", how_names[v]);
        return put(buf, size, "%d", (int)v);
    case 'C':
        if (v < ARRAY_SIZE(clock_names) && clock_names[v])
            return put(buf, size, "%s", clock_names[v]);
        return put(buf, size, "%d", (int)v);
    case 'f':
        if (v < ARRAY_SIZE(fcntl_names))
            return put(buf, size, "%s", fcntl_names[v]);
        if (v == F_DUPFD_CLOEXEC)
            return put(buf, size, "F_DUPFD_CLOEXEC");
        return put(buf, size, "%d", (int)v);
    case 'i':
        for (size_t i = 0; i < ARRAY_SIZE(ioctl_names); i++) {
            if (ioctl_names[i].bit == (v & 0xffffffffu))
                return put(buf, size, "%s", ioctl_names[i].name);
        }
        return put(buf, size, "%#llx", u);
    case 'k':
        return (int)v == 0 ? put(buf, size, "IPC_PRIVATE") : put(buf, size, "%#x", (unsigned)v);
    case 'I':
        return put_ipc_get_flags(buf, size, v);
    case 'Q':
        return put_ipc_cmd(buf, size, v, msgctl_names, ARRAY_SIZE(msgctl_names));
    case 'E':
        return put_ipc_cmd(buf, size, v, semctl_names, ARRAY_SIZE(semctl_names));
    case 'H':
        return put_ipc_cmd(buf, size, v, shmctl_names, ARRAY_SIZE(shmctl_names));
    case 'y': {
        size_t len = put_enum(buf, size, v & 0x3fffffffu, sched_policy_names,
                              ARRAY_SIZE(sched_policy_names));
        if (v & 0x40000000u)
            len += put(buf + len, size - len, "|SCHED_RESET_ON_FORK");
        return len;
    }
    default:
        return put(buf, size, "%#llx", u);
    }
}

void strace_format_call(struct vcpu *cpu, int64_t num, const uint64_t *a, char *buf,
                        size_t size)
{
    if (num < 0 || num >= SYS_TABLE_SIZE || !sys_table[num].name) {
        put(buf, size, "Unknown syscall %lld", (long long)num);
        return;
    }
    const struct sys_entry *e = &sys_table[num];
    size_t len = put(buf, size, "%s(", e->name);
    for (unsigned i = 0; e->args[i] && i < 6; i++) {
        char kind = e->args[i];
        if (kind == 'c' && !(i > 0 && ((a[i - 1] & O_CREAT) ||
                                       (a[i - 1] & O_TMPFILE) == O_TMPFILE)))
            continue;
        if (i > 0)
            len += put(buf + len, size - len, ",");
        len += strace_format_arg(cpu, kind, a[i], i > 0 ? a[i - 1] : 0, buf + len, size - len);
    }
    put(buf + len, size - len, ")");
}

void strace_format_ret(int64_t num, int64_t ret, char *buf, size_t size)
{
    bool known = num >= 0 && num < SYS_TABLE_SIZE && sys_table[num].name;

    if (ret == -SYS_ERESTARTSYS) {
        put(buf, size, " = ? ERESTARTSYS (To be restarted)\n");
    } else if (ret == -SYS_ENORETURN) {
        put(buf, size, " = ?\n");
    } else if (ret < 0 && ret >= -4095) {
        put(buf, size, " = -1 errno=%d (%s)\n", (int)-ret, strerror((int)-ret));
    } else if (known && sys_table[num].ret == SYS_RET_PTR) {
        put(buf, size, " = 0x%016llx\n", (unsigned long long)ret);
    } else {
        put(buf, size, " = %lld\n", (long long)ret);
    }
}
