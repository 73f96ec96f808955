/*
 * env.c — prints argc, every argv[i] (argv[0] verbatim, so `-0 name` shows), the whole
 * environment sorted, and then getenv() of the names given as arguments of the form `?NAME`
 * (env.args asks for HOME and PATH, plus FOO, which the CLI tests set with -E FOO=bar). Also
 * used by tests/cli to check -E, -U and -0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    printf("argc %d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d] = [%s]\n", i, argv[i]);
    printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);
    int n = 0;
    while (environ[n])
        n++;
    char **env = malloc(sizeof(char *) * (n + 1));
    memcpy(env, environ, sizeof(char *) * (n + 1));
    qsort(env, n, sizeof(char *), cmp_str);
    printf("environ has %d entries\n", n);
    for (int i = 0; i < n; i++)
        printf("env: %s\n", env[i]);
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '?') {
            const char *v = getenv(argv[i] + 1);
            printf("getenv(%s) = %s%s%s\n", argv[i] + 1, v ? "[" : "", v ? v : "unset",
                   v ? "]" : "");
        }
    }
    free(env);
    return 0;
}
