/*
 * xattr.c — extended attributes round-trip on a file in /tmp (t_syscalls_extra.sh): set with
 * XATTR_CREATE/XATTR_REPLACE, size queries, a short buffer, list, the l* forms on a symlink, the
 * f* forms on a descriptor, removal, bad names; then file handles (name_to_handle_at's
 * EOVERFLOW size report, a handle, and, with CAP_DAC_READ_SEARCH, open_by_handle_at reaching
 * the same inode). Exits 77 when /tmp does not support user xattrs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

static void check(const char *what, int ok)
{
    printf("%-52s %s\n", what, ok ? "ok" : "FAIL");
}

int main(void)
{
    char file[64], link[64], buf[256], longname[300];
    struct file_handle *fh = malloc(sizeof(*fh) + 128);
    struct stat a, b;
    int fd, mount_id, r;
    ssize_t n;

    setvbuf(stdout, NULL, _IOLBF, 0);
    snprintf(file, sizeof(file), "/tmp/plume-xattr-%d", (int)getpid());
    snprintf(link, sizeof(link), "%s.lnk", file);
    fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0600);
    symlink(file, link);
    if (setxattr(file, "user.plume", "value1", 6, XATTR_CREATE) != 0) {
        printf("user xattrs not supported on /tmp (%s)\n", strerror(errno));
        unlink(link);
        unlink(file);
        return 77;
    }
    check("setxattr user.plume XATTR_CREATE", 1);
    check("getxattr size query: 6", getxattr(file, "user.plume", NULL, 0) == 6);
    memset(buf, 0, sizeof(buf));
    check("getxattr: value1",
          getxattr(file, "user.plume", buf, sizeof(buf)) == 6 && strcmp(buf, "value1") == 0);
    errno = 0;
    check("getxattr into 3 bytes: ERANGE",
          getxattr(file, "user.plume", buf, 3) < 0 && errno == ERANGE);
    errno = 0;
    check("XATTR_CREATE again: EEXIST",
          setxattr(file, "user.plume", "x", 1, XATTR_CREATE) < 0 && errno == EEXIST);
    errno = 0;
    check("XATTR_REPLACE of a missing one: ENODATA",
          setxattr(file, "user.other", "x", 1, XATTR_REPLACE) < 0 && errno == ENODATA);
    check("XATTR_REPLACE", setxattr(file, "user.plume", "value22", 7, XATTR_REPLACE) == 0);
    check("fsetxattr user.two", fsetxattr(fd, "user.two", "2", 1, 0) == 0);
    n = listxattr(file, NULL, 0);
    memset(buf, 0, sizeof(buf));
    check("listxattr size query and list", n > 0 && listxattr(file, buf, sizeof(buf)) == n &&
                                               memmem(buf, n, "user.plume", 11) &&
                                               memmem(buf, n, "user.two", 9));
    errno = 0;
    check("listxattr into 4 bytes: ERANGE", listxattr(file, buf, 4) < 0 && errno == ERANGE);
    check("flistxattr agrees", flistxattr(fd, buf, sizeof(buf)) == n);
    memset(buf, 0, sizeof(buf));
    check("getxattr through the symlink follows it",
          getxattr(link, "user.plume", buf, sizeof(buf)) == 7 && strcmp(buf, "value22") == 0);
    errno = 0;
    check("lgetxattr on the symlink: ENODATA",
          lgetxattr(link, "user.plume", buf, sizeof(buf)) < 0 && errno == ENODATA);
    errno = 0;
    check("lsetxattr user.* on a symlink: EPERM",
          lsetxattr(link, "user.x", "1", 1, 0) < 0 && errno == EPERM);
    check("llistxattr on the symlink: empty", llistxattr(link, buf, sizeof(buf)) == 0);
    memset(buf, 0, sizeof(buf));
    check("fgetxattr user.two", fgetxattr(fd, "user.two", buf, sizeof(buf)) == 1 && buf[0] == '2');
    check("removexattr, fremovexattr",
          removexattr(file, "user.plume") == 0 && fremovexattr(fd, "user.two") == 0);
    errno = 0;
    check("  getxattr afterwards: ENODATA",
          getxattr(file, "user.plume", buf, sizeof(buf)) < 0 && errno == ENODATA);
    errno = 0;
    check("lremovexattr of a missing one: ENODATA",
          lremovexattr(file, "user.plume") < 0 && errno == ENODATA);
    memset(longname, 'a', sizeof(longname));
    memcpy(longname, "user.", 5);
    longname[256] = 0;
    errno = 0;
    check("a 256-byte name: ERANGE",
          getxattr(file, longname, buf, sizeof(buf)) < 0 && errno == ERANGE);
    errno = 0;
    check("an empty name: ERANGE", getxattr(file, "", buf, sizeof(buf)) < 0 && errno == ERANGE);
    errno = 0;
    check("a missing file: ENOENT",
          getxattr("/tmp/plume-no-such-file", "user.x", buf, 4) < 0 && errno == ENOENT);

    fh->handle_bytes = 0;
    errno = 0;
    r = name_to_handle_at(AT_FDCWD, file, fh, &mount_id, 0);
    check("name_to_handle_at with 0 bytes: EOVERFLOW, size",
          r < 0 && errno == EOVERFLOW && fh->handle_bytes > 0 && fh->handle_bytes <= 128);
    check("name_to_handle_at", name_to_handle_at(AT_FDCWD, file, fh, &mount_id, 0) == 0);
    /* Needs CAP_DAC_READ_SEARCH: as root it opens the file, otherwise EPERM. */
    r = open_by_handle_at(AT_FDCWD, fh, O_RDONLY);
    check("open_by_handle_at: the same inode, or EPERM",
          r >= 0 ? fstat(r, &a) == 0 && fstat(fd, &b) == 0 && a.st_ino == b.st_ino
                 : errno == EPERM);
    if (r >= 0)
        close(r);
    close(fd);
    unlink(link);
    unlink(file);
    return 0;
}
