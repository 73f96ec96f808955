/*
 * dl_main.c — dlopen/dlsym of a guest shared library built by t_shlib.sh (libcompat_math.so in
 * the current directory): error texts for a missing library and a missing symbol, symbols of
 * functions and data, a callback from the library into this program (exported by -rdynamic),
 * thread-local data of the library seen from another thread, dladdr, reference counting across
 * two dlopen calls, constructor and destructor order, and a library from the sysroot (libm)
 * loaded with RTLD_NOW | RTLD_GLOBAL.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

void main_note(const char *what)
{
    printf("note: %s\n", what);
}

static long add(long a, long b)
{
    return a + b;
}

static void *thread_main(void *arg)
{
    double (*h)(double, double, double) = arg;
    static double r;

    r = h(2, 3, 6);
    return &r;
}

static const char *tail(const char *s)
{
    const char *p = strrchr(s, '/');
    return p ? p + 1 : s;
}

int main(void)
{
    void *h, *h2, *lm;
    double (*hypot3)(double, double, double);
    long (*fold)(long (*)(long, long), const long *, int, long);
    const long v[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    int *calls;
    pthread_t t;
    void *res;
    Dl_info info;

    h = dlopen("./libmissing.so", RTLD_NOW);
    printf("missing library: %s, %s\n", h ? "opened" : "NULL",
           strstr(dlerror(), "No such file") ? "No such file" : "other error");
    h = dlopen("./libcompat_math.so", RTLD_LAZY);
    if (!h) {
        printf("dlopen failed: %s\n", dlerror());
        return 1;
    }
    printf("missing symbol: %s\n", dlsym(h, "cm_nothing") ? "found" : "NULL");
    printf("dlerror mentions it: %s\n", strstr(dlerror(), "cm_nothing") ? "yes" : "no");
    printf("dlerror cleared: %s\n", dlerror() ? "no" : "yes");
    hypot3 = (double (*)(double, double, double))dlsym(h, "cm_hypot3");
    fold = (long (*)(long (*)(long, long), const long *, int, long))dlsym(h, "cm_fold");
    calls = dlsym(h, "cm_calls");
    printf("cm_name: %s\n", (const char *)dlsym(h, "cm_name"));
    printf("hypot3(1, 2, 2) = %g\n", hypot3(1, 2, 2));
    printf("fold(add) = %ld\n", fold(add, v, 10, 100));
    pthread_create(&t, NULL, thread_main, (void *)hypot3);
    pthread_join(t, &res);
    printf("hypot3 in a thread = %g, calls %d\n", *(double *)res, *calls);
    if (dladdr((void *)hypot3, &info))
        printf("dladdr: %s in %s\n", info.dli_sname, tail(info.dli_fname));
    h2 = dlopen("./libcompat_math.so", RTLD_NOW | RTLD_NOLOAD);
    printf("RTLD_NOLOAD: %s, same handle: %s\n", h2 ? "loaded" : "not loaded",
           h2 == h ? "yes" : "no");
    dlclose(h2);
    lm = dlopen("libm.so.6", RTLD_NOW | RTLD_GLOBAL);
    printf("libm: %s, cbrt(27) = %g\n", lm ? "opened" : dlerror(),
           ((double (*)(double))dlsym(lm, "cbrt"))(27.0));
    printf("closing\n");
    dlclose(h);
    printf("closed: RTLD_NOLOAD now %s\n",
           dlopen("./libcompat_math.so", RTLD_NOW | RTLD_NOLOAD) ? "loaded" : "not loaded");
    return 0;
}
