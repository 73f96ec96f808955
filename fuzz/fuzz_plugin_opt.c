/*
 * fuzz_plugin_opt.c — libFuzzer target for the -plugin option parser.
 *
 * plg_parse_option() ends the process on bad input, so the target drives the non-dying core
 * plg_parse_into() (src/plugin/core.h) directly, in process. The input is split at NUL bytes
 * into up to eight option strings, parsed one after the other as repeated -plugin options would
 * be. Each string is also run through a small reference model written from the rules table of
 * spec/plugin-api.md §2.1 (",," escapes, implicit file=, help/?, bare and "no" flags, id=,
 * legacy arg=), and after every call the target checks that
 *   - an error is a non-empty one-line message (it may quote input, newlines included), a help
 *     request returns no error, and the parser errs exactly when the model does;
 *   - on success the recorded requests (paths, in first-request order, and each plugin's
 *     argument strings in order) are exactly the model's.
 * After an error or a help request the input ends (the real option handler exits there).
 * Between inputs the request list is emptied (the harness owns plg_core.descs while it runs),
 * so LeakSanitizer also checks that the parser frees what it does not keep. The parser's
 * deprecation warnings go to a null stream; failures are written to file descriptor 2.
 * Threading: single-threaded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/plugin/core.h"

#define MAX_OPTS 8

/* One plugin request of the reference model. */
struct model_desc {
    char *path;
    char **args;
    size_t nargs;
};

/* The reference model's request list. */
struct model {
    struct model_desc *d;
    size_t n;
};

/* Report a violated invariant about option string opt and abort. */
static void fail(const char *what, const char *opt)
{
    dprintf(2, "fuzz_plugin_opt: %s (option \"%s\")\n", what, opt);
    abort();
}

/* Free every recorded plugin request of the parser and empty its list. */
static void reset_descs(void)
{
    GPtrArray *descs = plg_core.descs;
    for (guint i = 0; i < descs->len; i++) {
        struct plg_desc *d = g_ptr_array_index(descs, i);
        for (guint j = 0; j < d->args->len; j++)
            g_free(g_ptr_array_index(d->args, j));
        g_ptr_array_free(d->args, TRUE);
        g_free(d->path);
        g_free(d);
    }
    g_ptr_array_set_size(descs, 0);
}

/* Free the model's list. */
static void model_free(struct model *m)
{
    for (size_t i = 0; i < m->n; i++) {
        for (size_t j = 0; j < m->d[i].nargs; j++)
            free(m->d[i].args[j]);
        free(m->d[i].args);
        free(m->d[i].path);
    }
    free(m->d);
}

/* The model's request for path, created at the end of the list if new. */
static struct model_desc *model_select(struct model *m, const char *path)
{
    for (size_t i = 0; i < m->n; i++) {
        if (!strcmp(m->d[i].path, path))
            return &m->d[i];
    }
    m->d = realloc(m->d, (m->n + 1) * sizeof(*m->d));
    if (!m->d)
        abort();
    struct model_desc *d = &m->d[m->n++];
    d->path = strdup(path);
    d->args = NULL;
    d->nargs = 0;
    return d;
}

/* Append "key=value" to a model request. */
static void model_arg(struct model_desc *d, const char *key, const char *val)
{
    d->args = realloc(d->args, (d->nargs + 1) * sizeof(char *));
    char *a = NULL;
    if (!d->args || asprintf(&a, "%s=%s", key, val) < 0)
        abort();
    d->args[d->nargs++] = a;
}

/* True for the boolean words of QEMU's option syntax. */
static bool model_bool_word(const char *v)
{
    static const char *const words[] = {"on", "yes", "true", "y", "off", "no", "false", "n"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (!strcmp(v, words[i]))
            return true;
    }
    return false;
}

/*
 * Split opt into items at single commas, ",," standing for a literal comma. Returns a malloc'd
 * array of n malloc'd strings.
 */
static char **model_split(const char *opt, size_t *n)
{
    size_t len = strlen(opt), cap = len + 2, cnt = 0, w = 0;
    char **items = malloc(cap * sizeof(char *));
    char *cur = malloc(len + 1);
    if (!items || !cur)
        abort();
    for (size_t i = 0;; i++) {
        if (opt[i] == ',' && opt[i + 1] == ',') {
            cur[w++] = ',';
            i++;
        } else if (opt[i] == ',' || opt[i] == '\0') {
            cur[w] = '\0';
            items[cnt++] = strdup(cur);
            w = 0;
            if (!opt[i])
                break;
        } else {
            cur[w++] = opt[i];
        }
    }
    free(cur);
    *n = cnt;
    return items;
}

