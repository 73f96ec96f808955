/*
 * sys_aio.c — Linux native asynchronous I/O: io_setup, io_destroy, io_submit, io_cancel,
 * io_getevents, io_pgetevents.
 *
 * Each guest context is a host AIO context. The host kernel does the I/O straight into guest
 * memory, so every request is rebuilt on the host side: a struct iocb (same layout on riscv64
 * and x86-64) whose buffer is the host address of the guest's (PREAD/PWRITE), or a host iovec
 * array built from the guest's (PREADV/PWRITEV; the kernel copies it at submission, so it is
 * freed right after). Buffers go lazily (sx_buf_lazy): one the guest cannot use makes the
 * completion fail with -EFAULT, as on Linux, not the submission. The host iocb lives in a struct aio_req until its completion is
 * reaped: the kernel reports completions with the address of the iocb it was given, which is
 * that host copy, and plume turns it back into the guest iocb's address. io_cancel finds the
 * request by its guest iocb address.
 *
 * The guest's context id is not the host's (a host address, outside the guest space): it is
 * the guest address of a read-only zero page plume maps for the context (io_destroy unmaps
 * it). Linux's id is the address of the completion ring mapped in the process, and libaio
 * reads its header before some io_getevents calls: there it finds no ring magic and makes the
 * system call, which is the path every ring-less caller takes.
 *
 * io_getevents checks the whole events array before it waits (EFAULT at once, where Linux
 * would wait and fail only with completions to copy), so no completion is ever reaped into a
 * buffer that cannot take it.
 *
 * A fork child has no contexts (Linux does not copy them): lx_aio_fork_child drops the copies.
 *
 * Threading: any vCPU thread; contexts and pending requests are under lx_aio.lock, never held
 * across a blocking host call.
 */
#include <limits.h>
#include <linux/aio_abi.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "sys_extra.h"

_Static_assert(sizeof(struct iocb) == 64, "iocb");
_Static_assert(sizeof(struct io_event) == 32, "io_event");

/* Events one io_getevents call reaps at most (a larger nr gets fewer, which the call allows). */
#define AIO_EVENTS_MAX 65536

/* One submitted request, from io_submit until its completion is reaped. */
struct aio_req {
    struct iocb host;             /* what the host kernel was given (its address is the key) */
    gaddr_t guest;                /* the guest's iocb */
    aio_context_t ctx;            /* host context */
    struct aio_req *prev, *next;
};

/* One context: the guest's id and the host's. */
struct aio_ctx {
    gaddr_t id;
    aio_context_t host;
};

struct lx_aio {
    pthread_mutex_t lock;
    struct aio_ctx *ctxs;
    unsigned n_ctxs, cap_ctxs;
    struct aio_req *reqs;         /* pending requests, a doubly linked list */
};

static struct lx_aio *aio_state(struct vcpu *cpu)
{
    struct linux_proc *lx = lx_proc(cpu);
    struct lx_aio *s;

    pthread_mutex_lock(&lx->lock);
    s = lx->aio;
    if (!s) {
        s = xcalloc(1, sizeof(*s));
        pthread_mutex_init(&s->lock, NULL);
        lx->aio = s;
    }
    pthread_mutex_unlock(&lx->lock);
    return s;
}

/* The host context of guest id, or 0 (never a valid host id). */
static aio_context_t host_ctx(struct lx_aio *s, gaddr_t id)
{
    aio_context_t h = 0;

    pthread_mutex_lock(&s->lock);
    for (unsigned i = 0; i < s->n_ctxs; i++) {
        if (s->ctxs[i].id == id)
            h = s->ctxs[i].host;
    }
    pthread_mutex_unlock(&s->lock);
    return h;
}

static void req_link_locked(struct lx_aio *s, struct aio_req *r)
{
    r->prev = NULL;
    r->next = s->reqs;
    if (s->reqs)
        s->reqs->prev = r;
    s->reqs = r;
}

static void req_unlink_locked(struct lx_aio *s, struct aio_req *r)
{
    if (r->prev)
        r->prev->next = r->next;
    else
        s->reqs = r->next;
    if (r->next)
        r->next->prev = r->prev;
}

