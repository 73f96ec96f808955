/*
 * sys_io.c — fd I/O syscalls: readv/writev, pread/pwrite, lseek, dup3/pipe2 flags, fcntl
 * (flags, record locks), FIONREAD, ioctl on a non-tty, poll/ppoll/select, epoll (with 64-bit
 * user data, riscv64's unpacked epoll_event), eventfd, timerfd, memfd, socketpair with
 * SCM_RIGHTS, getdents64 via readdir, stat/statx/utimensat/rename/symlink in a temp dir.
 * Prints deterministic lines only.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

static void check(const char *what, int ok)
{
    printf("%-44s %s\n", what, ok ? "ok" : "FAIL");
}

int main(void)
{
    char dir[] = "/tmp/plume-sysio-XXXXXX";
    char path[256], path2[256], buf[256];

    check("mkdtemp", mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/a", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    check("open O_CREAT|O_EXCL", fd >= 0);
    check("open O_EXCL again: EEXIST", open(path, O_RDWR | O_CREAT | O_EXCL, 0600) == -1 &&
                                           errno == EEXIST);

    struct iovec iov[3] = {{"abc", 3}, {"", 0}, {"defgh", 5}};
    check("writev", writev(fd, iov, 3) == 8);
    check("lseek SEEK_CUR", lseek(fd, 0, SEEK_CUR) == 8);
    check("pwrite", pwrite(fd, "XY", 2, 1) == 2);
    char a[4] = {0}, b[5] = {0};
    struct iovec riov[2] = {{a, 3}, {b, 5}};
    lseek(fd, 0, SEEK_SET);
    check("readv", readv(fd, riov, 2) == 8 && memcmp(a, "aXY", 3) == 0 &&
                       memcmp(b, "defgh", 5) == 0);
    check("pread", pread(fd, buf, 3, 5) == 3 && memcmp(buf, "fgh", 3) == 0);
    check("read at EOF", read(fd, buf, 10) == 0);

    struct stat st;
    check("fstat size", fstat(fd, &st) == 0 && st.st_size == 8 && S_ISREG(st.st_mode) &&
                            (st.st_mode & 0777) == 0600 && st.st_nlink == 1);
    check("stat size", stat(path, &st) == 0 && st.st_size == 8 && st.st_blksize > 0);
    struct statx sx;
    check("statx size", statx(AT_FDCWD, path, 0, STATX_SIZE, &sx) == 0 && sx.stx_size == 8);
    struct timespec times[2] = {{1000000000, 5}, {1200000000, 7}};
    check("utimensat", utimensat(AT_FDCWD, path, times, 0) == 0);
    stat(path, &st);
    check("stat mtime", st.st_mtim.tv_sec == 1200000000 && st.st_mtim.tv_nsec == 7 &&
                            st.st_atim.tv_sec == 1000000000);
    check("ftruncate", ftruncate(fd, 3) == 0 && fstat(fd, &st) == 0 && st.st_size == 3);

    /* fcntl */
    check("F_GETFD no cloexec", fcntl(fd, F_GETFD) == 0);
    int fd2 = fcntl(fd, F_DUPFD_CLOEXEC, 50);
    check("F_DUPFD_CLOEXEC >= 50", fd2 >= 50 && fcntl(fd2, F_GETFD) == FD_CLOEXEC);
    check("F_SETFL O_APPEND", fcntl(fd, F_SETFL, O_APPEND) == 0 &&
                                  (fcntl(fd, F_GETFL) & O_APPEND));
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
    check("F_SETLK", fcntl(fd, F_SETLK, &fl) == 0);
    fl.l_type = F_RDLCK;
    check("F_GETLK (own lock: unlocked)", fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type == F_UNLCK);
    check("dup3 O_CLOEXEC", dup3(fd, 60, O_CLOEXEC) == 60 && fcntl(60, F_GETFD) == FD_CLOEXEC);
    close(60);
    close(fd2);

    /* ioctl */
    struct winsize ws;
    check("TIOCGWINSZ on a file: ENOTTY", ioctl(fd, TIOCGWINSZ, &ws) == -1 && errno == ENOTTY);
    struct termios tio;
    check("tcgetattr on a file: ENOTTY", tcgetattr(fd, &tio) == -1 && errno == ENOTTY);
    close(fd);

    /* directory listing, rename, symlink */
    snprintf(path2, sizeof(path2), "%s/b", dir);
    check("rename", rename(path, path2) == 0);
    snprintf(path, sizeof(path), "%s/link", dir);
    check("symlink", symlink("b", path) == 0);
    ssize_t n = readlink(path, buf, sizeof(buf));
    check("readlink", n == 1 && buf[0] == 'b');
    check("lstat is a link", lstat(path, &st) == 0 && S_ISLNK(st.st_mode));
    DIR *d = opendir(dir);
    int entries = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        entries++;
    closedir(d);
    check("getdents64: 4 entries", entries == 4);
    check("access W_OK", access(path2, W_OK) == 0);
    check("unlink", unlink(path) == 0 && unlink(path2) == 0);
    check("rmdir", rmdir(dir) == 0);
    check("stat missing: ENOENT", stat(dir, &st) == -1 && errno == ENOENT);

    /* pipes, FIONREAD, poll, select */
    int p[2];
    check("pipe2 O_NONBLOCK", pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0 &&
                                  (fcntl(p[0], F_GETFL) & O_NONBLOCK));
    check("empty nonblocking read: EAGAIN", read(p[0], buf, 1) == -1 && errno == EAGAIN);
    struct pollfd pf = {.fd = p[0], .events = POLLIN};
    check("poll timeout", poll(&pf, 1, 10) == 0);
    write(p[1], "12345", 5);
    int avail = 0;
    check("FIONREAD", ioctl(p[0], FIONREAD, &avail) == 0 && avail == 5);
    check("poll readable", poll(&pf, 1, 1000) == 1 && (pf.revents & POLLIN));
    struct timespec ts = {0, 1000000};
    check("ppoll readable", ppoll(&pf, 1, &ts, NULL) == 1);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    struct timeval tv = {1, 0};
    check("select readable", select(p[0] + 1, &rs, NULL, NULL, &tv) == 1 && FD_ISSET(p[0], &rs));

    /* epoll with a 64-bit cookie */
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1122334455667788ull};
    check("epoll_ctl ADD", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
    struct epoll_event out[4];
    memset(out, 0, sizeof(out));
    check("epoll_wait one event", epoll_wait(ep, out, 4, 1000) == 1);
    check("epoll data round trip", out[0].data.u64 == 0x1122334455667788ull &&
                                       out[0].events == EPOLLIN);
    read(p[0], buf, 5);
    check("epoll_wait timeout", epoll_wait(ep, out, 4, 10) == 0);
    close(ep);
    close(p[0]);
    close(p[1]);

    /* eventfd, timerfd, memfd */
    int efd = eventfd(3, 0);
    uint64_t v = 0;
    check("eventfd read", read(efd, &v, 8) == 8 && v == 3);
    close(efd);
    int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec its = {{0, 0}, {0, 5000000}};
    check("timerfd_settime", timerfd_settime(tfd, 0, &its, NULL) == 0);
    check("timerfd expires", read(tfd, &v, 8) == 8 && v == 1);
    close(tfd);
    int mfd = memfd_create("x", MFD_CLOEXEC);
    check("memfd write", write(mfd, "memfd", 5) == 5);
    char *m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, mfd, 0);
    check("mmap of memfd", m != MAP_FAILED && memcmp(m, "memfd", 5) == 0);
    close(mfd);

    /* socketpair + SCM_RIGHTS */
    int sv[2];
    check("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    pipe(p);
    char cbuf[CMSG_SPACE(sizeof(int))];
    struct iovec siov = {"F", 1};
    struct msghdr msg = {.msg_iov = &siov, .msg_iovlen = 1, .msg_control = cbuf,
                         .msg_controllen = sizeof(cbuf)};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &p[1], sizeof(int));
    check("sendmsg SCM_RIGHTS", sendmsg(sv[0], &msg, 0) == 1);
    char rb;
    char rcbuf[CMSG_SPACE(sizeof(int))];
    struct iovec riov1 = {&rb, 1};
    struct msghdr rmsg = {.msg_iov = &riov1, .msg_iovlen = 1, .msg_control = rcbuf,
                          .msg_controllen = sizeof(rcbuf)};
    check("recvmsg", recvmsg(sv[1], &rmsg, 0) == 1 && rb == 'F');
    c = CMSG_FIRSTHDR(&rmsg);
    int passed = -1;
    if (c && c->cmsg_type == SCM_RIGHTS)
        memcpy(&passed, CMSG_DATA(c), sizeof(int));
    check("received fd works", passed >= 0 && write(passed, "Z", 1) == 1 &&
                                   read(p[0], &rb, 1) == 1 && rb == 'Z');
    void *volatile bad = (void *)8;
    check("bad buffer: EFAULT", write(sv[0], bad, 1) == -1 && errno == EFAULT);
    return 0;
}
