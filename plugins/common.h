/*
 * common.h — what every bundled plugin shares: option parsing and the report destination.
 *
 * Options are the "name=value" strings qemu_plugin_install receives. Every bundled plugin takes
 * outfile=<path>: its report then goes to that file (created or truncated at install), or to
 * stderr for outfile=-, instead of qemu_plugin_outs (which prints only with -d plugin, as in
 * QEMU). Each report() call is one stdio write, flushed at once: lines from several vCPU threads
 * never mix, and nothing is lost when the process ends without running libc exit handlers.
 *
 * Threading: report() may be called from any thread; the rest only from qemu_plugin_install.
 * Header-only (static inline): the plugins are single-file shared objects.
 */
#ifndef PLUME_PLUGINS_COMMON_H
#define PLUME_PLUGINS_COMMON_H

#include <qemu-plugin.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where a plugin's report goes: qemu_plugin_outs when file is NULL. */
struct report_out {
    FILE *file;
};

/* The value of option `name` if arg is "name=value", else NULL. */
static inline const char *opt_value(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return !strncmp(arg, name, n) && arg[n] == '=' ? arg + n + 1 : NULL;
}

/* True if arg is "name=<boolean>" (on/off, yes/no, true/false, y/n); stores it in *val. */
static inline bool opt_bool(const char *arg, const char *name, bool *val)
{
    const char *v = opt_value(arg, name);
    return v && qemu_plugin_bool_parse(name, v, val);
}

/* True if arg is "name=<decimal>"; stores it in *val. */
static inline bool opt_unsigned(const char *arg, const char *name, unsigned *val)
{
    const char *v = opt_value(arg, name);
    char *end;
    if (!v || !*v || *v == '-')
        return false;
    unsigned long n = strtoul(v, &end, 10);
    if (*end || n > 0xffffffffu)
        return false;
    *val = (unsigned)n;
    return true;
}

/* Handle "outfile=<path>" (true if arg is that option). Returns true with *ok = false, after a
 * message on stderr, if the file cannot be created. */
static inline bool opt_outfile(const char *arg, const char *plugin, struct report_out *out,
                               bool *ok)
{
    const char *path = opt_value(arg, "outfile");
    if (!path)
        return false;
    if (out->file && out->file != stderr)
        fclose(out->file);
    out->file = !strcmp(path, "-") ? stderr : fopen(path, "w");
    *ok = out->file != NULL;
    if (!*ok)
        fprintf(stderr, "%s: cannot create %s\n", plugin, path);
    return true;
}

/* Reject an option install does not know (message on stderr); the value for install. */
static inline int bad_option(const char *plugin, const char *arg, const char *valid)
{
    fprintf(stderr, "%s: unknown option %s (valid: %s, outfile=<path>|-)\n", plugin, arg, valid);
    return -1;
}

/* Write text to the report destination. Any thread. */
static inline void report(const struct report_out *out, const char *text)
{
    if (!out->file) {
        qemu_plugin_outs(text);
        return;
    }
    fputs(text, out->file);
    fflush(out->file);
}

/* printf-style report(). Any thread. */
static inline void reportf(const struct report_out *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static inline void reportf(const struct report_out *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    report(out, text);
    g_free(text);
}

#endif
