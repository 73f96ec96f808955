/*
 * sys_ipc.c — System V message queues, semaphores and shared memory, and POSIX message queues.
 *
 * Every object lives in the host kernel: ids, keys, permissions, blocking and wake-ups across
 * processes are the host's, so guests under plume share queues, semaphore sets and segments with
 * each other and with host programs. What plume does is move data across the ABI seam:
 *   - control structures whose layout differs (ipc64_perm's mode width, semid64_ds's padding
 *     words; abi.h) go through one converter driven by a small offset table per family
 *     (ipc_ds_layout: where each field lies on x86-64 and on riscv64); identical ones
 *     (sembuf arrays, msgbuf, msginfo, seminfo, shminfo64, shm_info, mq_attr, the semaphore
 *     value arrays) are passed as locked guest memory; a receive buffer mapped only partly
 *     (msgrcv, mq_timedreceive with a size beyond the mapping) goes through a host buffer,
 *     since the kernel writes only the message itself;
 *   - shmat maps the segment into the guest address space: mem_mmap first claims the guest
 *     range (so the page flags, /proc/self/maps and the placement rules are mem/'s), then the
 *     host segment replaces the host pages of that range (SHM_REMAP at g2h). A first host
 *     attach outside the guest space checks the caller's access before the guest range is
 *     touched, so a refused shmat leaves the guest's memory as it was. shmdt finds the
 *     segment's extent in the host's own /proc/self/maps (the SysV mapping starting there) and
 *     unmaps it through mem_munmap, whose re-reservation detaches it;
 *   - blocking calls go through lx_blocking: msgsnd/msgrcv/semop/semtimedop are never
 *     restarted after a handler (Linux's rule for SysV IPC: -EINTR), but go on, with
 *     semtimedop's time left, after interruptions the guest does not see; mq_timedsend and
 *     mq_timedreceive (absolute timeouts) restart under SA_RESTART.
 * Command numbers are passed to the host unchanged (riscv64 and x86-64 both take the IPC_64
 * layouts without the IPC_64 flag); a command plume does not know goes to the host without its
 * argument, which the host rejects with EINVAL as the riscv64 kernel would.
 *
 * Threading: any vCPU thread; no state of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "sys_extra.h"

/* ---- *id64_ds conversion ---- */

/* Where a field of a *ctl STAT/SET structure lies on riscv64 (abi.h) and on the x86-64 host
 * (uapi, IPC_64): byte offsets and size. */
struct ipc_field {
    uint8_t target, host, size;
};

/* One family's structure: sizes on both sides and the fields after ipc64_perm. ipc64_perm
 * itself is the same on both sides (key, uid, gid, cuid, cgid at 0..19, seq at 24) but for
 * mode: 32 bits at 20 on riscv64, 16 bits and a zero pad on x86-64. */
struct ipc_ds_layout {
    uint8_t target_size, host_size;
    struct ipc_field fields[3];
};

#define IPC_DS_MAX 120
#define IPC_PERM_MODE 20
#define IPC_PERM_SEQ 24
#define IPC_PERM_SIZE 48

/* msqid64_ds and shmid64_ds: the same after ipc64_perm (120 and 112 bytes). x86-64 semid64_ds:
 * otime 48, unused1, ctime 64, unused2, nsems 80, two unused words (104 bytes). */
static const struct ipc_ds_layout msq_layout = {120, 120, {{48, 48, 72}}};
static const struct ipc_ds_layout shm_layout = {112, 112, {{48, 48, 64}}};
static const struct ipc_ds_layout sem_layout = {88, 104, {{48, 48, 8}, {56, 64, 8}, {64, 80, 8}}};
_Static_assert(sizeof(struct target_msqid64_ds) == 120 && sizeof(struct target_shmid64_ds) == 112 &&
                   sizeof(struct target_semid64_ds) == 88,
               "ipc layouts");
_Static_assert(offsetof(struct target_semid64_ds, ctime) == 56 &&
                   offsetof(struct target_semid64_ds, nsems) == 64,
               "semid64_ds fields");
