/*
 * sys_net.c — BSD sockets.
 *
 * Socket addresses, socket option values, cmsghdr control data (SCM_RIGHTS fds are host fds)
 * and socket flags have the same layout and values on riscv64 and x86-64, so buffers pass
 * through locked; only struct msghdr is rebuilt, because it holds guest addresses (each of the
 * vector of struct mmsghdr for sendmmsg/recvmmsg, whose results go back message by message).
 * Calls that wait for a peer are blocking syscalls (lx_blocking).
 *
 * Threading: any vCPU thread; no state.
 */
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "linux.h"

int64_t sys_socket(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(socket((int)a[0], (int)a[1], (int)a[2]));
}

int64_t sys_socketpair(struct vcpu *cpu, const uint64_t *a)
{
    int sv[2];
    int64_t r = lx_err(socketpair((int)a[0], (int)a[1], (int)a[2], sv));

    if (r < 0)
        return r;
    if (mem_copy_to_guest(lx_mem(cpu), a[3], sv, sizeof(sv))) {
        close(sv[0]);
        close(sv[1]);
        return -EFAULT;
    }
    return 0;
}

/* Lock a guest socket address of len bytes for reading; NULL address stays NULL. */
static int lock_addr_in(struct vcpu *cpu, gaddr_t g, uint64_t len, const void **out)
{
    *out = NULL;
    if (!g)
        return 0;
    if (len > 4096)
        return -EINVAL;
    *out = mem_lock(lx_mem(cpu), g, len, PAGE_READ);
    return *out ? 0 : -EFAULT;
}

/* For calls that return an address: lock *lenp (guest socklen_t) and the buffer. */
static int lock_addr_out(struct vcpu *cpu, gaddr_t g, gaddr_t glen, void **out,
                         socklen_t **lenp)
{
    socklen_t len;

    *out = NULL;
    *lenp = NULL;
    if (!glen)
        return 0;
    *lenp = mem_lock(lx_mem(cpu), glen, sizeof(socklen_t), PAGE_READ | PAGE_WRITE);
    if (!*lenp || mem_copy_from_guest(lx_mem(cpu), &len, glen, sizeof(len)))
        return -EFAULT;
    if ((int)len < 0)
        return -EINVAL;
    if (g) {
        *out = mem_lock(lx_mem(cpu), g, len, PAGE_WRITE);
        if (!*out)
            return -EFAULT;
    }
    return 0;
}

int64_t sys_bind(struct vcpu *cpu, const uint64_t *a)
{
    const void *addr;
    int r = lock_addr_in(cpu, a[1], a[2], &addr);

    return r ? r : lx_err(bind((int)a[0], addr, (socklen_t)a[2]));
}

int64_t sys_connect(struct vcpu *cpu, const uint64_t *a)
{
    const void *addr;
    int64_t r = lock_addr_in(cpu, a[1], a[2], &addr);

    if (r)
        return r;
    return lx_blocking(cpu, true, SYS_connect,
                       (uint64_t[6]){(int)a[0], (uintptr_t)addr, (socklen_t)a[2]});
}

int64_t sys_listen(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(listen((int)a[0], (int)a[1]));
}

int64_t sys_accept4(struct vcpu *cpu, const uint64_t *a)
{
    void *addr;
    socklen_t *len;
    int64_t r = lock_addr_out(cpu, a[1], a[2], &addr, &len);

    if (r)
        return r;
    return lx_blocking(cpu, true, SYS_accept4,
                       (uint64_t[6]){(int)a[0], (uintptr_t)addr, (uintptr_t)(addr ? len : NULL),
                                     (int)a[3]});
}

int64_t sys_accept(struct vcpu *cpu, const uint64_t *a)
{
    const uint64_t b[4] = {a[0], a[1], a[2], 0};

    return sys_accept4(cpu, b);
}

/* getsockname or getpeername (get) of fd a[0] into the guest address a[1] of length *a[2]. */
static int64_t sock_name(struct vcpu *cpu, const uint64_t *a,
                         int (*get)(int fd, struct sockaddr *addr, socklen_t *len))
{
    void *addr;
    socklen_t *len;
    int r = lock_addr_out(cpu, a[1], a[2], &addr, &len);

    if (r)
        return r;
    return len ? lx_err(get((int)a[0], addr, len)) : -EFAULT;
}

int64_t sys_getsockname(struct vcpu *cpu, const uint64_t *a)
{
    return sock_name(cpu, a, getsockname);
}

