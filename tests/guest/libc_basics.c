/*
 * libc_basics.c — deterministic tour of stdio formatting, string conversion, qsort/bsearch and
 * string.h. Every printf conversion (integers of every length modifier and flag, floats in %f,
 * %e, %g, %a with precisions, strings, chars, %n, %%), strtod/strtol/strtoul/strtoll edge
 * inputs, sscanf, snprintf truncation, qsort of ints and strings, and the string.h family.
 * Single-threaded; prints only values, never addresses.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_printf(void)
{
    long long big = LLONG_MIN;
    unsigned long long ubig = ULLONG_MAX;
    int n = 0;
    printf("ints: %d %i %u %x %X %o %c %% [%5d] [%-5d] [%05d] [%+d] [% d] [%#x] [%#o]\n",
           -42, 42, 42u, 0xbeefu, 0xbeefu, 8u, 'Z', 7, 7, 7, 7, 7, 255u, 8u);
    printf("lengths: %hhd %hd %ld %lld %llu %zu %td %jd %" PRIx64 " %" PRId32 "\n",
           (signed char)200, (short)70000, LONG_MAX, big, ubig, sizeof(long double),
           (ptrdiff_t)-3, (intmax_t)INT64_MAX, UINT64_C(0xdeadbeefcafef00d), INT32_MIN);
    printf("floats: %f %.2f %10.3f %-10.1f| %e %.3E %g %G %g %g %a %A\n", 3.14159265358979,
           2.675, -1.0005, 0.05, 123456.789, 0.000123456, 1e-5, 1e20, 100000.0, 1234567.0, 1.0,
           -0.1);
    printf("special: %f %f %f %e %g %.0f %.0f %.0f %.20f\n", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0,
           -0.0, 5e-324, 0.5, 1.5, 2.5, 0.1);
    printf("long double: %Lf %.25Lg %La\n", 1.0L / 3.0L, 2.0L / 7.0L, 1.0L);
    printf("strings: [%s] [%10s] [%-10s] [%.3s] [%*d] [%-*d] [%.*f]%n\n", "abc", "right",
           "left", "truncate", 6, 42, 6, 42, 3, 2.0 / 3.0, &n);
    printf("n = %d\n", n);
    char buf[16];
    int r = snprintf(buf, sizeof(buf), "%s-%d-%s", "abcdefgh", 123456, "ijklmnop");
    printf("snprintf: %d [%s]\n", r, buf);
}

static void test_strto(void)
{
    const char *dbl[] = {"3.5", "-0", "1e308", "1e309", "-1e-320", "0x1.8p3", "inf", "-nan",
                         "  42abc", "1.7976931348623157e308", "2.2250738585072014e-308",
                         "0.1", "123456789012345678901234567890", ".5e-2", "e5"};
    for (size_t i = 0; i < sizeof(dbl) / sizeof(dbl[0]); i++) {
        char *end;
        errno = 0;
        double d = strtod(dbl[i], &end);
        printf("strtod(%s) = %.17g %a rest=[%s] erange=%d\n", dbl[i], d, d, end,
               errno == ERANGE);
    }
    printf("strtof(0.1) = %.9g, strtold(0.1) = %.21Lg\n", strtof("0.1", NULL),
           strtold("0.1", NULL));
    const char *ints[] = {"123", "-123", "0x7fffffffffffffff", "9223372036854775808",
                          "-9223372036854775809", "0777", "  +15xyz", "z", "0b101", "1e3"};
    int bases[] = {10, 10, 16, 10, 10, 0, 10, 36, 0, 10};
    for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
        char *end;
        errno = 0;
        long v = strtol(ints[i], &end, bases[i]);
        int e1 = errno;
        errno = 0;
        unsigned long u = strtoul(ints[i], NULL, bases[i]);
        printf("strtol(%s,%d) = %ld rest=[%s] erange=%d strtoul = %lu erange=%d\n", ints[i],
               bases[i], v, end, e1 == ERANGE, u, errno == ERANGE);
    }
    printf("strtoll(-1) = %lld, strtoull(-1) = %llu, atoi(77) = %d, atol(-88) = %ld\n",
           strtoll("-1", NULL, 10), strtoull("-1", NULL, 10), atoi("77"), atol("-88"));
    int a, b;
    char word[16];
    double f;
    int got = sscanf("12 0x1f hello 2.5e1", "%d %x %15s %lf", &a, &b, word, &f);
    printf("sscanf: %d %d %d %s %g\n", got, a, b, word, f);
}

static void test_sort(void)
{
    int v[64];
    uint32_t x = 12345;
    for (int i = 0; i < 64; i++) {
        x = x * 1103515245u + 12345u;
        v[i] = (int)(x >> 8) % 1000 - 500;
    }
    qsort(v, 64, sizeof(int), cmp_int);
    for (int i = 0; i < 64; i++)
        printf("%d%c", v[i], i % 16 == 15 ? '\n' : ' ');
    int key = v[37];
    int *found = bsearch(&key, v, 64, sizeof(int), cmp_int);
    printf("bsearch: %d\n", found ? *found == key : -1);
    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "apple pie", "Zebra", ""};
    qsort(words, 8, sizeof(words[0]), cmp_str);
    for (int i = 0; i < 8; i++)
        printf("[%s]", words[i]);
    printf("\n");
}

static void test_string(void)
{
    char buf[64] = "hello";
    strcat(buf, ", world");
    printf("strlen %zu strcmp %d %d %d strncmp %d\n", strlen(buf), strcmp("a", "b") < 0,
           strcmp("b", "a") > 0, strcmp("x", "x"), strncmp("abcd", "abce", 3));
    printf("strchr [%s] strrchr [%s] strstr [%s] strpbrk [%s]\n", strchr(buf, 'o'),
           strrchr(buf, 'o'), strstr(buf, "wor"), strpbrk(buf, ",w"));
    printf("strspn %zu strcspn %zu\n", strspn("aabbcx", "abc"), strcspn("hello", "lo"));
    char dst[16];
    memset(dst, 'x', sizeof(dst));
    strncpy(dst, "abc", 6);
    printf("strncpy %d %d %d %c\n", dst[3], dst[4], dst[5], dst[6]);
    char ov[] = "0123456789";
    memmove(ov + 2, ov, 6);
    printf("memmove fwd [%s]\n", ov);
    memmove(ov, ov + 3, 5);
    printf("memmove back [%s]\n", ov);
    printf("memcmp %d %d memchr [%s]\n", memcmp("abc", "abd", 3) < 0, memcmp("abc", "abc", 3),
           (char *)memchr(buf, 'w', strlen(buf)));
    char tok[] = "a,b;;c,,d";
    char *save;
    for (char *t = strtok_r(tok, ",;", &save); t; t = strtok_r(NULL, ",;", &save))
        printf("<%s>", t);
    printf("\n");
    char *dup = strdup("duplicate");
    printf("strdup [%s] strndup [%s]\n", dup, strndup("abcdef", 3));
    free(dup);
    unsigned char big[1000];
    for (int i = 0; i < 1000; i++)
        big[i] = (unsigned char)(i * 7);
    unsigned char cp[1000];
    memcpy(cp, big, sizeof(big));
    unsigned sum = 0;
    for (int i = 0; i < 1000; i++)
        sum = sum * 31 + cp[i];
    printf("memcpy sum %u\n", sum);
    printf("toupper %c tolower %c strcasecmp %d\n", 'a' - 32, 'Q' + 32,
           strcasecmp("HeLLo", "hello"));
}

int main(void)
{
    test_printf();
    test_strto();
    test_sort();
    test_string();
    return 0;
}
