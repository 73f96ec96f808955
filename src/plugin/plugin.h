/*
 * plugin.h — what main.c needs from the plugin layer: the -plugin option parser and the loader.
 *
 * Main thread only, before any vCPU exists. Errors are reported as one line "plume: ..." and
 * end the process with status 1 (load errors: "plume: Could not load plugin <path>: <reason>").
 */
#ifndef PLUME_PLUGIN_PLUGIN_H
#define PLUME_PLUGIN_PLUGIN_H

#include "../exec/cpu.h"

/* Parse one -plugin argument (or the QEMU_PLUGIN value, which main parses first): records the
 * plugins to load and their arguments. "help" as any value prints the usage and exits 0. */
void plg_parse_option(const char *optstring);
/* Load every plugin requested so far, in order, and run its qemu_plugin_install. Sets
 * plg_active when at least one plugin is loaded. p must outlive the process. */
void plg_load_all(struct proc *p);

#endif