int64_t sys_getpeername(struct vcpu *cpu, const uint64_t *a)
{
    return sock_name(cpu, a, getpeername);
}

int64_t sys_sendto(struct vcpu *cpu, const uint64_t *a)
{
    const void *buf = mem_lock(lx_mem(cpu), a[1], a[2], PAGE_READ), *addr;
    int64_t r;

    if (!buf)
        return -EFAULT;
    r = lock_addr_in(cpu, a[4], a[5], &addr);
    if (r)
        return r;
    return lx_blocking(cpu, true, SYS_sendto,
                       (uint64_t[6]){(int)a[0], (uintptr_t)buf, a[2], (int)a[3], (uintptr_t)addr,
                                     (socklen_t)a[5]});
}

int64_t sys_recvfrom(struct vcpu *cpu, const uint64_t *a)
{
    void *buf = mem_lock(lx_mem(cpu), a[1], a[2], PAGE_WRITE), *addr;
    socklen_t *len;
    int64_t r;

    if (!buf)
        return -EFAULT;
    r = lock_addr_out(cpu, a[4], a[5], &addr, &len);
    if (r)
        return r;
    return lx_blocking(cpu, true, SYS_recvfrom,
                       (uint64_t[6]){(int)a[0], (uintptr_t)buf, a[2], (int)a[3], (uintptr_t)addr,
                                     (uintptr_t)(addr ? len : NULL)});
}

int64_t sys_setsockopt(struct vcpu *cpu, const uint64_t *a)
{
    const void *val = NULL;

    if (a[4] > 65536)
        return -EINVAL;
    if (a[3]) {
        val = mem_lock(lx_mem(cpu), a[3], a[4], PAGE_READ);
        if (!val)
            return -EFAULT;
    }
    return lx_err(setsockopt((int)a[0], (int)a[1], (int)a[2], val, (socklen_t)a[4]));
}

int64_t sys_getsockopt(struct vcpu *cpu, const uint64_t *a)
{
    void *val;
    socklen_t *len;
    int r = lock_addr_out(cpu, a[3], a[4], &val, &len);

    if (r)
        return r;
    if (!len)
        return -EFAULT;
    return lx_err(getsockopt((int)a[0], (int)a[1], (int)a[2], val, len));
}

int64_t sys_shutdown(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(shutdown((int)a[0], (int)a[1]));
}

/* Build a host msghdr from the guest's at g (buffers locked for the direction). */
static int64_t get_msghdr(struct vcpu *cpu, gaddr_t g, struct target_msghdr *tm,
                          struct msghdr *hm, bool to_guest)
{
    struct mem_space *m = lx_mem(cpu);
    unsigned prot = to_guest ? PAGE_WRITE : PAGE_READ;
    int err;

    if (mem_copy_from_guest(m, tm, g, sizeof(*tm)))
        return -EFAULT;
    memset(hm, 0, sizeof(*hm));
    if (tm->name && tm->namelen) {
        if (tm->namelen > 4096)
            return -EINVAL;
        hm->msg_name = mem_lock(m, tm->name, tm->namelen, prot);
        if (!hm->msg_name)
            return -EFAULT;
        hm->msg_namelen = tm->namelen;
    }
    if (tm->controllen) {
        if (tm->controllen > (1u << 20))
            return -ENOBUFS;
        hm->msg_control = mem_lock(m, tm->control, tm->controllen, prot);
        if (!hm->msg_control)
            return -EFAULT;
        hm->msg_controllen = tm->controllen;
    }
    hm->msg_iov = lx_lock_iovec(cpu, tm->iov, (int64_t)tm->iovlen, to_guest, &err);
    if (!hm->msg_iov)
        return err;
    hm->msg_iovlen = tm->iovlen;
    hm->msg_flags = tm->flags;
    return 0;
}

int64_t sys_sendmsg(struct vcpu *cpu, const uint64_t *a)
{
    struct target_msghdr tm;
    struct msghdr hm;
    int64_t r = get_msghdr(cpu, a[1], &tm, &hm, false);

    if (r)
        return r;
    r = lx_blocking(cpu, true, SYS_sendmsg, (uint64_t[6]){(int)a[0], (uintptr_t)&hm, (int)a[2]});
    free(hm.msg_iov);
    return r;
}

