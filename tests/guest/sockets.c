/*
 * sockets.c — sockets in one process, no fork: an AF_UNIX socketpair in both directions,
 * sendmsg/recvmsg with two iovecs and an SCM_RIGHTS file descriptor (a pipe end that is then
 * used), a TCP server and client on 127.0.0.1 (port chosen by the kernel, read back with
 * getsockname) joined by a nonblocking connect, poll and accept4, data both ways, shutdown and
 * EOF, getpeername/getsockname agreement, setsockopt/getsockopt (SO_REUSEADDR, SO_ERROR,
 * TCP_NODELAY), and a UDP datagram with sendto/recvfrom. Prints data and booleans only (never
 * port numbers or fd numbers).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define CHECK(expr) printf("%-50s -> %s\n", #expr, (expr) ? "ok" : strerror(errno))

static void unix_pair(void)
{
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    char buf[64] = {0};
    CHECK(write(sv[0], "to one", 6) == 6);
    CHECK(read(sv[1], buf, sizeof(buf)) == 6);
    printf("received [%s]\n", buf);
    CHECK(send(sv[1], "to zero", 7, 0) == 7);
    memset(buf, 0, sizeof(buf));
    CHECK(recv(sv[0], buf, sizeof(buf), 0) == 7);
    printf("received [%s]\n", buf);

    int p[2];
    CHECK(pipe(p) == 0);
    struct iovec iov[2] = {{"head-", 5}, {"tail", 4}};
    union {
        struct cmsghdr h;
        char buf[CMSG_SPACE(sizeof(int))];
    } ctl;
    memset(&ctl, 0, sizeof(ctl));
    struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2, .msg_control = ctl.buf,
                         .msg_controllen = sizeof(ctl.buf)};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &p[1], sizeof(int));
    CHECK(sendmsg(sv[0], &msg, 0) == 9);
    close(p[1]);

    char a[4] = {0}, b[8] = {0};
    struct iovec riov[2] = {{a, 3}, {b, 6}};
    union {
        struct cmsghdr h;
        char buf[CMSG_SPACE(sizeof(int))];
    } rctl;
    memset(&rctl, 0, sizeof(rctl));
    struct msghdr rmsg = {.msg_iov = riov, .msg_iovlen = 2, .msg_control = rctl.buf,
                          .msg_controllen = sizeof(rctl.buf)};
    CHECK(recvmsg(sv[1], &rmsg, 0) == 9);
    printf("recvmsg [%s] [%s] flags %d\n", a, b, rmsg.msg_flags);
    struct cmsghdr *rc = CMSG_FIRSTHDR(&rmsg);
    CHECK(rc && rc->cmsg_level == SOL_SOCKET && rc->cmsg_type == SCM_RIGHTS);
    int got = -1;
    if (rc)
        memcpy(&got, CMSG_DATA(rc), sizeof(int));
    CHECK(got >= 0 && write(got, "via fd", 6) == 6);
    memset(buf, 0, sizeof(buf));
    CHECK(read(p[0], buf, sizeof(buf)) == 6);
    printf("pipe got [%s]\n", buf);
    close(got);
    close(p[0]);

    CHECK(shutdown(sv[0], SHUT_WR) == 0);
    CHECK(read(sv[1], buf, sizeof(buf)) == 0);
    close(sv[0]);
    close(sv[1]);

    int dg[2];
    CHECK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, dg) == 0);
    CHECK(send(dg[0], "d1", 2, 0) == 2 && send(dg[0], "dgram2", 6, 0) == 6);
    CHECK(recv(dg[1], buf, sizeof(buf), 0) == 2 && recv(dg[1], buf, sizeof(buf), 0) == 6);
    CHECK(recv(dg[1], buf, sizeof(buf), MSG_DONTWAIT) == -1 && errno == EAGAIN);
    close(dg[0]);
    close(dg[1]);
}

static void tcp_loopback(void)
{
    int srv = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(srv >= 0);
    int one = 1, val = 0;
    socklen_t len = sizeof(val);
    CHECK(setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0);
    CHECK(getsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &val, &len) == 0 && val != 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(srv, (struct sockaddr *)&addr, sizeof(addr)) == 0);
    CHECK(listen(srv, 4) == 0);
    struct sockaddr_in bound;
    len = sizeof(bound);
    CHECK(getsockname(srv, (struct sockaddr *)&bound, &len) == 0);
    char ip[32];
    inet_ntop(AF_INET, &bound.sin_addr, ip, sizeof(ip));
    printf("server family %d addr %s port nonzero %d len %u\n", bound.sin_family, ip,
           bound.sin_port != 0, (unsigned)len);

    int cli = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int rc = connect(cli, (struct sockaddr *)&bound, sizeof(bound));
    CHECK(rc == 0 || errno == EINPROGRESS);
    struct pollfd pfd = {.fd = srv, .events = POLLIN};
    CHECK(poll(&pfd, 1, 5000) == 1 && (pfd.revents & POLLIN));
    struct sockaddr_in peer;
    len = sizeof(peer);
    int conn = accept4(srv, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
    CHECK(conn >= 0);
    pfd.fd = cli;
    pfd.events = POLLOUT;
    CHECK(poll(&pfd, 1, 5000) == 1 && (pfd.revents & POLLOUT));
    len = sizeof(val);
    CHECK(getsockopt(cli, SOL_SOCKET, SO_ERROR, &val, &len) == 0 && val == 0);
    CHECK(setsockopt(cli, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0);
    struct sockaddr_in cname, pname;
    len = sizeof(cname);
    CHECK(getsockname(cli, (struct sockaddr *)&cname, &len) == 0);
    len = sizeof(pname);
    CHECK(getpeername(cli, (struct sockaddr *)&pname, &len) == 0);
    CHECK(cname.sin_port == peer.sin_port && pname.sin_port == bound.sin_port);

    CHECK(send(cli, "GET /", 5, 0) == 5);
    char buf[64] = {0};
    pfd.fd = conn;
    pfd.events = POLLIN;
    CHECK(poll(&pfd, 1, 5000) == 1);
    CHECK(recv(conn, buf, sizeof(buf), 0) == 5);
    printf("server got [%s]\n", buf);
    CHECK(write(conn, "200 OK", 6) == 6);
    pfd.fd = cli;
    CHECK(poll(&pfd, 1, 5000) == 1);
    memset(buf, 0, sizeof(buf));
    CHECK(read(cli, buf, sizeof(buf)) == 6);
    printf("client got [%s]\n", buf);
    CHECK(recv(cli, buf, sizeof(buf), 0) == -1 && errno == EAGAIN);
    CHECK(shutdown(conn, SHUT_WR) == 0);
    CHECK(poll(&pfd, 1, 5000) == 1 && recv(cli, buf, sizeof(buf), 0) == 0);
    close(conn);
    close(cli);
    close(srv);
}

static void udp_loopback(void)
{
    int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(b, (struct sockaddr *)&addr, sizeof(addr)) == 0);
    socklen_t len = sizeof(addr);
    CHECK(getsockname(b, (struct sockaddr *)&addr, &len) == 0);
    CHECK(sendto(a, "datagram", 8, 0, (struct sockaddr *)&addr, sizeof(addr)) == 8);
    char buf[32] = {0};
    struct sockaddr_in from;
    len = sizeof(from);
    CHECK(recvfrom(b, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len) == 8);
    printf("udp got [%s] from loopback %d\n", buf, from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    close(a);
    close(b);
}

int main(void)
{
    unix_pair();
    tcp_loopback();
    udp_loopback();
    return 0;
}
