/*
 * log.h — the `-d item[,...]` / `-D file` log, QEMU-style.
 *
 * One global mask of enabled items and one output stream (stderr unless -D). Every write takes
 * the stream lock and is flushed at once, so lines from several vCPU threads never interleave.
 */
#ifndef PLUME_UTIL_LOG_H
#define PLUME_UTIL_LOG_H

#include "common.h"

enum log_item {
    LOG_IN_ASM = 1u << 0,  /* disassembly of each block when translated */
    LOG_EXEC = 1u << 1,    /* a line per executed block */
    LOG_CPU = 1u << 2,     /* registers before each executed block */
    LOG_STRACE = 1u << 3,  /* syscall trace (also -strace) */
    LOG_UNIMP = 1u << 4,   /* unimplemented syscalls/features, once each */
    LOG_PLUGIN = 1u << 5,  /* qemu_plugin_outs() output */
    LOG_PAGE = 1u << 6,    /* guest memory map after loading */
};

extern unsigned log_mask;

/* Parse "in_asm,exec,..." into a mask; returns false and names the bad item in *bad. */
bool log_parse_items(const char *s, unsigned *mask, const char **bad);
/* Print the list of items for `-d help`. */
void log_print_items(void);
/* Open the -D file ("%d" becomes the pid); dies with a clear line if it cannot. */
void log_set_file(const char *path);
/* Descriptor of the -D file (a high number, close-on-exec), or -1 when logging to stderr. */
int log_fd(void);
/* Formatted write to the log stream (no mask check). Any thread. */
void log_printf(const char *fmt, ...) PRINTF_FMT(1, 2);
/* Verbatim write of s to the log stream. Any thread. */
void log_puts(const char *s);

static inline bool log_enabled(unsigned item) { return (log_mask & item) != 0; }

#endif
