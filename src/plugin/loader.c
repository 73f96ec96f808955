/*
 * loader.c — the -plugin option syntax and plugin loading (spec §2).
 *
 * Parsing: each -plugin string (and QEMU_PLUGIN, which main passes first) is a list of
 * "key=value" items separated by ',' (",," is a literal comma). The first item may omit
 * "file="; file= selects the current plugin (an identical path reuses the earlier request, so
 * its arguments accumulate); other items become the current plugin's "name=value" arguments.
 * Requests are kept in plg_core.descs in the order they were first made.
 *
 * Loading: GModule in local binding mode with immediate symbol resolution (like QEMU, so the
 * path rules, error texts and g_module_check_init/g_module_unload hooks are the same), then
 * the install and version symbols are checked, the plugin gets an id and its install function
 * runs under the plugin lock. The first failure ends the process (status 1) after running the
 * atexit callbacks of the plugins installed before it.
 *
 * Threading: main thread, before any vCPU exists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

#include "core.h"
#include "plugin.h"

/* ---- option parsing ---- */

static bool is_bool_word(const char *v)
{
    static const char *const words[] = {"on", "yes", "true", "y", "off", "no", "false", "n"};
    for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
        if (!strcmp(v, words[i]))
            return true;
    }
    return false;
}

/* Split s at single commas (",," is a literal comma) into a NULL-terminated vector. */
static char **split_items(const char *s)
{
    GPtrArray *items = g_ptr_array_new();
    GString *cur = g_string_new(NULL);
    for (const char *p = s;; p++) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(cur, ',');
            p++;
        } else if (*p == ',' || !*p) {
            g_ptr_array_add(items, g_string_free(cur, FALSE));
            cur = g_string_new(NULL);
            if (!*p)
                break;
        } else {
            g_string_append_c(cur, *p);
        }
    }
    g_string_free(cur, TRUE);
    g_ptr_array_add(items, NULL);
    return (char **)g_ptr_array_free(items, FALSE);
}

static struct plg_desc *find_or_add_desc(const char *path)
{
    GPtrArray *descs = plg_core.descs;
    for (guint i = 0; i < descs->len; i++) {
        struct plg_desc *d = g_ptr_array_index(descs, i);
        if (!strcmp(d->path, path))
            return d;
    }
    struct plg_desc *d = g_new0(struct plg_desc, 1);
    d->path = g_strdup(path);
    d->args = g_ptr_array_new();
    g_ptr_array_add(descs, d);
    return d;
}

char *plg_parse_into(const char *optstring, bool *help)
{
    plg_core_init();
    *help = false;
    char **items = split_items(optstring);
    /* A help request anywhere wins, before anything is recorded. */
    for (int i = 0; items[i]; i++) {
        const char *eq = strchr(items[i], '=');
        const char *val = eq ? eq + 1 : (i == 0 ? items[i] : NULL);
        if (val && (!strcmp(val, "help") || !strcmp(val, "?"))) {
            *help = true;
            g_strfreev(items);
            return NULL;
        }
    }
    struct plg_desc *cur = NULL;
    char *err = NULL;
    for (int i = 0; items[i] && !err; i++) {
        char *item = items[i];
        if (!*item)
            continue;
        char *eq = strchr(item, '=');
        const char *key, *val;
        if (eq) {
            *eq = '\0';
            key = item;
            val = eq + 1;
        } else if (i == 0) {
            key = "file";
            val = item;
        } else {
            bool neg = !strncmp(item, "no", 2) && item[2];
            key = neg ? item + 2 : item;
            val = neg ? "off" : "on";
            fprintf(stderr,
                    "%s: warning: short-form boolean option '%s' is deprecated\n"
                    "%s: hint: write '%s=%s' instead\n",
                    plume_progname, item, plume_progname, key, val);
        }
        if (!strcmp(key, "file")) {
            if (!*val)
                err = g_strdup("-plugin: 'file' needs a non-empty plugin path");
            else
                cur = find_or_add_desc(val);
        } else if (!strcmp(key, "id")) {
            continue;
        } else if (!cur) {
            err = g_strdup_printf("-plugin: argument '%s' needs a preceding file=<plugin>", key);
        } else if (!strcmp(key, "arg") && !is_bool_word(val)) {
            char *arg = strchr(val, '=') ? g_strdup(val) : g_strdup_printf("%s=on", val);
            fprintf(stderr,
                    "%s: warning: -plugin argument 'arg=%s' is deprecated\n"
                    "%s: hint: pass it as '%s'\n",
                    plume_progname, val, plume_progname, arg);
            g_ptr_array_add(cur->args, arg);
        } else {
            g_ptr_array_add(cur->args, g_strdup_printf("%s=%s", key, val));
        }
    }
    g_strfreev(items);
    return err;
}