_Static_assert(offsetof(struct target_ipc64_perm, mode) == IPC_PERM_MODE &&
                   offsetof(struct target_ipc64_perm, seq) == IPC_PERM_SEQ,
               "ipc64_perm fields");

/* Convert one structure of layout l from src to dst (to_host: riscv64 to x86-64). */
static void ipc_ds_convert(uint8_t *dst, const uint8_t *src, const struct ipc_ds_layout *l,
                           bool to_host)
{
    uint32_t mode = 0;

    memset(dst, 0, to_host ? l->host_size : l->target_size);
    memcpy(dst, src, IPC_PERM_MODE);
    memcpy(&mode, src + IPC_PERM_MODE, to_host ? 4 : 2);
    memcpy(dst + IPC_PERM_MODE, &mode, to_host ? 2 : 4);
    memcpy(dst + IPC_PERM_SEQ, src + IPC_PERM_SEQ, 2);
    for (int i = 0; i < 3 && l->fields[i].size; i++) {
        const struct ipc_field *f = &l->fields[i];
        memcpy(dst + (to_host ? f->host : f->target), src + (to_host ? f->target : f->host),
               f->size);
    }
}

/* IPC_STAT-style (set false: into the guest's structure) or IPC_SET (set true: from it) through
 * host call nr with arguments args, whose buf_arg-th is the guest structure of layout l. */
static int64_t ipc_ds_ctl(struct vcpu *cpu, const struct ipc_ds_layout *l, bool set, long nr,
                          uint64_t args[4], int buf_arg)
{
    struct mem_space *m = lx_mem(cpu);
    uint8_t host[IPC_DS_MAX], target[IPC_DS_MAX];
    gaddr_t g = args[buf_arg];
    int64_t r;

    if (set) {
        if (mem_copy_from_guest(m, target, g, l->target_size))
            return -EFAULT;
        ipc_ds_convert(host, target, l, true);
    }
    args[buf_arg] = (uintptr_t)host;
    r = lx_err(syscall(nr, args[0], args[1], args[2], args[3]));
    if (r < 0 || set)
        return r;
    ipc_ds_convert(target, host, l, false);
    return mem_copy_to_guest(m, g, target, l->target_size) ? -EFAULT : r;
}

/* Same layout on both sides (checked against glibc's host types). */
_Static_assert(sizeof(struct sembuf) == 6, "sembuf");
_Static_assert(sizeof(struct msginfo) == 32, "msginfo");
_Static_assert(sizeof(struct seminfo) == 40, "seminfo");
_Static_assert(sizeof(struct shminfo) == 72, "shminfo64");
_Static_assert(sizeof(struct shm_info) == 48, "shm_info");
_Static_assert(sizeof(struct mq_attr) == 64, "mq_attr");

/* Largest IPC_INFO-style result any of the three families writes. */
#define IPC_INFO_MAX 72

/* A wait no handler restarts (msgsnd, msgrcv, semop, semtimedop): host call nr on a, going on
 * after interruptions the guest does not see, with the time left of the relative timeout (host
 * timespec at a[ts_arg]) if there is one; -EINTR when a guest handler is to run. */
static int64_t ipc_wait(struct vcpu *cpu, long nr, uint64_t a[6], const struct timespec *timeout,
                        int ts_arg)
{
    struct timespec deadline, left;
    int64_t r;

    if (timeout)
        deadline = lx_deadline(timeout);
    do {
        if (timeout) {
            left = lx_time_left(&deadline);
            a[ts_arg] = (uintptr_t)&left;
        }
        r = lx_blocking(cpu, false, nr, a);
    } while (lx_wait_again(cpu, &r));
    return r;
}

/* ---- message queues ---- */

int64_t sys_msgget(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_msgget, (key_t)a[0], (int)a[1]));
}

