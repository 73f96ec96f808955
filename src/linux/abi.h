/*
 * abi.h — the riscv64 Linux user ABI as plume's guests see it (struct target_*, TARGET_*).
 *
 * riscv64 uses the asm-generic syscall table and most asm-generic structures. Where a guest
 * structure has the same layout as the x86-64 host's, the host type is used directly and a
 * static assertion below pins the size (errno values, signal numbers 1..31, open/mmap flags,
 * struct timespec, rusage, sysinfo, tms, rlimit, flock, utsname, statx, msghdr, cmsghdr,
 * sockaddr, iovec and the asm-generic termios are identical). Where they differ (struct stat,
 * epoll_event, the kernel sigaction, the signal frame), the target layout is spelled out here
 * and converted in exactly one place (abi.c for the data structures, signal.c for frames).
 *
 * Every field has a fixed-width type; offsets are checked by static assertions below and by
 * tests/unit/test_syscall.c against the riscv64 uapi headers' layouts.
 */
#ifndef PLUME_LINUX_ABI_H
#define PLUME_LINUX_ABI_H

#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <fcntl.h>
#include <time.h>

#include "../util/common.h"

/* ---- struct stat (asm-generic/stat.h; x86-64 orders nlink/mode differently) ---- */
struct target_stat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint64_t st_rdev;
    uint64_t pad1;
    int64_t st_size;
    int32_t st_blksize;
    int32_t pad2;
    int64_t st_blocks;
    int64_t st_atime_sec;
    uint64_t st_atime_nsec;
    int64_t st_mtime_sec;
    uint64_t st_mtime_nsec;
    int64_t st_ctime_sec;
    uint64_t st_ctime_nsec;
    uint32_t unused4;
    uint32_t unused5;
};
_Static_assert(sizeof(struct target_stat) == 128, "riscv64 struct stat is 128 bytes");
_Static_assert(offsetof(struct target_stat, st_mode) == 16, "st_mode");
_Static_assert(offsetof(struct target_stat, st_rdev) == 32, "st_rdev");
_Static_assert(offsetof(struct target_stat, st_size) == 48, "st_size");
_Static_assert(offsetof(struct target_stat, st_blksize) == 56, "st_blksize");
_Static_assert(offsetof(struct target_stat, st_blocks) == 64, "st_blocks");
_Static_assert(offsetof(struct target_stat, st_atime_sec) == 72, "st_atime");
_Static_assert(offsetof(struct target_stat, st_ctime_nsec) == 112, "st_ctime_nsec");

/* ---- epoll_event: naturally aligned on riscv64, packed on x86-64 ---- */
struct target_epoll_event {
    uint32_t events;
    uint32_t pad;
    uint64_t data;
};
_Static_assert(sizeof(struct target_epoll_event) == 16, "riscv64 epoll_event is 16 bytes");
_Static_assert(sizeof(struct epoll_event) == 12, "x86-64 epoll_event is packed");

/* ---- signals (asm-generic/signal.h; riscv has no sa_restorer) ---- */
#define TARGET_NSIG 64
#define TARGET_SA_NOCLDSTOP 0x00000001u
#define TARGET_SA_NOCLDWAIT 0x00000002u
#define TARGET_SA_SIGINFO 0x00000004u
#define TARGET_SA_ONSTACK 0x08000000u
#define TARGET_SA_RESTART 0x10000000u
#define TARGET_SA_NODEFER 0x40000000u
#define TARGET_SA_RESETHAND 0x80000000u
#define TARGET_SIG_DFL 0ull
#define TARGET_SIG_IGN 1ull
#define TARGET_SS_ONSTACK 1
#define TARGET_SS_DISABLE 2
#define TARGET_SS_AUTODISARM (1u << 31)
#define TARGET_MINSIGSTKSZ 2048
#define TARGET_SIG_BLOCK 0
#define TARGET_SIG_UNBLOCK 1
#define TARGET_SIG_SETMASK 2
/* struct sigevent: sigev_value, sigev_signo, sigev_notify, then the union (tid first); 64 bytes
 * on both riscv64 and x86-64. */
#define TARGET_SIGEV_SIGNAL 0
#define TARGET_SIGEV_NONE 1
#define TARGET_SIGEV_THREAD_ID 4
struct target_sigevent {
    uint64_t value;
    int32_t signo;
    int32_t notify;
    int32_t tid;
    uint8_t pad[44];
};
_Static_assert(sizeof(struct target_sigevent) == 64, "sigevent");

/* Bit of signal sig (1..64) in a 64-bit guest sigset. */
#define TARGET_SIGBIT(sig) (1ull << ((sig) - 1))

struct target_sigaction {
    uint64_t handler;  /* guest address, or TARGET_SIG_DFL / TARGET_SIG_IGN */
    uint64_t flags;
    uint64_t mask;
};
_Static_assert(sizeof(struct target_sigaction) == 24, "riscv64 kernel sigaction");

struct target_stack {
    uint64_t ss_sp;
    int32_t ss_flags;
    int32_t pad;
    uint64_t ss_size;
};
_Static_assert(sizeof(struct target_stack) == 24, "stack_t");

