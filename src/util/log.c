/*
 * log.c — the `-d` / `-D` log stream shared by the engine, the syscall tracer and plugins.
 *
 * The mask and stream are set once by main.c before any vCPU starts and only read afterwards;
 * writes lock the stream (flockfile) and flush, so each call is atomic across threads. The -D
 * file is opened close-on-exec on a descriptor near the top of the soft RLIMIT_NOFILE
 * (fd_move_high).
 */
#include "log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

unsigned log_mask;
static FILE *log_stream;

static const struct {
    const char *name;
    unsigned bit;
    const char *help;
} log_items[] = {
    {"in_asm", LOG_IN_ASM, "show guest code of each translated block (disassembly)"},
    {"exec", LOG_EXEC, "show a trace line for every executed block"},
    {"cpu", LOG_CPU, "show guest registers before each executed block"},
    {"strace", LOG_STRACE, "log every system call (same as -strace)"},
    {"unimp", LOG_UNIMP, "log unimplemented system calls and features, once each"},
    {"plugin", LOG_PLUGIN, "output from plugins' qemu_plugin_outs()"},
    {"page", LOG_PAGE, "show the guest memory map after loading"},
};

bool log_parse_items(const char *s, unsigned *mask, const char **bad)
{
    static __thread char badbuf[64];
    unsigned m = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        bool found = false;
        for (size_t i = 0; i < ARRAY_SIZE(log_items); i++) {
            if (strlen(log_items[i].name) == n && !strncmp(s, log_items[i].name, n)) {
                m |= log_items[i].bit;
                found = true;
            }
        }
        if (!found && n > 0) {
            snprintf(badbuf, sizeof(badbuf), "%.*s", (int)n, s);
            *bad = badbuf;
            return false;
        }
        s += n;
        if (*s == ',')
            s++;
    }
    *mask = m;
    return true;
}

void log_print_items(void)
{
    printf("Log items (comma separated):\n");
    for (size_t i = 0; i < ARRAY_SIZE(log_items); i++)
        printf("%-10s %s\n", log_items[i].name, log_items[i].help);
}

void log_set_file(const char *path)
{
    char name[4096];
    const char *pct = strstr(path, "%d");
    if (pct)
        snprintf(name, sizeof(name), "%.*s%d%s", (int)(pct - path), path, (int)getpid(), pct + 2);
    else
        snprintf(name, sizeof(name), "%s", path);
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        die("cannot open log file %s: %m", name);
    /* Out of the guest's way; linux/ refuses guest close/dup3 on this one (log_fd). */
    fd = fd_move_high(fd);
    FILE *f = fdopen(fd, "w");
    if (!f)
        die("cannot open log file %s: %m", name);
    log_stream = f;
}

int log_fd(void)
{
    return log_stream ? fileno(log_stream) : -1;
}

static FILE *stream(void) { return log_stream ? log_stream : stderr; }

void log_printf(const char *fmt, ...)
{
    FILE *f = stream();
    va_list ap;
    va_start(ap, fmt);
    flockfile(f);
    vfprintf(f, fmt, ap);
    fflush(f);
    funlockfile(f);
    va_end(ap);
}

void log_puts(const char *s)
{
    FILE *f = stream();
    flockfile(f);
    fputs(s, f);
    fflush(f);
    funlockfile(f);
}