int64_t sys_msgctl(struct vcpu *cpu, const uint64_t *a)
{
    int id = (int)a[0], cmd = (int)a[1];

    switch (cmd) {
    case TARGET_IPC_STAT:
    case TARGET_MSG_STAT:
    case TARGET_MSG_STAT_ANY:
    case TARGET_IPC_SET:
        return ipc_ds_ctl(cpu, &msq_layout, cmd == TARGET_IPC_SET, SYS_msgctl,
                          (uint64_t[4]){id, cmd, a[2]}, 2);
    case TARGET_IPC_INFO:
    case TARGET_MSG_INFO:
        return lx_err(syscall(SYS_msgctl, id, cmd,
                              sx_buf_or_null(cpu, a[2], sizeof(struct msginfo), PAGE_WRITE)));
    default: return lx_err(syscall(SYS_msgctl, id, cmd, NULL));
    }
}

int64_t sys_msgsnd(struct vcpu *cpu, const uint64_t *a)
{
    /* struct msgbuf: long mtype, then the text. */
    void *buf = (int64_t)a[2] >= 0 ? sx_buf_or_null(cpu, a[1], 8 + a[2], PAGE_READ) : NULL;

    return ipc_wait(cpu, SYS_msgsnd, (uint64_t[6]){a[0], (uintptr_t)buf, a[2], a[3]}, NULL, 0);
}

/* A receive buffer the guest's does not fully back (size beyond what is mapped): the message
 * is received into a host buffer of at most max bytes and then copied out as far as it goes,
 * as the kernel copies only the message itself (a part it cannot write is EFAULT after the
 * message was taken, as on Linux). */
static int64_t bounce_out(struct vcpu *cpu, int64_t r, gaddr_t g, const void *bounce, size_t len)
{
    if (r >= 0 && mem_copy_to_guest(lx_mem(cpu), g, bounce, len))
        return -EFAULT;
    return r;
}

int64_t sys_msgrcv(struct vcpu *cpu, const uint64_t *a)
{
    struct msginfo info;
    uint64_t max;
    void *buf;
    int64_t r;

    if ((int64_t)a[2] < 0)
        return ipc_wait(cpu, SYS_msgrcv, (uint64_t[6]){a[0], 0, a[2], a[3], a[4]}, NULL, 0);
    buf = mem_lock(lx_mem(cpu), a[1], 8 + a[2], PAGE_WRITE);
    if (buf)
        return ipc_wait(cpu, SYS_msgrcv, (uint64_t[6]){a[0], (uintptr_t)buf, a[2], a[3], a[4]},
                        NULL, 0);
    /* No message is longer than msgmax. */
    max = a[2];
    if (syscall(SYS_msgctl, 0, IPC_INFO, &info) >= 0 && info.msgmax > 0 &&
        max > (uint64_t)info.msgmax)
        max = (uint64_t)info.msgmax;
    buf = xmalloc(8 + max);
    r = ipc_wait(cpu, SYS_msgrcv, (uint64_t[6]){a[0], (uintptr_t)buf, max, a[3], a[4]}, NULL, 0);
    r = bounce_out(cpu, r, a[1], buf, r >= 0 ? 8 + (size_t)r : 0);
    free(buf);
    return r;
}

/* ---- semaphores ---- */

int64_t sys_semget(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_semget, (key_t)a[0], (int)a[1], (int)a[2]));
}

/* Number of semaphores in set id, or -errno. */
static int64_t sem_count(int id)
{
    uint8_t h[IPC_DS_MAX];
    uint64_t nsems;
    int64_t r = lx_err(syscall(SYS_semctl, id, 0, IPC_STAT, h));

    memcpy(&nsems, h + sem_layout.fields[2].host, sizeof(nsems));
    return r < 0 ? r : (int64_t)nsems;
}