void plg_print_usage(void)
{
    printf("-plugin [file=]<path>[,<name>=<value>]...  load a plugin (a shared object exporting\n"
           "    qemu_plugin_install and qemu_plugin_version, API versions %d to %d); the\n"
           "    <name>=<value> pairs are passed to it in order (',,' is a literal comma)\n",
           PLG_MIN_VERSION, PLG_MAX_VERSION);
}

void plg_parse_option(const char *optstring)
{
    bool help;
    char *err = plg_parse_into(optstring, &help);
    if (help) {
        plg_print_usage();
        exit(0);
    }
    if (err)
        die("%s", err);
}

/* ---- loading ---- */

typedef int (*install_fn_t)(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv);

static uint64_t new_id(void)
{
    for (;;) {
        uint64_t id = ((uint64_t)g_random_int() << 32) | g_random_int();
        bool used = id == 0;
        for (struct plg_ctx *c = plg_core.ctxs; c && !used; c = c->next)
            used = c->id == id;
        if (!used)
            return id;
    }
}

char *plg_load_one(struct plg_desc *d)
{
    GModule *m = g_module_open(d->path, G_MODULE_BIND_LOCAL);
    if (!m)
        return g_strdup(g_module_error());
    gpointer install = NULL, version = NULL;
    if (!g_module_symbol(m, "qemu_plugin_install", &install)) {
        char *e =
            g_strdup_printf("could not find symbol \"qemu_plugin_install\": %s", g_module_error());
        g_module_close(m);
        return e;
    }
    if (!install) {
        g_module_close(m);
        return g_strdup("the qemu_plugin_install entry point is NULL");
    }
    if (!g_module_symbol(m, "qemu_plugin_version", &version) || !version) {
        char *e = g_strdup_printf("plugin declares no API version (symbol \"qemu_plugin_version\""
                                  "): %s",
                                  g_module_error());
        g_module_close(m);
        return e;
    }
    int v = *(const int *)version;
    if (v < PLG_MIN_VERSION || v > PLG_MAX_VERSION) {
        g_module_close(m);
        if (v < PLG_MIN_VERSION)
            return g_strdup_printf("plugin declares API version %d, older than the minimum %d", v,
                                   PLG_MIN_VERSION);
        return g_strdup_printf("plugin declares API version %d, newer than the maximum %d", v,
                               PLG_MAX_VERSION);
    }

    struct plg_ctx *ctx = xcalloc(1, sizeof(*ctx));
    ctx->abi = v;
    ctx->path = g_strdup(d->path);
    ctx->module = m;
    ctx->argc = (int)d->args->len;
    ctx->argv = ctx->argc ? (char **)g_ptr_array_free(d->args, FALSE) : NULL;
    if (!ctx->argc)
        g_ptr_array_free(d->args, TRUE);
    d->args = NULL;
    plg_ctx_record_ranges(ctx, install);

    qemu_info_t info = {
        .target_name = "riscv64",
        .version = {.min = PLG_MIN_VERSION, .cur = PLG_MAX_VERSION},
        .system_emulation = false,
    };
    plg_lock();
    ctx->id = new_id();
    struct plg_ctx **l = &plg_core.ctxs;
    while (*l)
        l = &(*l)->next;
    __atomic_store_n(l, ctx, __ATOMIC_RELEASE);
    ctx->installing = true;
    plg_core.installing = ctx;
    int rc = ((install_fn_t)install)(ctx->id, &info, ctx->argc, ctx->argv);
    ctx->installing = false;
    plg_core.installing = NULL;
    plg_unlock();
    if (rc != 0) {
        plg_lock();
        plg_unregister_all_locked(ctx, false);
        plg_unlock();
        return g_strdup_printf("qemu_plugin_install returned error code %d", rc);
    }
    return NULL;
}

void plg_load_all(struct proc *p)
{
    plg_core_init();
    plg_core.proc = p;
    GPtrArray *descs = plg_core.descs;
    for (guint i = 0; i < descs->len; i++) {
        struct plg_desc *d = g_ptr_array_index(descs, i);
        char *err = plg_load_one(d);
        if (err) {
            plg_run_atexit();
            die("Could not load plugin %s: %s", d->path, err);
        }
        plg_active = true;
    }
}
