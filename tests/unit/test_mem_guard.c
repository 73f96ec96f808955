/* link: src/mem/space.c src/mem/vma.c src/mem/mmap.c src/mem/maps.c src/util/common.c */
/*
 * test_mem_guard.c — guarded accesses to guest memory (mem_guarded and the copy helpers on top
 * of it): on a guest page the host cannot back (a file page beyond end of file: host SIGBUS)
 * they return -EFAULT instead of killing the process, disarm the recovery point, and work
 * normally on good pages. The host fault handler here does what src/linux/signal.c does for a
 * fault inside the guest reservation while the thread's recovery point is armed.
 *
 * Threading: single-threaded; the recovery point and the space are this test's globals.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/mem/mem.h"
#include "testlib.h"

static struct mem_space *space;
static struct mem_recover recover;

static struct mem_recover *thread_recover(void)
{
    return &recover;
}

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    uintptr_t h = (uintptr_t)si->si_addr, base = (uintptr_t)space->base;

    if (h - base < GUEST_SPACE && recover.armed)
        siglongjmp(recover.jmp, 1);
    signal(sig, SIG_DFL);
}

static void store_byte(void *arg)
{
    *(volatile char *)arg = 1;
}

int main(void)
{
    char path[] = "/tmp/plume-guard-XXXXXX", buf[64];
    int fd = mkstemp(path), err = 0;
    struct sigaction sa;

    if (fd < 0 || write(fd, "0123456789", 10) != 10)
        return 2;
    unlink(path);
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    space = mem_init();
    space->thread_recover = thread_recover;

    int64_t g = mem_mmap(space, 0, 2 * GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(g > 0);
    gaddr_t past = (gaddr_t)g + GUEST_PAGE_SIZE; /* the page beyond end of file */

    /* The backed page works, through the same paths. */
    CHECK_EQ(mem_copy_from_guest(space, buf, (gaddr_t)g, 10), 0);
    CHECK(!memcmp(buf, "0123456789", 10));
    CHECK_EQ(mem_copy_to_guest(space, (gaddr_t)g, "ab", 3), 0);
    char *s = mem_strdup_from_guest(space, (gaddr_t)g, 100, &err);
    CHECK(s && !strcmp(s, "ab"));
    free(s);
    CHECK_EQ(recover.armed, 0);

    /* Beyond end of file: -EFAULT, and the recovery point is disarmed again. */
    CHECK_EQ(mem_copy_to_guest(space, past, "x", 1), -EFAULT);
    CHECK_EQ(recover.armed, 0);
    CHECK_EQ(mem_copy_from_guest(space, buf, past, 8), -EFAULT);
    CHECK_EQ(mem_copy_from_guest(space, buf, past - 4, 8), -EFAULT); /* straddling */
    err = 0;
    CHECK(!mem_strdup_from_guest(space, past, 100, &err));
    CHECK_EQ(err, -EFAULT);
    /* A string running from the backed page into the unbacked one. */
    CHECK_EQ(mem_copy_to_guest(space, past - 4, "abcd", 4), 0);
    err = 0;
    CHECK(!mem_strdup_from_guest(space, past - 4, 100, &err));
    CHECK_EQ(err, -EFAULT);
    CHECK_EQ(mem_guarded(space, store_byte, g2h(space, past + 100)), -EFAULT);
    CHECK_EQ(recover.armed, 0);

    /* Recovery does not stick: good accesses still work afterwards. */
    CHECK_EQ(mem_copy_from_guest(space, buf, (gaddr_t)g, 2), 0);
    CHECK_EQ(mem_guarded(space, store_byte, g2h(space, (gaddr_t)g)), 0);
    return test_summary();
}