/* siginfo: 128 bytes; the 64-bit generic layout is the same as x86-64's. */
struct target_siginfo {
    int32_t si_signo;
    int32_t si_errno;
    int32_t si_code;
    int32_t pad0;
    union {
        uint64_t addr;            /* SIGSEGV/SIGBUS/SIGILL/SIGFPE/SIGTRAP: si_addr */
        struct {
            int32_t pid;          /* kill/tkill/sigqueue/SIGCHLD: si_pid */
            uint32_t uid;
            uint64_t value;       /* sigqueue: si_value; SIGCHLD: si_status (low 32 bits) */
        } kill;
        struct {
            int32_t tid;          /* POSIX timer expiry (SI_TIMER): si_timerid */
            int32_t overrun;      /* si_overrun */
            uint64_t value;       /* sigev_value */
        } timer;
        uint8_t raw[112];
    };
};
_Static_assert(sizeof(struct target_siginfo) == 128, "siginfo is 128 bytes");

/* linux/signalfd.h: one record read from a signalfd (generic layout, 128 bytes). */
struct target_signalfd_siginfo {
    uint32_t ssi_signo;
    int32_t ssi_errno;
    int32_t ssi_code;
    uint32_t ssi_pid;
    uint32_t ssi_uid;
    int32_t ssi_fd;
    uint32_t ssi_tid;
    uint32_t ssi_band;
    uint32_t ssi_overrun;
    uint32_t ssi_trapno;
    int32_t ssi_status;
    int32_t ssi_int;
    uint64_t ssi_ptr;
    uint64_t ssi_utime;
    uint64_t ssi_stime;
    uint64_t ssi_addr;
    uint16_t ssi_addr_lsb;
    uint16_t pad2;
    int32_t ssi_syscall;
    uint64_t ssi_call_addr;
    uint32_t ssi_arch;
    uint8_t pad[28];
};
_Static_assert(sizeof(struct target_signalfd_siginfo) == 128, "signalfd_siginfo is 128 bytes");

/* asm/ptrace.h user_regs_struct order: pc, then x1..x31. */
struct target_mcontext {
    uint64_t regs[32];            /* regs[0] = pc, regs[i] = x[i] */
    uint64_t fpregs[32];          /* __riscv_d_ext_state.f */
    uint32_t fcsr;
    uint8_t fp_rest[528 - 260];   /* rest of union __riscv_fp_state (q-state size); zero */
};
_Static_assert(sizeof(struct target_mcontext) == 784, "riscv64 struct sigcontext");

struct target_ucontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct target_stack uc_stack;
    uint64_t uc_sigmask;
    uint8_t unused[128 - 8];      /* sigset_t is padded to 1024 bits */
    uint64_t align_pad;           /* sigcontext is 16-byte aligned (q-state) */
    struct target_mcontext uc_mcontext;
};
_Static_assert(offsetof(struct target_ucontext, uc_sigmask) == 40, "uc_sigmask");
_Static_assert(offsetof(struct target_ucontext, uc_mcontext) == 176, "uc_mcontext");
_Static_assert(sizeof(struct target_ucontext) == 960, "riscv64 ucontext");

/* arch/riscv/kernel/signal.c: the frame the kernel pushes (MMU kernels have no trampoline). */
struct target_rt_sigframe {
    struct target_siginfo info;
    struct target_ucontext uc;
};
_Static_assert(sizeof(struct target_rt_sigframe) == 1088, "riscv64 rt_sigframe");

/* ---- riscv_hwprobe (asm/hwprobe.h) ---- */
struct target_hwprobe {
    int64_t key;
    uint64_t value;
};
#define TARGET_HWPROBE_KEY_MVENDORID 0
#define TARGET_HWPROBE_KEY_MARCHID 1
#define TARGET_HWPROBE_KEY_MIMPID 2
#define TARGET_HWPROBE_KEY_BASE_BEHAVIOR 3
#define TARGET_HWPROBE_BASE_BEHAVIOR_IMA (1ull << 0)
#define TARGET_HWPROBE_KEY_IMA_EXT_0 4
#define TARGET_HWPROBE_IMA_FD (1ull << 0)
#define TARGET_HWPROBE_IMA_C (1ull << 1)
#define TARGET_HWPROBE_EXT_ZBA (1ull << 3)
#define TARGET_HWPROBE_EXT_ZBB (1ull << 4)
#define TARGET_HWPROBE_EXT_ZBS (1ull << 5)
#define TARGET_HWPROBE_KEY_CPUPERF_0 5
#define TARGET_HWPROBE_MISALIGNED_EMULATED 1ull

/* ---- structures whose riscv64 layout equals the x86-64 host's ---- */
_Static_assert(sizeof(struct timespec) == 16, "timespec");
_Static_assert(sizeof(struct timeval) == 16, "timeval");
_Static_assert(sizeof(struct rusage) == 144, "rusage");
_Static_assert(sizeof(struct sysinfo) == 112, "sysinfo");
_Static_assert(sizeof(struct tms) == 32, "tms");
_Static_assert(sizeof(struct rlimit) == 16, "rlimit");
_Static_assert(sizeof(struct flock) == 32 && offsetof(struct flock, l_pid) == 24, "flock");
_Static_assert(sizeof(struct utsname) == 390, "utsname");
_Static_assert(sizeof(struct iovec) == 16, "iovec");
_Static_assert(sizeof(struct msghdr) == 56 && offsetof(struct msghdr, msg_flags) == 48, "msghdr");
_Static_assert(sizeof(struct cmsghdr) == 16, "cmsghdr");

