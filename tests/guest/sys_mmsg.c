/*
 * sys_mmsg.c — sendmmsg and recvmmsg (compared with qemu-riscv64, which implements both like
 * Linux apart from recvmmsg's timeout, tested in extra/newer_calls.c): batches over an AF_UNIX
 * datagram socketpair and over UDP loopback, per-message lengths, source addresses and flags
 * (MSG_TRUNC for a short buffer), MSG_DONTWAIT on an empty socket, and a batch larger than
 * what is queued with MSG_WAITFORONE.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define N 5

static struct mmsghdr msgs[N];
static struct iovec iov[N];
static char bufs[N][32];
static struct sockaddr_in from[N];

static void setup_recv(int n, size_t len)
{
    memset(msgs, 0, sizeof(msgs));
    memset(bufs, 0, sizeof(bufs));
    for (int i = 0; i < n; i++) {
        iov[i] = (struct iovec){bufs[i], len};
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
        msgs[i].msg_hdr.msg_name = &from[i];
        msgs[i].msg_hdr.msg_namelen = sizeof(from[i]);
    }
}

static int send_batch(int fd, int n)
{
    static char text[N][32];
    for (int i = 0; i < n; i++) {
        snprintf(text[i], sizeof(text[i]), "message %d of %d", i + 1, n);
        iov[i] = (struct iovec){text[i], strlen(text[i])};
        memset(&msgs[i], 0, sizeof(msgs[i]));
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    return sendmmsg(fd, msgs, n, 0);
}

static void show(const char *what, int r)
{
    printf("%s: %d%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
    for (int i = 0; i < r; i++)
        printf("  [%d] len %u flags %#x \"%s\"\n", i, msgs[i].msg_len, msgs[i].msg_hdr.msg_flags,
               bufs[i]);
}

int main(void)
{
    int sv[2], r;

    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    r = send_batch(sv[0], 3);
    printf("unix sendmmsg: %d, lengths %u %u %u\n", r, msgs[0].msg_len, msgs[1].msg_len,
           msgs[2].msg_len);
    setup_recv(N, sizeof(bufs[0]));
    for (int i = 0; i < N; i++)
        msgs[i].msg_hdr.msg_name = NULL;
    show("unix recvmmsg MSG_WAITFORONE", recvmmsg(sv[1], msgs, N, MSG_WAITFORONE, NULL));
    show("unix recvmmsg MSG_DONTWAIT, empty", recvmmsg(sv[1], msgs, N, MSG_DONTWAIT, NULL));
    send_batch(sv[0], 2);
    setup_recv(2, 7);
    for (int i = 0; i < 2; i++)
        msgs[i].msg_hdr.msg_name = NULL;
    show("unix recvmmsg into 7-byte buffers", recvmmsg(sv[1], msgs, 2, 0, NULL));

    int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct sockaddr_in ta = sa;
    socklen_t len = sizeof(sa);
    bind(rx, (struct sockaddr *)&sa, sizeof(sa));
    getsockname(rx, (struct sockaddr *)&sa, &len);
    bind(tx, (struct sockaddr *)&ta, sizeof(ta));
    len = sizeof(ta);
    getsockname(tx, (struct sockaddr *)&ta, &len);
    connect(tx, (struct sockaddr *)&sa, sizeof(sa));
    r = send_batch(tx, 4);
    printf("udp sendmmsg: %d\n", r);
    setup_recv(4, sizeof(bufs[0]));
    r = recvmmsg(rx, msgs, 4, 0, NULL);
    show("udp recvmmsg", r);
    for (int i = 0; i < r; i++)
        printf("  [%d] from loopback, sender's port: %s, namelen %u\n", i,
               from[i].sin_addr.s_addr == htonl(INADDR_LOOPBACK) && from[i].sin_port == ta.sin_port
                   ? "yes"
                   : "no",
               msgs[i].msg_hdr.msg_namelen);
    errno = 0;
    r = sendmmsg(tx, NULL, 1, 0);
    printf("sendmmsg NULL vector: %d %s\n", r, strerror(errno));
    r = sendmmsg(tx, msgs, 0, 0);
    printf("sendmmsg vlen 0: %d\n", r);
    close(rx);
    close(tx);
    return 0;
}
