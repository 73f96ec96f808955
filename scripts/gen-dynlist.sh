#!/bin/sh
# gen-dynlist.sh — print the linker dynamic list of every plugin API function declared in the
# given qemu-plugin.h (all versions: each declaration starts with QEMU_PLUGIN_API on the line
# that names the function), so the plume executable exports exactly those symbols.
# Usage: sh scripts/gen-dynlist.sh include/qemu-plugin.h > build/plume.dynlist
set -eu
hdr=${1:?usage: gen-dynlist.sh path/to/qemu-plugin.h}
names=$(grep -v '^#' "$hdr" | grep -A1 'QEMU_PLUGIN_API' |
    grep -o 'qemu_plugin_[a-z0-9_]*(' | tr -d '(' | sort -u)
[ -n "$names" ] || { echo "gen-dynlist.sh: no API functions found in $hdr" >&2; exit 1; }
echo '{'
for n in $names; do
    echo "    $n;"
done
echo '};'
