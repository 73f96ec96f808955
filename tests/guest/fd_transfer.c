/*
 * fd_transfer.c — data moved between descriptors inside the kernel (splice with and without
 * offsets, tee, vmsplice both ways, copy_file_range with explicit offsets and file positions),
 * the page-cache hints and syncs (posix_fadvise, readahead, sync_file_range, syncfs), and inotify
 * (create, delete and the watch's removal reported with names). Files live in a private
 * directory under /tmp that is removed at the end. Prints deterministic lines only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static void check(const char *what, int ok)
{
    printf("%-52s %s\n", what, ok ? "ok" : "FAIL");
}

static char dir[64];

static char *path_of(const char *leaf)
{
    static char p[128];
    snprintf(p, sizeof(p), "%s/%s", dir, leaf);
    return p;
}

static int make_file(const char *leaf, const char *text)
{
    int fd = open(path_of(leaf), O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0 && write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        return -1;
    return fd;
}

static void test_splice(void)
{
    int fd = make_file("src", "hello world"), p[2], p2[2];
    loff_t off = 6;
    char buf[32] = {0}, buf2[32] = {0};
    struct iovec iov[2] = {{"vm", 2}, {"splice", 6}};
    struct iovec in = {buf, sizeof(buf)};
    ssize_t n;

    pipe(p);
    n = splice(fd, &off, p[1], NULL, 5, 0);
    check("splice file@6 -> pipe: 5 bytes, offset 11", n == 5 && off == 11);
    check("  pipe holds \"world\"",
          read(p[0], buf, sizeof(buf)) == 5 && memcmp(buf, "world", 5) == 0);
    check("  file position untouched", lseek(fd, 0, SEEK_CUR) == 11 /* from the write */);
    lseek(fd, 0, SEEK_SET);
    n = splice(fd, NULL, p[1], NULL, 5, SPLICE_F_MORE);
    check("splice from the file position", n == 5 && lseek(fd, 0, SEEK_CUR) == 5);
    memset(buf, 0, sizeof(buf));
    read(p[0], buf, sizeof(buf));
    check("  pipe holds \"hello\"", strcmp(buf, "hello") == 0);

    pipe(p2);
    write(p[1], "teedata", 7);
    n = tee(p[0], p2[1], 100, 0);
    memset(buf, 0, sizeof(buf));
    check("tee duplicates 7 bytes", n == 7 && read(p2[0], buf2, sizeof(buf2)) == 7 &&
                                        read(p[0], buf, sizeof(buf)) == 7 &&
                                        strcmp(buf, "teedata") == 0 && strcmp(buf2, buf) == 0);

    n = vmsplice(p[1], iov, 2, 0);
    memset(buf, 0, sizeof(buf));
    check("vmsplice two buffers into a pipe",
          n == 8 && read(p[0], buf, sizeof(buf)) == 8 && strcmp(buf, "vmsplice") == 0);
    write(p[1], "back", 4);
    memset(buf, 0, sizeof(buf));
    n = vmsplice(p[0], &in, 1, 0);
    check("vmsplice from a pipe into memory", n == 4 && strcmp(buf, "back") == 0);
    errno = 0;
    check("vmsplice on a regular file: EBADF", vmsplice(fd, iov, 1, 0) < 0 && errno == EBADF);
    close(p[0]);
    close(p[1]);
    close(p2[0]);
    close(p2[1]);
    close(fd);
}