int64_t sys_semctl(struct vcpu *cpu, const uint64_t *a)
{
    int id = (int)a[0], num = (int)a[1], cmd = (int)a[2];
    int64_t r;

    switch (cmd) {
    case TARGET_IPC_STAT:
    case TARGET_SEM_STAT:
    case TARGET_SEM_STAT_ANY:
    case TARGET_IPC_SET:
        return ipc_ds_ctl(cpu, &sem_layout, cmd == TARGET_IPC_SET, SYS_semctl,
                          (uint64_t[4]){id, num, cmd, a[3]}, 3);
    case TARGET_GETALL:
    case TARGET_SETALL:
        /* The array holds one unsigned short per semaphore of the set. */
        r = sem_count(id);
        if (r < 0)
            return r;
        return lx_err(syscall(SYS_semctl, id, num, cmd,
                              sx_buf_or_null(cpu, a[3], (size_t)r * 2,
                                             cmd == TARGET_GETALL ? PAGE_WRITE : PAGE_READ)));
    case TARGET_IPC_INFO:
    case TARGET_SEM_INFO:
        return lx_err(syscall(SYS_semctl, id, num, cmd,
                              sx_buf_or_null(cpu, a[3], sizeof(struct seminfo), PAGE_WRITE)));
    case TARGET_SETVAL: return lx_err(syscall(SYS_semctl, id, num, cmd, a[3]));
    default: return lx_err(syscall(SYS_semctl, id, num, cmd, 0));
    }
}

/* semop and semtimedop: the sembuf array a[1] of a[2] entries; ts the relative timeout or NULL. */
static int64_t do_semtimedop(struct vcpu *cpu, const uint64_t *a, const struct timespec *ts)
{
    unsigned nsops = (unsigned)a[2];
    void *sops =
        nsops ? sx_buf_or_null(cpu, a[1], (size_t)nsops * sizeof(struct sembuf), PAGE_READ) : NULL;

    return ipc_wait(cpu, SYS_semtimedop, (uint64_t[6]){a[0], (uintptr_t)sops, nsops}, ts, 3);
}

int64_t sys_semop(struct vcpu *cpu, const uint64_t *a)
{
    return do_semtimedop(cpu, a, NULL);
}

int64_t sys_semtimedop(struct vcpu *cpu, const uint64_t *a)
{
    struct timespec ts;

    if (a[3] && mem_copy_from_guest(lx_mem(cpu), &ts, a[3], sizeof(ts)))
        return -EFAULT;
    return do_semtimedop(cpu, a, a[3] ? &ts : NULL);
}

/* ---- shared memory ---- */

int64_t sys_shmget(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_shmget, (key_t)a[0], (size_t)a[1], (int)a[2]));
}

int64_t sys_shmctl(struct vcpu *cpu, const uint64_t *a)
{
    int id = (int)a[0], cmd = (int)a[1];

    switch (cmd) {
    case TARGET_IPC_STAT:
    case TARGET_SHM_STAT:
    case TARGET_SHM_STAT_ANY:
    case TARGET_IPC_SET:
        return ipc_ds_ctl(cpu, &shm_layout, cmd == TARGET_IPC_SET, SYS_shmctl,
                          (uint64_t[4]){id, cmd, a[2]}, 2);
    case TARGET_IPC_INFO:
    case TARGET_SHM_INFO:
        return lx_err(
            syscall(SYS_shmctl, id, cmd,
                    sx_buf_or_null(cpu, a[2],
                                   cmd == TARGET_IPC_INFO ? IPC_INFO_MAX : sizeof(struct shm_info),
                                   PAGE_WRITE)));
    default: return lx_err(syscall(SYS_shmctl, id, cmd, NULL));
    }
}