/* Guest iovec and msghdr carry guest addresses: explicit layouts for the conversion. */
struct target_iovec {
    uint64_t base;
    uint64_t len;
};

struct target_msghdr {
    uint64_t name;
    uint32_t namelen;
    uint32_t pad0;
    uint64_t iov;
    uint64_t iovlen;
    uint64_t control;
    uint64_t controllen;
    int32_t flags;
    int32_t pad1;
};
_Static_assert(sizeof(struct target_msghdr) == 56, "target msghdr");

struct target_mmsghdr {
    struct target_msghdr hdr;
    uint32_t len;
    uint32_t pad;
};

/* ---- System V IPC (asm-generic ipcbuf.h, msgbuf.h, sembuf.h, shmbuf.h) ----
 * ipc64_perm's mode is 32 bits on riscv64 (asm-generic __kernel_mode_t) and 16 bits plus
 * padding on x86-64; semid64_ds has no padding words after the times on riscv64 (x86-64 has
 * one after each). msqid64_ds and shmid64_ds only differ through ipc64_perm. sys_ipc.c converts.
 * struct sembuf (6 bytes), msginfo, seminfo, shminfo64, shm_info, mq_attr and msgbuf's
 * {long mtype; char mtext[]} have the same layout on both. */
#define TARGET_IPC_RMID 0
#define TARGET_IPC_SET 1
#define TARGET_IPC_STAT 2
#define TARGET_IPC_INFO 3
#define TARGET_MSG_STAT 11
#define TARGET_MSG_INFO 12
#define TARGET_MSG_STAT_ANY 13
#define TARGET_GETPID 11
#define TARGET_GETVAL 12
#define TARGET_GETALL 13
#define TARGET_GETNCNT 14
#define TARGET_GETZCNT 15
#define TARGET_SETVAL 16
#define TARGET_SETALL 17
#define TARGET_SEM_STAT 18
#define TARGET_SEM_INFO 19
#define TARGET_SEM_STAT_ANY 20
#define TARGET_SHM_LOCK 11
#define TARGET_SHM_UNLOCK 12
#define TARGET_SHM_STAT 13
#define TARGET_SHM_INFO 14
#define TARGET_SHM_STAT_ANY 15
#define TARGET_SHM_RDONLY 010000
#define TARGET_SHM_RND 020000
#define TARGET_SHM_REMAP 040000
#define TARGET_SHM_EXEC 0100000
/* SHMLBA: one page on riscv64 (asm-generic shmparam.h). */
#define TARGET_SHMLBA 4096

struct target_ipc64_perm {
    int32_t key;
    uint32_t uid;
    uint32_t gid;
    uint32_t cuid;
    uint32_t cgid;
    uint32_t mode;
    uint16_t seq;
    uint16_t pad2;
    uint32_t pad3;
    uint64_t unused1;
    uint64_t unused2;
};
_Static_assert(sizeof(struct target_ipc64_perm) == 48, "riscv64 ipc64_perm");
_Static_assert(offsetof(struct target_ipc64_perm, seq) == 24, "ipc64_perm seq");

struct target_msqid64_ds {
    struct target_ipc64_perm perm;
    int64_t stime;
    int64_t rtime;
    int64_t ctime;
    uint64_t cbytes;
    uint64_t qnum;
    uint64_t qbytes;
    int32_t lspid;
    int32_t lrpid;
    uint64_t unused4;
    uint64_t unused5;
};
_Static_assert(sizeof(struct target_msqid64_ds) == 120, "riscv64 msqid64_ds");
_Static_assert(offsetof(struct target_msqid64_ds, lspid) == 96, "msqid64_ds lspid");

struct target_semid64_ds {
    struct target_ipc64_perm perm;
    int64_t otime;
    int64_t ctime;
    uint64_t nsems;
    uint64_t unused3;
    uint64_t unused4;
};
_Static_assert(sizeof(struct target_semid64_ds) == 88, "riscv64 semid64_ds");
_Static_assert(offsetof(struct target_semid64_ds, nsems) == 64, "semid64_ds nsems");

struct target_shmid64_ds {
    struct target_ipc64_perm perm;
    uint64_t segsz;
    int64_t atime;
    int64_t dtime;
    int64_t ctime;
    int32_t cpid;
    int32_t lpid;
    uint64_t nattch;
    uint64_t unused4;
    uint64_t unused5;
};
_Static_assert(sizeof(struct target_shmid64_ds) == 112, "riscv64 shmid64_ds");
_Static_assert(offsetof(struct target_shmid64_ds, nattch) == 88, "shmid64_ds nattch");

/* Convert a host struct stat into the guest layout. */
void abi_stat_to_target(struct target_stat *t, const struct stat *h);

#endif