int64_t sys_recvmsg(struct vcpu *cpu, const uint64_t *a)
{
    struct target_msghdr tm;
    struct msghdr hm;
    int64_t r = get_msghdr(cpu, a[1], &tm, &hm, true);

    if (r)
        return r;
    r = lx_blocking(cpu, true, SYS_recvmsg, (uint64_t[6]){(int)a[0], (uintptr_t)&hm, (int)a[2]});
    free(hm.msg_iov);
    if (r >= 0) {
        tm.namelen = hm.msg_namelen;
        tm.controllen = hm.msg_controllen;
        tm.flags = hm.msg_flags;
        if (mem_copy_to_guest(lx_mem(cpu), a[1], &tm, sizeof(tm)))
            return -EFAULT;
    }
    return r;
}

/* Host mmsghdr array for up to *n guest mmsghdrs at g (buffers locked for the direction); *n
 * becomes the count converted before the first bad one, whose error is returned when it is
 * the first (the kernel's partial-batch rule). The caller frees every msg_iov and the array. */
static struct mmsghdr *get_mmsghdrs(struct vcpu *cpu, gaddr_t g, unsigned *n, bool to_guest,
                                    int64_t *err)
{
    struct mmsghdr *hv = xcalloc(*n ? *n : 1, sizeof(*hv));
    struct target_msghdr tm;
    unsigned i;

    *err = 0;
    for (i = 0; i < *n; i++) {
        int64_t r = get_msghdr(cpu, g + (uint64_t)i * sizeof(struct target_mmsghdr), &tm,
                               &hv[i].msg_hdr, to_guest);
        if (r) {
            free(hv[i].msg_hdr.msg_iov);
            if (i == 0)
                *err = r;
            break;
        }
    }
    *n = i;
    return hv;
}

static void free_mmsghdrs(struct mmsghdr *hv, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        free(hv[i].msg_hdr.msg_iov);
    free(hv);
}

int64_t sys_sendmmsg(struct vcpu *cpu, const uint64_t *a)
{
    unsigned n = a[2] > UIO_MAXIOV ? UIO_MAXIOV : (unsigned)a[2];
    struct mmsghdr *hv;
    int64_t r, err;

    hv = get_mmsghdrs(cpu, a[1], &n, false, &err);
    if (err) {
        free_mmsghdrs(hv, 0);
        return err;
    }
    r = lx_blocking(cpu, true, SYS_sendmmsg,
                    (uint64_t[6]){(int)a[0], (uintptr_t)hv, n, (unsigned)a[3]});
    for (int64_t i = 0; i < r; i++) {
        gaddr_t g = a[1] + (uint64_t)i * sizeof(struct target_mmsghdr);
        if (mem_copy_to_guest(lx_mem(cpu), g + offsetof(struct target_mmsghdr, len),
                              &hv[i].msg_len, sizeof(uint32_t))) {
            r = i ? i : -EFAULT;
            break;
        }
    }
    free_mmsghdrs(hv, n);
    return r;
}

int64_t sys_recvmmsg(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    unsigned n = a[2] > UIO_MAXIOV ? UIO_MAXIOV : (unsigned)a[2];
    struct timespec ts, *tsp = NULL;
    struct target_mmsghdr tmm;
    struct mmsghdr *hv;
    int64_t r, err;

    if (a[4]) {
        if (mem_copy_from_guest(m, &ts, a[4], sizeof(ts)))
            return -EFAULT;
        tsp = &ts;
    }
    hv = get_mmsghdrs(cpu, a[1], &n, true, &err);
    if (err) {
        free_mmsghdrs(hv, 0);
        return err;
    }
    r = lx_blocking(cpu, true, SYS_recvmmsg,
                    (uint64_t[6]){(int)a[0], (uintptr_t)hv, n, (unsigned)a[3], (uintptr_t)tsp});
    for (int64_t i = 0; i < r; i++) {
        gaddr_t g = a[1] + (uint64_t)i * sizeof(tmm);
        if (mem_copy_from_guest(m, &tmm, g, sizeof(tmm)))
            break;
        tmm.hdr.namelen = hv[i].msg_hdr.msg_namelen;
        tmm.hdr.controllen = hv[i].msg_hdr.msg_controllen;
        tmm.hdr.flags = hv[i].msg_hdr.msg_flags;
        tmm.len = hv[i].msg_len;
        if (mem_copy_to_guest(m, g, &tmm, sizeof(tmm))) {
            r = i ? i : -EFAULT;
            break;
        }
    }
    if (tsp && r >= 0)
        mem_copy_to_guest(m, a[4], tsp, sizeof(ts));
    free_mmsghdrs(hv, n);
    return r;
}