int64_t sys_shmat(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    int id = (int)a[0], flg = (int)a[2];
    gaddr_t addr = a[1];
    int host_flg = flg & (TARGET_SHM_RDONLY | TARGET_SHM_EXEC);
    int prot = PROT_READ | (flg & TARGET_SHM_RDONLY ? 0 : PROT_WRITE) |
               (flg & TARGET_SHM_EXEC ? PROT_EXEC : 0);
    int mflags = MAP_SHARED | MAP_ANONYMOUS;
    struct target_shmid64_ds h; /* x86-64's has segsz at the same place (shm_layout) */
    void *probe, *at;
    int64_t g, r;

    if (addr) {
        if (addr & (TARGET_SHMLBA - 1)) {
            if (!(flg & TARGET_SHM_RND))
                return -EINVAL;
            addr &= ~(gaddr_t)(TARGET_SHMLBA - 1);
            if (addr == 0 && (flg & TARGET_SHM_REMAP))
                return -EINVAL;
        }
        /* Fixed even when rounded down to 0, as the kernel's do_shmat (mem_mmap: EPERM). */
        mflags |= flg & TARGET_SHM_REMAP ? MAP_FIXED : MAP_FIXED_NOREPLACE;
    } else if (flg & TARGET_SHM_REMAP) {
        return -EINVAL;
    }
    /* Access check (and the id's validity) first, outside the guest space. */
    probe = shmat(id, NULL, host_flg);
    if (probe == (void *)-1)
        return -errno;
    r = lx_err(syscall(SYS_shmctl, id, IPC_STAT, &h));
    if (r < 0)
        goto out;
    g = mem_mmap(m, addr, h.segsz, prot, mflags, -1, 0);
    if (g < 0) {
        /* An occupied range without SHM_REMAP is EINVAL for shmat. */
        r = g == -EEXIST ? -EINVAL : g;
        goto out;
    }
    at = shmat(id, g2h(m, (gaddr_t)g), host_flg | SHM_REMAP);
    if (at == (void *)-1) {
        r = -errno;
        mem_munmap(m, (gaddr_t)g, h.segsz);
        goto out;
    }
    /* /proc/self/maps names it as Linux does: "/SYSV<key> (deleted)", the shm's inode. */
    mem_show_host_identity(m, (gaddr_t)g, (h.segsz + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK);
    r = g;
out:
    shmdt(probe);
    return r;
}

/* End (*end) of the host SysV shared memory attach that begins at host address h, its
 * consecutive pieces (split by mprotect) included, as the kernel's shmdt finds them; false if
 * none begins there. */
static bool host_shm_extent(uintptr_t h, uintptr_t *end)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    unsigned long long ino = 0;
    bool found = false;

    if (!f)
        return false;
    while (fgets(line, sizeof(line), f)) {
        unsigned long long s, e, off, i;
        int name = 0;
        if (sscanf(line, "%llx-%llx %*s %llx %*s %llu %n", &s, &e, &off, &i, &name) < 4 ||
            name == 0 || strncmp(line + name, "/SYSV", 5) != 0) {
            if (found)
                break;
            continue;
        }
        if (!found && s == h && off == 0) {
            found = true;
            ino = i;
            *end = e;
        } else if (found) {
            /* A piece of the same attach continues at the matching segment offset (a second
             * attach placed right after this one starts at offset 0 again). */
            if (i != ino || s != *end || off != s - h)
                break;
            *end = e;
        }
    }
    fclose(f);
    return found;
}

int64_t sys_shmdt(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    gaddr_t addr = a[0];
    uintptr_t end;

    if ((addr & (TARGET_SHMLBA - 1)) || addr >= GUEST_SPACE)
        return -EINVAL;
    if (!host_shm_extent((uintptr_t)g2h(m, addr), &end))
        return -EINVAL;
    return mem_munmap(m, addr, end - (uintptr_t)g2h(m, addr));
}

/* ---- POSIX message queues ---- */

int64_t sys_mq_open(struct vcpu *cpu, const uint64_t *a)
{
    int err, oflag = (int)a[1];
    char *name = lx_get_path(cpu, a[0], &err);
    struct mq_attr attr;
    int64_t r;

    if (!name)
        return err;
    if ((oflag & O_CREAT) && a[3] && mem_copy_from_guest(lx_mem(cpu), &attr, a[3], sizeof(attr)))
        r = -EFAULT;
    else
        r = lx_err(syscall(SYS_mq_open, name, oflag, (mode_t)a[2],
                           (oflag & O_CREAT) && a[3] ? &attr : NULL));
    free(name);
    return r;
}

int64_t sys_mq_unlink(struct vcpu *cpu, const uint64_t *a)
{
    int err;
    char *name = lx_get_path(cpu, a[0], &err);
    int64_t r;

    if (!name)
        return err;
    r = lx_err(syscall(SYS_mq_unlink, name));
    free(name);
    return r;
}

