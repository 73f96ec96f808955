/*
 * testlib.h — the check macros shared by the single-threaded unit tests (test_loader, test_mem,
 * test_syscall). CHECK and CHECK_EQ print one "FAIL file:line: ..." line per failed check and
 * count it in `failures`, which a test may also bump for checks of its own; test_summary()
 * ends main.
 *
 * Header-only (nothing to add to a test's link: line); include it once per test program, since
 * it defines the counter. Threading: the counter is a plain int, so checks belong on one thread.
 */
#ifndef PLUME_TESTS_UNIT_TESTLIB_H
#define PLUME_TESTS_UNIT_TESTLIB_H

#include <stdio.h>

/* Failed checks so far. */
static int failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                                 \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* a == b as 64-bit integers; both are printed in hex when they differ. */
#define CHECK_EQ(a, b)                                                                             \
    do {                                                                                           \
        unsigned long long va_ = (unsigned long long)(a), vb_ = (unsigned long long)(b);           \
        if (va_ != vb_) {                                                                          \
            printf("FAIL %s:%d: %s == %s (0x%llx vs 0x%llx)\n", __FILE__, __LINE__, #a, #b, va_,   \
                   vb_);                                                                           \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* Prints how many checks failed, if any; main's exit status (0 iff none failed). */
static inline int test_summary(void)
{
    if (failures)
        printf("%d check(s) failed\n", failures);
    return failures != 0;
}

#endif
