/*
 * files.c — file-system syscalls through libc, in a private directory made with mkdtemp under
 * /tmp: create/write/read/lseek/pread/pwrite/readv/writev, fstat/stat/lstat/fstatat, rename,
 * unlink, ftruncate, fsync, directory listing with opendir/readdir (sorted), mkdir/rmdir (and
 * ENOTEMPTY), symlink/readlink, access, chmod, utimensat with fixed times, dup/dup2/dup3 and
 * fcntl (FD_CLOEXEC, O_APPEND, F_DUPFD), pipe and pipe2 (O_NONBLOCK EAGAIN), openat relative
 * to a directory fd, getcwd after chdir (SIGPIPE ignored for the EPIPE check). Prints results, errno names and booleans only: never
 * the directory name, fd numbers, inode numbers or real time stamps. Removes everything at exit.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define CHECK(expr) printf("%-44s -> %s\n", #expr, (expr) ? "ok" : strerror(errno))

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        printf("opendir failed: %s\n", strerror(errno));
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        char type = e->d_type == DT_DIR ? 'd' : e->d_type == DT_LNK ? 'l'
                    : e->d_type == DT_REG ? 'f' : '?';
        names[n] = malloc(strlen(e->d_name) + 3);
        sprintf(names[n], "%s:%c", e->d_name, type);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof(names[0]), cmp_name);
    printf("listing:");
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void file_io(void)
{
    int fd = open("a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "hello world\n", 12) == 12);
    struct iovec iov[3] = {{"one ", 4}, {"two ", 4}, {"three\n", 6}};
    CHECK(writev(fd, iov, 3) == 14);
    CHECK(pwrite(fd, "HELLO", 5, 0) == 5);
    CHECK(lseek(fd, 0, SEEK_CUR) == 26);
    CHECK(lseek(fd, 100, SEEK_SET) == 100);
    CHECK(write(fd, "end", 3) == 3);
    CHECK(fsync(fd) == 0);
    CHECK(fdatasync(fd) == 0);
    CHECK(close(fd) == 0);
    CHECK(close(fd) == -1 && errno == EBADF);

    char buf[128] = {0};
    fd = open("a.txt", O_RDONLY);
    CHECK(read(fd, buf, 26) == 26);
    printf("content: %s", buf);
    CHECK(lseek(fd, -3, SEEK_END) == 100);
    memset(buf, 0, sizeof(buf));
    CHECK(read(fd, buf, 10) == 3);
    printf("tail: %s\n", buf);
    CHECK(read(fd, buf, 10) == 0);
    CHECK(pread(fd, buf, 5, 6) == 5 && !memcmp(buf, "world", 5));
    char hole[4] = {1, 1, 1, 1};
    CHECK(pread(fd, hole, 4, 50) == 4 && !hole[0] && !hole[3]);
    char p1[4] = {0}, p2[8] = {0};
    struct iovec riov[2] = {{p1, 3}, {p2, 4}};
    CHECK(lseek(fd, 12, SEEK_SET) == 12 && readv(fd, riov, 2) == 7);
    printf("readv: [%s] [%s]\n", p1, p2);

    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("size %lld reg %d nlink %lu\n", (long long)st.st_size, S_ISREG(st.st_mode),
           (unsigned long)st.st_nlink);
    CHECK(close(fd) == 0);

    CHECK(truncate("a.txt", 10) == 0);
    CHECK(stat("a.txt", &st) == 0 && st.st_size == 10);
    fd = open("a.txt", O_RDWR);
    CHECK(ftruncate(fd, 5000) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 5000);
    CHECK(close(fd) == 0);
    CHECK(open("missing.txt", O_RDONLY) == -1 && errno == ENOENT);
    CHECK(open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0600) == -1 && errno == EEXIST);
}

static void names_and_links(void)
{
    struct stat st;
    CHECK(rename("a.txt", "b.txt") == 0);
    CHECK(access("a.txt", F_OK) == -1 && errno == ENOENT);
    CHECK(access("b.txt", F_OK) == 0);
    CHECK(access("b.txt", R_OK | W_OK) == 0);
    CHECK(chmod("b.txt", 0640) == 0);
    CHECK(stat("b.txt", &st) == 0);
    printf("mode %o\n", st.st_mode & 07777);
    CHECK(chmod("b.txt", 0755) == 0 && stat("b.txt", &st) == 0 && (st.st_mode & 0777) == 0755);
    CHECK(access("b.txt", X_OK) == 0);

    CHECK(symlink("b.txt", "link") == 0);
    char target[64] = {0};
    CHECK(readlink("link", target, sizeof(target)) == 5);
    printf("readlink: %s\n", target);
    CHECK(lstat("link", &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(stat("link", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 5000);
    CHECK(readlink("b.txt", target, sizeof(target)) == -1 && errno == EINVAL);
    CHECK(link("b.txt", "hard") == 0);
    CHECK(stat("hard", &st) == 0 && st.st_nlink == 2);

    struct timespec ts[2] = {{1000000000, 500}, {1234567890, 123456789}};
    CHECK(utimensat(AT_FDCWD, "b.txt", ts, 0) == 0);
    CHECK(stat("b.txt", &st) == 0);
    printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec,
           st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    struct timespec omit[2] = {{0, UTIME_OMIT}, {42, 0}};
    CHECK(utimensat(AT_FDCWD, "b.txt", omit, 0) == 0);
    CHECK(stat("b.txt", &st) == 0 && st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec == 42);

    CHECK(mkdir("sub", 0755) == 0);
    CHECK(mkdir("sub", 0755) == -1 && errno == EEXIST);
    CHECK(mkdir("sub/inner", 0700) == 0);
    int dfd = open("sub", O_RDONLY | O_DIRECTORY);
    CHECK(dfd >= 0);
    int fd = openat(dfd, "inner/f", O_CREAT | O_WRONLY, 0600);
    CHECK(fd >= 0 && write(fd, "x", 1) == 1 && close(fd) == 0);
    CHECK(fstatat(dfd, "inner/f", &st, 0) == 0 && st.st_size == 1);
    CHECK(fstatat(dfd, "inner", &st, 0) == 0 && S_ISDIR(st.st_mode));
    CHECK(rmdir("sub/inner") == -1 && errno == ENOTEMPTY);
    CHECK(unlinkat(dfd, "inner/f", 0) == 0);
    CHECK(unlinkat(dfd, "inner", AT_REMOVEDIR) == 0);
    CHECK(close(dfd) == 0);
    CHECK(open("nodir/x", O_CREAT | O_WRONLY, 0600) == -1 && errno == ENOENT);
    CHECK(open("b.txt/x", O_RDONLY) == -1 && errno == ENOTDIR);
    for (const char *n = "zeta\0alpha\0mid\0"; *n; n += strlen(n) + 1) {
        fd = open(n, O_CREAT | O_WRONLY, 0600);
        CHECK(fd >= 0 && close(fd) == 0);
    }
    list_dir(".");
}

static void descriptors(void)
{
    int fd = open("b.txt", O_RDONLY);
    int d = dup(fd);
    CHECK(d > fd);
    CHECK(dup2(fd, d + 10) == d + 10);
    CHECK(fcntl(d + 10, F_GETFD) == 0);
    CHECK(dup3(fd, d + 11, O_CLOEXEC) == d + 11);
    CHECK(fcntl(d + 11, F_GETFD) == FD_CLOEXEC);
    CHECK(fcntl(d, F_SETFD, FD_CLOEXEC) == 0 && fcntl(d, F_GETFD) == FD_CLOEXEC);
    CHECK(fcntl(fd, F_DUPFD, d + 20) == d + 20);
    CHECK(fcntl(fd, F_DUPFD_CLOEXEC, d + 21) == d + 21 && fcntl(d + 21, F_GETFD) == FD_CLOEXEC);
    CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY);
    CHECK(lseek(fd, 7, SEEK_SET) == 7 && lseek(d, 0, SEEK_CUR) == 7);
    CHECK(dup2(fd, fd) == fd);
    CHECK(dup2(fd, -1) == -1 && errno == EBADF);
    int fds[] = {fd, d, d + 10, d + 11, d + 20, d + 21};
    for (int i = 0; i < 6; i++)
        close(fds[i]);
    CHECK(fcntl(d + 10, F_GETFD) == -1 && errno == EBADF);

    fd = open("app", O_CREAT | O_WRONLY | O_APPEND, 0600);
    CHECK(fcntl(fd, F_GETFL) & O_APPEND);
    CHECK(write(fd, "12345", 5) == 5 && lseek(fd, 0, SEEK_SET) == 0 && write(fd, "678", 3) == 3);
    CHECK(fcntl(fd, F_SETFL, 0) == 0 && !(fcntl(fd, F_GETFL) & O_APPEND));
    close(fd);
    struct stat st;
    CHECK(stat("app", &st) == 0 && st.st_size == 8);

    int p[2];
    CHECK(pipe(p) == 0);
    CHECK(write(p[1], "ping", 4) == 4);
    char buf[8] = {0};
    CHECK(read(p[0], buf, sizeof(buf)) == 4 && !strcmp(buf, "ping"));
    close(p[1]);
    CHECK(read(p[0], buf, sizeof(buf)) == 0);
    close(p[0]);
    CHECK(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
    CHECK(read(p[0], buf, sizeof(buf)) == -1 && errno == EAGAIN);
    CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC && (fcntl(p[1], F_GETFL) & O_NONBLOCK));
    close(p[0]);
    CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE);
    close(p[1]);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    char dir[] = "/tmp/plume-files-template";
    memset(dir + strlen(dir) - 6, 'X', 6);
    if (!mkdtemp(dir)) {
        printf("mkdtemp failed: %s\n", strerror(errno));
        return 1;
    }
    char cwd[256];
    CHECK(chdir(dir) == 0);
    CHECK(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, dir));
    umask(022);
    file_io();
    names_and_links();
    descriptors();
    const char *files[] = {"b.txt", "link", "hard", "app", "zeta", "alpha", "mid"};
    for (int i = 0; i < 7; i++)
        CHECK(unlink(files[i]) == 0);
    CHECK(rmdir("sub") == 0);
    list_dir(".");
    CHECK(chdir("/") == 0);
    CHECK(rmdir(dir) == 0);
    CHECK(access(dir, F_OK) == -1 && errno == ENOENT);
    return 0;
}
