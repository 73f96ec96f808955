/*
 * compat_math.c — a guest shared library for t_shlib.sh's dl_main.c, opened with dlopen: exported
 * functions and data, a thread-local counter, a constructor and destructor that report through
 * a hook the main program exports (-rdynamic), and a call back into the main program.
 */
#include <math.h>
#include <stdio.h>

extern void main_note(const char *what);

int cm_calls;
const char cm_name[] = "compat_math 1.0";
__thread int cm_tls_calls;

__attribute__((constructor)) static void cm_init(void)
{
    main_note("compat_math constructor");
}

__attribute__((destructor)) static void cm_fini(void)
{
    main_note("compat_math destructor");
}

double cm_hypot3(double x, double y, double z)
{
    cm_calls++;
    cm_tls_calls++;
    return sqrt(x * x + y * y + z * z);
}

/* Apply f to each element: the library calls back into the program. */
long cm_fold(long (*f)(long, long), const long *v, int n, long init)
{
    cm_calls++;
    cm_tls_calls++;
    for (int i = 0; i < n; i++)
        init = f(init, v[i]);
    return init;
}