/*
 * Apply one option string to the model. Returns 0 on success, 1 for an error, 2 for a help
 * request (nothing recorded).
 */
static int model_parse(struct model *m, const char *opt)
{
    size_t n;
    char **items = model_split(opt, &n);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const char *eq = strchr(items[i], '=');
        const char *val = eq ? eq + 1 : (i == 0 ? items[i] : NULL);
        if (val && (!strcmp(val, "help") || !strcmp(val, "?")))
            rc = 2;
    }
    struct model_desc *cur = NULL;
    for (size_t i = 0; i < n && !rc; i++) {
        char *it = items[i];
        const char *key, *val;
        if (!*it)
            continue;
        char *eq = strchr(it, '=');
        if (eq) {
            *eq = '\0';
            key = it;
            val = eq + 1;
        } else if (i == 0) {
            key = "file";
            val = it;
        } else if (!strncmp(it, "no", 2) && it[2]) {
            key = it + 2;
            val = "off";
        } else {
            key = it;
            val = "on";
        }
        if (!strcmp(key, "file")) {
            if (!*val)
                rc = 1;
            else
                cur = model_select(m, val);
        } else if (!strcmp(key, "id")) {
            continue;
        } else if (!cur) {
            rc = 1;
        } else if (!strcmp(key, "arg") && !model_bool_word(val)) {
            char *v = strdup(val);
            char *veq = strchr(v, '=');
            if (veq) {
                *veq = '\0';
                model_arg(cur, v, veq + 1);
            } else {
                model_arg(cur, v, "on");
            }
            free(v);
        } else {
            model_arg(cur, key, val);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
    return rc;
}

/* Check that the parser's request list equals the model's. */
static void compare(const struct model *m, const char *opt)
{
    GPtrArray *descs = plg_core.descs;
    if (descs->len != m->n)
        fail("number of plugin requests differs from the spec model", opt);
    for (guint i = 0; i < descs->len; i++) {
        struct plg_desc *d = g_ptr_array_index(descs, i);
        const struct model_desc *e = &m->d[i];
        if (!d || !d->path || strcmp(d->path, e->path))
            fail("plugin path differs from the spec model", opt);
        if (!d->args || d->args->len != e->nargs)
            fail("number of plugin arguments differs from the spec model", opt);
        for (guint j = 0; j < d->args->len; j++) {
            if (strcmp(g_ptr_array_index(d->args, j), e->args[j]))
                fail("plugin argument differs from the spec model", opt);
        }
    }
}

/* Number of newline characters in s. */
static size_t count_newlines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Parse one option string with the parser and the model; returns false once either failed. */
static bool parse_one(struct model *m, const char *opt)
{
    bool help = false;
    char *err = plg_parse_into(opt, &help);
    int want = model_parse(m, opt);
    if (help && err)
        fail("help request also returned an error", opt);
    if (help != (want == 2))
        fail("help detection differs from the spec model", opt);
    if ((err != NULL) != (want == 1))
        fail(err ? "parser rejected an option the spec accepts"
                 : "parser accepted an option the spec rejects",
             opt);
    if (err) {
        if (!*err || count_newlines(err) > count_newlines(opt))
            fail("error is not a one-line message", opt);
        g_free(err);
        return false;
    }
    if (help)
        return false;
    compare(m, opt);
    return true;
}

/* libFuzzer hook: send the parser's deprecation warnings to a null stream. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    FILE *null = fopen("/dev/null", "w");
    if (null)
        stderr = null;
    return 0;
}

/* libFuzzer entry point: up to MAX_OPTS option strings separated by NUL bytes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    struct model m = {NULL, 0};
    const char *p = buf;
    for (int n = 0; n < MAX_OPTS && p <= buf + size; n++) {
        if (!parse_one(&m, p))
            break;
        p += strlen(p) + 1;
    }
    if (plg_core.descs)
        reset_descs();
    model_free(&m);
    free(buf);
    return 0;
}
