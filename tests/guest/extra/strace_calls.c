/*
 * strace_calls.c — one call of each kind whose arguments t_strace_extra.sh expects -strace to
 * decode symbolically (IPC keys, flags and commands, shmat flags, inotify masks, splice flags,
 * fadvise advice, scheduling policies, priority targets, mlockall flags, membarrier commands,
 * unshare flags, xattr flags). The results do not matter; every object is removed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

int main(void)
{
    struct {
        long type;
        char text[8];
    } m;
    unsigned short vals[2];
    struct shmid_ds ds;
    struct sched_param sp = {0};
    int q, s, id, fd, p[2];
    char path[64];
    void *at;

    q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    msgrcv(q, &m, sizeof(m.text), 0, IPC_NOWAIT | MSG_NOERROR);
    msgctl(q, IPC_RMID, NULL);
    s = semget(IPC_PRIVATE, 2, IPC_CREAT | IPC_EXCL | 0600);
    semctl(s, 0, GETALL, vals);
    semctl(s, 0, IPC_RMID);
    id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    at = shmat(id, NULL, SHM_RDONLY);
    shmctl(id, IPC_STAT, &ds);
    shmdt(at);
    shmctl(id, IPC_RMID, NULL);

    fd = inotify_init1(IN_CLOEXEC);
    inotify_add_watch(fd, "/tmp", IN_CREATE | IN_DELETE);
    close(fd);
    pipe(p);
    write(p[1], "hello", 5);
    splice(p[0], NULL, p[1], NULL, 5, SPLICE_F_NONBLOCK | SPLICE_F_MORE);
    posix_fadvise(p[0], 0, 0, POSIX_FADV_DONTNEED);
    snprintf(path, sizeof(path), "/tmp/plume-strace-%d", (int)getpid());
    fd = open(path, O_CREAT | O_RDWR, 0600);
    setxattr(path, "user.s", "1", 1, XATTR_CREATE);
    close(fd);
    unlink(path);

    sched_get_priority_max(SCHED_FIFO);
    sched_setscheduler(0, SCHED_BATCH, &sp);
    getpriority(PRIO_PROCESS, 0);
    mlockall(MCL_FUTURE);
    munlockall();
    syscall(SYS_membarrier, 0, 0, 0);
    unshare(CLONE_FILES);
    return 0;
}