int64_t sys_io_setup(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    struct lx_aio *s;
    aio_context_t h = 0;
    uint64_t cur;
    int64_t id, r;

    if (mem_copy_from_guest(m, &cur, a[1], sizeof(cur)))
        return -EFAULT;
    if (cur || (unsigned)a[0] == 0)
        return -EINVAL;
    r = lx_err(syscall(SYS_io_setup, (unsigned)a[0], &h));
    if (r < 0)
        return r;
    id = mem_mmap(m, 0, GUEST_PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (id < 0) {
        syscall(SYS_io_destroy, h);
        return id;
    }
    if (mem_copy_to_guest(m, a[1], &id, sizeof(id))) {
        syscall(SYS_io_destroy, h);
        mem_munmap(m, (gaddr_t)id, GUEST_PAGE_SIZE);
        return -EFAULT;
    }
    s = aio_state(cpu);
    pthread_mutex_lock(&s->lock);
    if (s->n_ctxs == s->cap_ctxs) {
        s->cap_ctxs = s->cap_ctxs ? 2 * s->cap_ctxs : 8;
        s->ctxs = xrealloc(s->ctxs, s->cap_ctxs * sizeof(*s->ctxs));
    }
    s->ctxs[s->n_ctxs++] = (struct aio_ctx){(gaddr_t)id, h};
    pthread_mutex_unlock(&s->lock);
    return 0;
}

int64_t sys_io_destroy(struct vcpu *cpu, const uint64_t *a)
{
    struct lx_aio *s = aio_state(cpu);
    aio_context_t h = host_ctx(s, a[0]);
    struct aio_req *r, *next;
    int64_t ret;

    if (!h)
        return -EINVAL;
    /* The host cancels what it can and waits for the rest. */
    ret = lx_err(syscall(SYS_io_destroy, h));
    if (ret < 0)
        return ret;
    pthread_mutex_lock(&s->lock);
    for (unsigned i = 0; i < s->n_ctxs; i++) {
        if (s->ctxs[i].host == h) {
            s->ctxs[i] = s->ctxs[--s->n_ctxs];
            break;
        }
    }
    for (r = s->reqs; r; r = next) {
        next = r->next;
        if (r->ctx == h) {
            req_unlink_locked(s, r);
            free(r);
        }
    }
    pthread_mutex_unlock(&s->lock);
    mem_munmap(lx_mem(cpu), a[0], GUEST_PAGE_SIZE);
    return 0;
}

/* Rebuild the guest iocb at g as a host request for context h: 0 or -errno; *iov gets the host
 * iovec array of a vectored request (the caller frees it, also on failure). */
static int64_t build_req(struct vcpu *cpu, gaddr_t g, aio_context_t h, struct aio_req *r,
                         struct iovec **iov)
{
    struct iocb *cb = &r->host;
    void *buf;

    *iov = NULL;
    if (mem_copy_from_guest(lx_mem(cpu), cb, g, sizeof(*cb)))
        return -EFAULT;
    r->guest = g;
    r->ctx = h;
    switch (cb->aio_lio_opcode) {
    case IOCB_CMD_PREAD:
    case IOCB_CMD_PWRITE:
        if (cb->aio_nbytes > SSIZE_MAX)
            return -EINVAL;
        /* A buffer the guest cannot use fails in its completion (res -EFAULT), as on Linux;
         * one beyond the address space fails the submission. */
        buf = sx_buf_lazy(cpu, cb->aio_buf, cb->aio_nbytes,
                          cb->aio_lio_opcode == IOCB_CMD_PREAD ? PAGE_WRITE : PAGE_READ);
        cb->aio_buf = (uintptr_t)buf;
        break;
    case IOCB_CMD_PREADV:
    case IOCB_CMD_PWRITEV:
        /* The array is read at submission; its buffers, as PREAD's, only when used. */
        if (cb->aio_nbytes > IOV_MAX)
            return -EINVAL;
        *iov = xcalloc(cb->aio_nbytes ? cb->aio_nbytes : 1, sizeof(**iov));
        if (mem_copy_from_guest(lx_mem(cpu), *iov, cb->aio_buf,
                                cb->aio_nbytes * sizeof(**iov)))
            return -EFAULT;
        for (uint64_t i = 0; i < cb->aio_nbytes; i++)
            (*iov)[i].iov_base =
                sx_buf_lazy(cpu, (uintptr_t)(*iov)[i].iov_base, (*iov)[i].iov_len,
                            cb->aio_lio_opcode == IOCB_CMD_PREADV ? PAGE_WRITE : PAGE_READ);
        cb->aio_buf = (uintptr_t)*iov;
        break;
    default:
        /* FSYNC, FDSYNC, POLL, NOOP carry no address; the host judges unknown opcodes. */
        break;
    }
    return 0;
}

int64_t sys_io_submit(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    struct lx_aio *s = aio_state(cpu);
    aio_context_t h = host_ctx(s, a[0]);
    int64_t n = (int64_t)a[1], i, r = 0;

    if (n < 0 || !h)
        return -EINVAL;
    for (i = 0; i < n; i++) {
        struct aio_req *req = xcalloc(1, sizeof(*req));
        struct iocb *hp = &req->host;
        struct iovec *iov = NULL;
        uint64_t g;

        if (mem_copy_from_guest(m, &g, a[2] + (uint64_t)i * 8, 8))
            r = -EFAULT;
        else
            r = build_req(cpu, g, h, req, &iov);
        if (r) {
            free(iov);
            free(req);
            break;
        }
        /* Linked first: another thread may reap the completion before io_submit returns. */
        pthread_mutex_lock(&s->lock);
        req_link_locked(s, req);
        pthread_mutex_unlock(&s->lock);
        r = lx_err(syscall(SYS_io_submit, h, 1L, &hp));
        free(iov);
        if (r != 1) {
            pthread_mutex_lock(&s->lock);
            req_unlink_locked(s, req);
            pthread_mutex_unlock(&s->lock);
            free(req);
            break;
        }
        r = 0;
    }
    return i > 0 ? i : r;
}

/* Turn host completions into the guest's (obj: the guest iocb), forgetting their requests. */
static void reap(struct lx_aio *s, struct io_event *ev, int64_t n)
{
    pthread_mutex_lock(&s->lock);
    for (int64_t i = 0; i < n; i++) {
        struct aio_req *r = (struct aio_req *)(uintptr_t)ev[i].obj;
        ev[i].obj = r->guest;
        req_unlink_locked(s, r);
        free(r);
    }
    pthread_mutex_unlock(&s->lock);
}

int64_t sys_io_cancel(struct vcpu *cpu, const uint64_t *a)
{
    struct lx_aio *s = aio_state(cpu);
    aio_context_t h = host_ctx(s, a[0]);
    struct aio_req *r;
    struct iocb *hp = NULL;
    struct io_event ev;
    int64_t ret;

    if (!h)
        return -EINVAL;
    pthread_mutex_lock(&s->lock);
    for (r = s->reqs; r; r = r->next) {
        if (r->guest == a[1] && r->ctx == h) {
            hp = &r->host;
            break;
        }
    }
    pthread_mutex_unlock(&s->lock);
    if (!hp)
        return -EINVAL;
    /* Current kernels answer EINPROGRESS and deliver the completion through the ring; older
     * ones returned it here. */
    ret = lx_err(syscall(SYS_io_cancel, h, hp, &ev));
    if (ret == 0) {
        reap(s, &ev, 1);
        if (mem_copy_to_guest(lx_mem(cpu), a[2], &ev, sizeof(ev)))
            return -EFAULT;
    }
    return ret;
}

/* io_getevents / io_pgetevents (mask: the signal mask to wait with, or NULL). */
static int64_t get_events(struct vcpu *cpu, const uint64_t *a, const uint64_t *mask)
{
    struct mem_space *m = lx_mem(cpu);
    struct lx_aio *s = aio_state(cpu);
    aio_context_t h = host_ctx(s, a[0]);
    int64_t min = (int64_t)a[1], nr = (int64_t)a[2], r;
    struct timespec ts, end, *tsp = NULL;
    struct io_event *ev;

    if (!h || min < 0 || nr < min)
        return -EINVAL;
    if (nr > AIO_EVENTS_MAX)
        nr = AIO_EVENTS_MAX;
    if (min > nr)
        min = nr;
    if (!mem_lock(m, a[3], (size_t)nr * sizeof(*ev), PAGE_WRITE))
        return -EFAULT;
    if (a[4]) {
        if (mem_copy_from_guest(m, &ts, a[4], sizeof(ts)))
            return -EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
            return -EINVAL;
        tsp = &ts;
        end = lx_deadline(&ts);
    }
    if (mask)
        sig_mask_temp(cpu, *mask);
    ev = xmalloc((size_t)(nr ? nr : 1) * sizeof(*ev));
    /* A round interrupted by a signal the guest does not see goes on with the time left. */
    do {
        if (tsp)
            ts = lx_time_left(&end);
        r = lx_blocking(cpu, false, SYS_io_getevents,
                        (uint64_t[6]){h, min, nr, (uintptr_t)ev, (uintptr_t)tsp});
    } while (lx_wait_again(cpu, &r));
    if (mask)
        sig_mask_temp_end(cpu, r == -EINTR);
    if (r > 0) {
        reap(s, ev, r);
        if (mem_copy_to_guest(m, a[3], ev, (size_t)r * sizeof(*ev)))
            r = -EFAULT;
    }
    free(ev);
    return r;
}

int64_t sys_io_getevents(struct vcpu *cpu, const uint64_t *a)
{
    return get_events(cpu, a, NULL);
}

int64_t sys_io_pgetevents(struct vcpu *cpu, const uint64_t *a)
{
    struct {
        uint64_t sigmask;
        uint64_t sigsetsize;
    } usig;
    uint64_t mask;

    if (!a[5])
        return get_events(cpu, a, NULL);
    if (mem_copy_from_guest(lx_mem(cpu), &usig, a[5], sizeof(usig)))
        return -EFAULT;
    if (!usig.sigmask)
        return get_events(cpu, a, NULL);
    if (usig.sigsetsize != 8)
        return -EINVAL;
    if (mem_copy_from_guest(lx_mem(cpu), &mask, usig.sigmask, 8))
        return -EFAULT;
    return get_events(cpu, a, &mask);
}

void lx_aio_fork_child(struct linux_proc *lx)
{
    struct lx_aio *s = lx->aio;
    struct aio_req *r, *next;

    if (!s)
        return;
    for (r = s->reqs; r; r = next) {
        next = r->next;
        free(r);
    }
    s->reqs = NULL;
    s->n_ctxs = 0;
    pthread_mutex_init(&s->lock, NULL);
}
