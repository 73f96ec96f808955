/*
 * common.h — basic types and helpers shared by every layer.
 *
 * Knows nothing of RISC-V or Linux. gaddr_t is a guest virtual address and is never a host
 * pointer; convert with g2h()/h2g() from mem/mem.h only.
 */
#ifndef PLUME_UTIL_COMMON_H
#define PLUME_UTIL_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t gaddr_t;

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NORETURN __attribute__((noreturn))
#define PRINTF_FMT(a, b) __attribute__((format(printf, a, b)))

/* Program name used as the prefix of every error line ("plume"). */
extern const char *plume_progname;

/* Print "plume: <msg>" on stderr and exit with status 1. Any thread. */
NORETURN void die(const char *fmt, ...) PRINTF_FMT(1, 2);
/* Print "plume: <msg>" on stderr and continue. Any thread. */
void warn_msg(const char *fmt, ...) PRINTF_FMT(1, 2);
/* Allocation helpers that die on out-of-memory. Caller frees with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Move plume's own descriptor fd out of the guest's way: to the lowest free number at or above
 * the soft RLIMIT_NOFILE (at most 2^20) minus 16, close-on-exec (guests get the lowest free
 * numbers). Returns the new number, or fd itself if it cannot move. Any thread. */
int fd_move_high(int fd);

#endif
