/*
 * raw_syscall.h — for guest tests that call syscall(2) directly and print what each call gave
 * (sys_paths.c, io_errors.c): BAD, a guest address that is never mapped, and show(). Header-only;
 * single-threaded use.
 */
#ifndef PLUME_TESTS_GUEST_RAW_SYSCALL_H
#define PLUME_TESTS_GUEST_RAW_SYSCALL_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* An unmapped guest address. */
#define BAD ((void *)8)

/* Prints "what: result errno-text" (the text only for a failed call). */
static void show(const char *what, long r)
{
    printf("%s: %ld %s\n", what, r, r < 0 ? strerror(errno) : "");
}

#endif
