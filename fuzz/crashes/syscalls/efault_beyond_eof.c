/*
 * efault_beyond_eof.c — a system call writing to a file-backed page that lies beyond the end of
 * the file, found by guest_syscalls (seed 6552: gettimeofday into the playground after an
 * earlier mmap of a short file over it).
 *
 * Linux answers EFAULT (copy_to_user fails); only a user-mode access to such a page raises
 * SIGBUS. plume's handler writes through the host mapping, the host raises SIGBUS inside plume
 * and the whole process dies with "Bus error" (status 135). (qemu-riscv64 7.2 fails too, with a
 * TCG assertion.) Expected output, as from this file compiled natively for x86-64:
 *   gettimeofday beyond EOF: -1 errno 14
 *   read into beyond-EOF page: 0
 * Build: riscv64-linux-gnu-gcc -O2 -static -o efault_beyond_eof efault_beyond_eof.c
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

int main(void)
{
    char path[] = "/tmp/plume-eof-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        return 2;
    }
    unlink(path);
    if (write(fd, "0123456789", 10) != 10)
        return 2;
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        return 2;
    }
    long r = syscall(SYS_gettimeofday, (struct timeval *)(p + 4096), NULL);
    printf("gettimeofday beyond EOF: %ld errno %d\n", r, r < 0 ? errno : 0);
    r = read(fd, p + 4096, 1);
    printf("read into beyond-EOF page: %ld\n", r);
    return 0;
}
