/*
 * sys_pidfd.c — process handles: pidfd_open, pidfd_send_signal, pidfd_getfd,
 * process_mrelease, and kcmp.
 *
 * A pidfd is a host pidfd (guest pids are host pids). The process a pidfd names is read from
 * the host's /proc/self/fdinfo/<fd> ("Pid:"). A signal for this process itself goes through the
 * guest signal layer as kill(2) does (sig_send_process: queued on the emulated pending set and
 * routed to a thread that does not block it), never through the host kernel; signal 0, SIGKILL,
 * SIGSTOP, signals with flags plume does not route (thread or process-group scope), and signals
 * for any other process go to the host's pidfd_send_signal. A caller-supplied siginfo follows
 * Linux's rules: its si_signo must equal the signal, and only the process itself may send
 * kernel (si_code >= 0) or SI_TKILL codes. pidfd_getfd of this process does not hand out
 * plume's own descriptors (EBADF, as close and dup see them). kcmp compares host kernel
 * objects, which are the guest's; KCMP_EPOLL_TFD's slot {u32 efd, tfd, toff} is the same on
 * both sides. process_mrelease goes to the host: the kernel reaps a dying process's memory.
 *
 * Threading: any vCPU thread; no state.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sys_extra.h"

#define KCMP_EPOLL_TFD 7
#define KCMP_EPOLL_SLOT_SIZE 12

/* The pid the host pidfd fd refers to (as fdinfo shows it: -1 once the process is gone), or 0
 * when fd is not a pidfd. */
static pid_t pidfd_pid(int fd)
{
    char path[64], line[128];
    pid_t pid = 0;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
    f = fopen(path, "r");
    if (!f)
        return 0;
    while (fgets(line, sizeof(line), f)) {
        int v;
        if (sscanf(line, "Pid: %d", &v) == 1) {
            pid = v;
            break;
        }
    }
    fclose(f);
    return pid;
}

int64_t sys_pidfd_open(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_pidfd_open, (pid_t)a[0], (unsigned)a[1]));
}

int64_t sys_pidfd_send_signal(struct vcpu *cpu, const uint64_t *a)
{
    int fd = (int)a[0], sig = (int)a[1];
    struct target_siginfo info;
    bool self;

    if (sig < 0 || sig > TARGET_NSIG)
        return -EINVAL;
    self = pidfd_pid(fd) == lx_proc(cpu)->pid;
    if (a[2]) {
        if (mem_copy_from_guest(lx_mem(cpu), &info, a[2], sizeof(info)))
            return -EFAULT;
        if (info.si_signo != sig)
            return -EINVAL;
        if (!self && (info.si_code >= 0 || info.si_code == SI_TKILL))
            return -EPERM;
    }
    if (!self || a[3] || sig == 0 || sig == SIGKILL || sig == SIGSTOP) {
        siginfo_t si;
        if (a[2])
            memcpy(&si, &info, sizeof(si));
        return lx_err(syscall(SYS_pidfd_send_signal, fd, sig, a[2] ? &si : NULL, (unsigned)a[3]));
    }
    if (!a[2]) {
        memset(&info, 0, sizeof(info));
        info.si_signo = sig;
        info.si_code = SI_USER;
        info.kill.pid = lx_proc(cpu)->pid;
        info.kill.uid = getuid();
    }
    return sig_send_process(cpu, &info);
}

int64_t sys_pidfd_getfd(struct vcpu *cpu, const uint64_t *a)
{
    if (lx_own_fd(lx_proc(cpu), (int)a[1]) && pidfd_pid((int)a[0]) == lx_proc(cpu)->pid)
        return -EBADF;
    return lx_err(syscall(SYS_pidfd_getfd, (int)a[0], (int)a[1], (unsigned)a[2]));
}

int64_t sys_kcmp(struct vcpu *cpu, const uint64_t *a)
{
    uint64_t idx2 = a[4];

    if ((int)a[2] == KCMP_EPOLL_TFD) {
        void *slot = mem_lock(lx_mem(cpu), a[4], KCMP_EPOLL_SLOT_SIZE, PAGE_READ);
        if (!slot)
            return -EFAULT;
        idx2 = (uintptr_t)slot;
    }
    return lx_err(syscall(SYS_kcmp, (pid_t)a[0], (pid_t)a[1], (int)a[2], (unsigned long)a[3],
                          (unsigned long)idx2));
}

int64_t sys_process_mrelease(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_process_mrelease, (int)a[0], (unsigned)a[1]));
}
