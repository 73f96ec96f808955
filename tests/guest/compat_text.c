/*
 * compat_text.c — what text-processing programs do with libc: getopt_long over the arguments
 * in compat_text.args, qsort/bsearch, POSIX regular expressions (regcomp/regexec with groups),
 * time conversion and strftime with TZ=UTC, printf of floats/doubles in every format, long
 * double (IEEE quad, soft-float on riscv64) arithmetic and math functions, strtod round trips.
 * Everything is printed, so plume and qemu-riscv64 must agree byte for byte. Single-threaded.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void options(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"verbose", no_argument, NULL, 'v'},
        {"level", required_argument, NULL, 'l'},
        {"color", optional_argument, NULL, 'c'},
        {"name", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    int c, idx;

    while ((c = getopt_long(argc, argv, "vl:c::n:x", longopts, &idx)) != -1) {
        switch (c) {
        case 'v': printf("option verbose\n"); break;
        case 'l': printf("option level=%ld\n", strtol(optarg, NULL, 0)); break;
        case 'c': printf("option color=%s\n", optarg ? optarg : "(default)"); break;
        case 'n': printf("option name=%s\n", optarg); break;
        default: printf("option '%c' (%d)\n", c, c);
        }
    }
    for (int i = optind; i < argc; i++)
        printf("operand %d: %s\n", i - optind, argv[i]);
}

static void sorting(void)
{
    int v[200], key;
    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry"};
    unsigned s = 12345;

    for (int i = 0; i < 200; i++) {
        s = s * 1103515245 + 12345;
        v[i] = (int)(s >> 8) % 1000;
    }
    qsort(v, 200, sizeof(v[0]), cmp_int);
    printf("sorted: %d %d %d ... %d\n", v[0], v[1], v[2], v[199]);
    key = v[137];
    printf("bsearch %d: %s\n", key, bsearch(&key, v, 200, sizeof(v[0]), cmp_int) ? "found" : "no");
    key = 1000;
    printf("bsearch %d: %s\n", key, bsearch(&key, v, 200, sizeof(v[0]), cmp_int) ? "found" : "no");
    qsort(words, 7, sizeof(words[0]), cmp_str);
    for (int i = 0; i < 7; i++)
        printf("%s%s", words[i], i < 6 ? " " : "\n");
}

static void regexes(void)
{
    static const char *const lines[] = {
        "2024-02-29 error: disk /dev/sda1 at 97%",
        "2023-11-05 info: ok",
        "garbage line",
        "1999-12-31 warning: y2k in 1 day",
    };
    regex_t re, bad;
    regmatch_t m[4];
    int rc;

    rc = regcomp(&re, "^([0-9]{4})-([0-9]{2})-([0-9]{2}) (error|warning)", REG_EXTENDED);
    printf("regcomp: %d, %zu groups\n", rc, re.re_nsub);
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        if (regexec(&re, lines[i], 4, m, 0) == 0)
            printf("match '%.*s' year %.*s\n", (int)(m[0].rm_eo - m[0].rm_so),
                   lines[i] + m[0].rm_so, (int)(m[1].rm_eo - m[1].rm_so), lines[i] + m[1].rm_so);
        else
            printf("no match: %s\n", lines[i]);
    }
    regfree(&re);
    rc = regcomp(&bad, "a(b", REG_EXTENDED);
    if (rc) {
        char msg[128];
        regerror(rc, &bad, msg, sizeof(msg));
        printf("bad regex: %s\n", msg);
    }
    rc = regcomp(&re, "hello", REG_ICASE | REG_NOSUB);
    printf("icase: %d\n", regexec(&re, "Say HeLLo", 0, NULL, 0));
    regfree(&re);
}

static void times(void)
{
    char buf[128];
    time_t t = 1709164800 + 3723; /* 2024-02-29 01:02:03 UTC */
    struct tm tm, *lt;

    setenv("TZ", "UTC", 1);
    tzset();
    lt = localtime(&t);
    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %a %b %j %U %Z %z %s", lt);
    printf("localtime: %s\n", buf);
    gmtime_r(&t, &tm);
    strftime(buf, sizeof(buf), "%c | %x | %X | %D | %e | %G-W%V-%u", &tm);
    printf("gmtime: %s\n", buf);
    tm.tm_mday += 400;
    printf("mktime +400 days: %lld\n", (long long)mktime(&tm));
    strftime(buf, sizeof(buf), "%A %d %B %Y", &tm);
    printf("normalised: %s\n", buf);
    memset(&tm, 0, sizeof(tm));
    strptime("2001-09-09 01:46:40", "%Y-%m-%d %H:%M:%S", &tm);
    printf("timegm: %lld\n", (long long)timegm(&tm));
}

static void floats(void)
{
    double d[] = {0.0, -0.0, 1.0 / 3, 2.5, 1e300, 1e-310, 123456789.125, NAN, INFINITY};
    float f = 3.14159265f;
    long double q = 1.0L / 3, r;

    for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
        printf("%g|%e|%f|%.17g|%a|%10.3f|%-12.4e|\n", d[i], d[i], d[i], d[i], d[i], d[i], d[i]);
    printf("float %f %.9g %a\n", f, f, f);
    printf("long double %.33Lg %La\n", q, q);
    r = sqrtl(2.0L);
    printf("sqrtl(2) %.33Lg\n", r);
    printf("expl(1) %.33Lg logl(10) %.33Lg\n", expl(1.0L), logl(10.0L));
    printf("sinl(1) %.30Lg powl(3, 0.5) %.30Lg\n", sinl(1.0L), powl(3.0L, 0.5L));
    printf("fmal %.33Lg\n", fmal(q, 3.0L, -1.0L));
    printf("ld cmp %d %d, ldexpl %Lg\n", q * 3 == 1.0L, r * r == 2.0L, ldexpl(1.0L, -16000));
    printf("strtold %.33Lg strtod %.17g\n", strtold("0.1", NULL),
           strtod("2.2250738585072014e-308", NULL));
    printf("rint %g %g lround %ld\n", rint(2.5), nearbyint(-3.5), lround(-2.5));
}

int main(int argc, char **argv)
{
    options(argc, argv);
    sorting();
    regexes();
    times();
    floats();
    return 0;
}