/* The absolute timeout of mq_timedsend/mq_timedreceive: *tsp = ts filled from guest g, or NULL
 * when g is NULL. 0 or -EFAULT. */
static int mq_timeout(struct vcpu *cpu, gaddr_t g, struct timespec *ts, struct timespec **tsp)
{
    *tsp = g ? ts : NULL;
    return g && mem_copy_from_guest(lx_mem(cpu), ts, g, sizeof(*ts)) ? -EFAULT : 0;
}

int64_t sys_mq_timedsend(struct vcpu *cpu, const uint64_t *a)
{
    struct timespec ts, *tsp;
    void *msg = sx_buf_or_null(cpu, a[1], a[2], PAGE_READ);

    if (mq_timeout(cpu, a[4], &ts, &tsp))
        return -EFAULT;
    return lx_blocking(cpu, true, SYS_mq_timedsend,
                       (uint64_t[6]){a[0], (uintptr_t)msg, a[2], a[3], (uintptr_t)tsp});
}

int64_t sys_mq_timedreceive(struct vcpu *cpu, const uint64_t *a)
{
    struct timespec ts, *tsp;
    struct mq_attr attr;
    void *msg, *prio = NULL;
    int64_t r;

    if (mq_timeout(cpu, a[4], &ts, &tsp))
        return -EFAULT;
    if (a[3]) {
        prio = mem_lock(lx_mem(cpu), a[3], sizeof(uint32_t), PAGE_WRITE);
        if (!prio)
            return -EFAULT;
    }
    msg = mem_lock(lx_mem(cpu), a[1], a[2], PAGE_WRITE);
    if (msg || syscall(SYS_mq_getsetattr, (int)a[0], NULL, &attr) < 0 ||
        a[2] < (uint64_t)attr.mq_msgsize)
        return lx_blocking(
            cpu, true, SYS_mq_timedreceive,
            (uint64_t[6]){a[0], (uintptr_t)msg, a[2], (uintptr_t)prio, (uintptr_t)tsp});
    /* No message is longer than the queue's mq_msgsize. */
    msg = xmalloc((size_t)attr.mq_msgsize);
    r = lx_blocking(cpu, true, SYS_mq_timedreceive,
                    (uint64_t[6]){a[0], (uintptr_t)msg, (uint64_t)attr.mq_msgsize, (uintptr_t)prio,
                                  (uintptr_t)tsp});
    r = bounce_out(cpu, r, a[1], msg, r >= 0 ? (size_t)r : 0);
    free(msg);
    return r;
}

/* glibc's SIGEV_THREAD for mq_notify: the kernel reads a 32-byte cookie at sigev_value. */
#define TARGET_SIGEV_THREAD 2
#define NOTIFY_COOKIE_LEN 32

int64_t sys_mq_notify(struct vcpu *cpu, const uint64_t *a)
{
    struct target_sigevent ev;

    _Static_assert(sizeof(struct sigevent) == sizeof(ev), "sigevent");
    if (!a[1])
        return lx_err(syscall(SYS_mq_notify, (int)a[0], NULL));
    if (mem_copy_from_guest(lx_mem(cpu), &ev, a[1], sizeof(ev)))
        return -EFAULT;
    if (ev.notify == TARGET_SIGEV_THREAD) {
        void *cookie = mem_lock(lx_mem(cpu), ev.value, NOTIFY_COOKIE_LEN, PAGE_READ);
        if (!cookie)
            return -EFAULT;
        ev.value = (uintptr_t)cookie;
    }
    return lx_err(syscall(SYS_mq_notify, (int)a[0], &ev));
}

int64_t sys_mq_getsetattr(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    struct mq_attr nattr, oattr;
    int64_t r;

    if (a[1] && mem_copy_from_guest(m, &nattr, a[1], sizeof(nattr)))
        return -EFAULT;
    r = lx_err(syscall(SYS_mq_getsetattr, (int)a[0], a[1] ? &nattr : NULL, a[2] ? &oattr : NULL));
    if (r == 0 && a[2] && mem_copy_to_guest(m, a[2], &oattr, sizeof(oattr)))
        return -EFAULT;
    return r;
}