static void test_copy_file_range(void)
{
    int a = make_file("a", "0123456789"), b = make_file("b", "abcdefghij");
    loff_t oa = 2, ob = 5;
    char buf[16] = {0};
    ssize_t n = copy_file_range(a, &oa, b, &ob, 3, 0);

    check("copy_file_range a@2 -> b@5, 3 bytes", n == 3 && oa == 5 && ob == 8);
    pread(b, buf, 10, 0);
    check("  b is abcde234ij", strcmp(buf, "abcde234ij") == 0);
    lseek(a, 7, SEEK_SET);
    lseek(b, 0, SEEK_SET);
    n = copy_file_range(a, NULL, b, NULL, 100, 0);
    memset(buf, 0, sizeof(buf));
    pread(b, buf, 10, 0);
    check("  with file positions: 3 bytes to the end",
          n == 3 && strcmp(buf, "789de234ij") == 0 && lseek(a, 0, SEEK_CUR) == 10);
    errno = 0;
    check("  bad flags: EINVAL", copy_file_range(a, NULL, b, NULL, 1, 1) < 0 && errno == EINVAL);

    check("posix_fadvise SEQUENTIAL, DONTNEED",
          posix_fadvise(a, 0, 0, POSIX_FADV_SEQUENTIAL) == 0 &&
              posix_fadvise(a, 0, 0, POSIX_FADV_DONTNEED) == 0);
    check("posix_fadvise bad advice: EINVAL", posix_fadvise(a, 0, 0, 99) == EINVAL);
    check("readahead", readahead(a, 0, 4096) == 0);
    check("sync_file_range", sync_file_range(b, 0, 0, SYNC_FILE_RANGE_WRITE) == 0);
    check("syncfs", syncfs(b) == 0);
    errno = 0;
    check("syncfs(-1): EBADF", syncfs(-1) < 0 && errno == EBADF);
    close(a);
    close(b);
}

/* Read the inotify events available on fd into names (joined "MASK:name ..."). */
static void read_events(int fd, char *out, size_t size)
{
    char buf[4096] __attribute__((aligned(8)));
    ssize_t n = read(fd, buf, sizeof(buf));

    out[0] = 0;
    for (char *p = buf; n > 0 && p < buf + n;) {
        struct inotify_event *e = (struct inotify_event *)p;
        const char *kind = e->mask & IN_CREATE    ? "CREATE"
                           : e->mask & IN_DELETE  ? "DELETE"
                           : e->mask & IN_IGNORED ? "IGNORED"
                                                  : "OTHER";
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%s%s:%s", len ? " " : "", kind, e->len ? e->name : "");
        p += sizeof(*e) + e->len;
    }
}

static void test_inotify(void)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC), wd, f;
    char ev[256];

    check("inotify_init1 IN_NONBLOCK|IN_CLOEXEC",
          fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC) && (fcntl(fd, F_GETFL) & O_NONBLOCK));
    wd = inotify_add_watch(fd, dir, IN_CREATE | IN_DELETE);
    check("inotify_add_watch on the directory", wd >= 0);
    errno = 0;
    check("nothing yet: EAGAIN", read(fd, ev, sizeof(ev)) < 0 && errno == EAGAIN);
    f = open(path_of("new.txt"), O_CREAT | O_WRONLY, 0600);
    close(f);
    read_events(fd, ev, sizeof(ev));
    check("creating a file reports CREATE:new.txt", strcmp(ev, "CREATE:new.txt") == 0);
    unlink(path_of("new.txt"));
    read_events(fd, ev, sizeof(ev));
    check("unlinking it reports DELETE:new.txt", strcmp(ev, "DELETE:new.txt") == 0);
    check("inotify_rm_watch", inotify_rm_watch(fd, wd) == 0);
    read_events(fd, ev, sizeof(ev));
    check("  reports IGNORED", strcmp(ev, "IGNORED:") == 0);
    errno = 0;
    check("add_watch on a missing path: ENOENT",
          inotify_add_watch(fd, path_of("missing"), IN_CREATE) < 0 && errno == ENOENT);
    close(fd);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    snprintf(dir, sizeof(dir), "/tmp/plume-fdt-%d", (int)getpid());
    if (mkdir(dir, 0700) != 0) {
        perror("mkdir");
        return 1;
    }
    test_splice();
    test_copy_file_range();
    test_inotify();
    unlink(path_of("src"));
    unlink(path_of("a"));
    unlink(path_of("b"));
    rmdir(dir);
    return 0;
}
