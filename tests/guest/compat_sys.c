/*
 * compat_sys.c — what system utilities do with files and processes: a shared file mapping
 * written through memory, msync'd and read back with read(2) (and seen by a forked child);
 * building a directory tree, walking it with opendir/readdir (sorted) and nftw (pre- and
 * post-order, FTW_PHYS, a symlink); realpath, getcwd and chdir; a pipeline of forked children
 * connected by pipes (dup2, execution order by waitpid status); setjmp/longjmp out of nested
 * calls and out of a signal handler (sigsetjmp); environment editing (setenv, unsetenv,
 * putenv, clearenv) and argv. Works in a fresh directory under the current one and removes it.
 * Output is independent of that directory's name. Single-threaded (plus forked children).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char top[PATH_MAX];

static void check(int ok, const char *what)
{
    if (!ok) {
        printf("FAILED: %s (errno %d)\n", what, errno);
        exit(1);
    }
}

static void shared_mapping(void)
{
    const size_t len = 3 * 4096 + 100;
    int fd = open("map.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
    char *p, buf[64];
    pid_t pid;
    int st;

    check(fd >= 0 && ftruncate(fd, (off_t)len) == 0, "create map.dat");
    p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    check(p != MAP_FAILED, "mmap MAP_SHARED");
    for (size_t i = 0; i < len; i++)
        p[i] = (char)('a' + i % 26);
    strcpy(p + 4096, "page two");
    check(msync(p, len, MS_SYNC) == 0, "msync");
    check(pread(fd, buf, 8, 4096) == 8, "pread");
    printf("read back after msync: %.8s, last byte %c\n", buf, p[len - 1]);
    pid = fork();
    if (pid == 0) {
        p[8192] = 'Z';
        msync(p + 8192, 1, MS_SYNC);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("child's store seen: %c, status %d\n", p[8192], WEXITSTATUS(st));
    check(munmap(p, len) == 0, "munmap");
    check(pread(fd, buf, 1, 8192) == 1, "pread after munmap");
    printf("file byte after munmap: %c\n", buf[0]);
    close(fd);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char *names[64];
    int n = 0;

    check(d != NULL, "opendir");
    while ((e = readdir(d)) && n < 64)
        names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof(names[0]), by_name);
    printf("%s:", path);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static char walk_log[64][80];
static int walk_n;

static int walker(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    const char *kind = flag == FTW_F    ? "file"
                       : flag == FTW_D  ? "dir"
                       : flag == FTW_DP ? "dirpost"
                       : flag == FTW_SL ? "symlink"
                                        : "other";
    if (walk_n < 64)
        snprintf(walk_log[walk_n++], sizeof(walk_log[0]), "%s %s level %d size %lld", kind, path,
                 ftw->level, S_ISREG(sb->st_mode) ? (long long)sb->st_size : -1LL);
    return 0;
}

static int by_line(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static void tree(void)
{
    char rp[PATH_MAX], cwd[PATH_MAX];
    FILE *f;

    check(mkdir("tree", 0755) == 0 && mkdir("tree/sub", 0755) == 0 &&
              mkdir("tree/sub/deeper", 0700) == 0,
          "mkdir");
    f = fopen("tree/a.txt", "w");
    fputs("alpha\n", f);
    fclose(f);
    f = fopen("tree/sub/deeper/b.txt", "w");
    fputs("bravo bravo\n", f);
    fclose(f);
    check(symlink("sub/deeper/b.txt", "tree/link") == 0, "symlink");
    list_dir("tree");
    list_dir("tree/sub");
    for (int pass = 0; pass < 2; pass++) {
        walk_n = 0;
        check(nftw("tree", walker, 8, FTW_PHYS | (pass ? FTW_DEPTH : 0)) == 0, "nftw");
        qsort(walk_log, (size_t)walk_n, sizeof(walk_log[0]), by_line);
        printf("nftw %s:\n", pass ? "depth-first" : "pre-order");
        for (int i = 0; i < walk_n; i++)
            printf("  %s\n", walk_log[i]);
    }
    check(realpath("tree/sub/../link", rp) != NULL, "realpath");
    printf("realpath: %s\n", rp + strlen(top));
    check(chdir("tree/sub/deeper") == 0, "chdir");
    check(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd");
    printf("getcwd: %s\n", cwd + strlen(top));
    check(chdir("../..") == 0 && getcwd(cwd, sizeof(cwd)) != NULL, "chdir ..");
    printf("after chdir ../..: %s\n", cwd + strlen(top));
    check(chdir("..") == 0, "chdir back");
    errno = 0;
    printf("realpath of a missing file: %s, errno %s\n",
           realpath("tree/nothing", rp) ? "found" : "NULL", errno == ENOENT ? "ENOENT" : "other");
}

/* Run "generator | upper | counter" as three forked children joined by two pipes. */
static void pipeline(void)
{
    int p1[2], p2[2], p3[2], st;
    pid_t pids[3];
    char out[256] = "";
    ssize_t n, got = 0;

    check(pipe(p1) == 0 && pipe(p2) == 0 && pipe(p3) == 0, "pipe");
    if ((pids[0] = fork()) == 0) {
        dup2(p1[1], 1);
        close(p1[0]), close(p1[1]), close(p2[0]), close(p2[1]), close(p3[0]), close(p3[1]);
        for (int i = 0; i < 5; i++)
            printf("line %d of the generator\n", i);
        fflush(stdout);
        _exit(3);
    }
    if ((pids[1] = fork()) == 0) {
        int c;
        dup2(p1[0], 0);
        dup2(p2[1], 1);
        close(p1[0]), close(p1[1]), close(p2[0]), close(p2[1]), close(p3[0]), close(p3[1]);
        while ((c = getchar()) != EOF)
            putchar(c >= 'a' && c <= 'z' ? c - 32 : c);
        fflush(stdout);
        _exit(4);
    }
    if ((pids[2] = fork()) == 0) {
        int c, lines = 0, chars = 0;
        dup2(p2[0], 0);
        dup2(p3[1], 1);
        close(p1[0]), close(p1[1]), close(p2[0]), close(p2[1]), close(p3[0]), close(p3[1]);
        while ((c = getchar()) != EOF) {
            chars++;
            lines += c == '\n';
            if (chars < 30)
                putchar(c);
        }
        printf("... %d lines, %d chars\n", lines, chars);
        fflush(stdout);
        _exit(5);
    }
    close(p1[0]), close(p1[1]), close(p2[0]), close(p2[1]), close(p3[1]);
    while ((n = read(p3[0], out + got, sizeof(out) - 1 - (size_t)got)) > 0)
        got += n;
    close(p3[0]);
    printf("pipeline output: %s", out);
    for (int i = 0; i < 3; i++) {
        check(waitpid(pids[i], &st, 0) == pids[i], "waitpid");
        printf("child %d exited %d\n", i, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    }
    printf("no more children: %s\n",
           waitpid(-1, &st, WNOHANG) < 0 && errno == ECHILD ? "yes" : "no");
}

static jmp_buf jb;
static sigjmp_buf sjb;

/* Recurse n levels, then jump from the deepest frame back to jumps(). */
static void deep(int n)
{
    void (*volatile next)(int) = deep;

    if (n > 0)
        next(n - 1);
    longjmp(jb, 42);
}

static void on_usr1(int sig)
{
    siglongjmp(sjb, sig);
}

static void jumps(void)
{
    volatile int counter = 0;
    int r;
    sigset_t cur;

    r = setjmp(jb);
    if (r == 0) {
        counter = 1;
        deep(50);
    }
    printf("longjmp returned %d, counter %d\n", r, counter);
    signal(SIGUSR1, on_usr1);
    r = sigsetjmp(sjb, 1);
    if (r == 0) {
        raise(SIGUSR1);
        printf("not reached\n");
    }
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("siglongjmp from handler: %d, SIGUSR1 blocked after: %d\n", r,
           sigismember(&cur, SIGUSR1));
}

static void environment(int argc, char **argv)
{
    static char put[] = "COMPAT_PUT=from putenv";
    extern char **environ;
    int n = 0;

    printf("argc %d:", argc);
    for (int i = 1; i < argc; i++)
        printf(" [%s]", argv[i]);
    printf("\nargv[argc] is %s\n", argv[argc] ? "set" : "NULL");
    setenv("COMPAT_A", "one", 1);
    setenv("COMPAT_A", "two", 0);
    putenv(put);
    printf("COMPAT_A=%s COMPAT_PUT=%s\n", getenv("COMPAT_A"), getenv("COMPAT_PUT"));
    unsetenv("COMPAT_A");
    printf("after unsetenv: %s\n", getenv("COMPAT_A") ? "still set" : "gone");
    for (char **e = environ; *e; e++)
        n += strncmp(*e, "COMPAT_", 7) == 0;
    printf("COMPAT_ variables: %d\n", n);
    clearenv();
    printf("after clearenv: %s\n", environ == NULL || environ[0] == NULL ? "empty" : "not empty");
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

int main(int argc, char **argv)
{
    char dir[] = "compat_sys.XXXXXX";

    setvbuf(stdout, NULL, _IOLBF, 0);
    check(mkdtemp(dir) != NULL && chdir(dir) == 0, "mkdtemp");
    check(getcwd(top, sizeof(top)) != NULL, "getcwd");
    shared_mapping();
    tree();
    pipeline();
    jumps();
    check(chdir("..") == 0 && nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS) == 0, "cleanup");
    printf("cleaned up: %s\n", access(dir, F_OK) ? "yes" : "no");
    environment(argc, argv);
    return 0;
}
