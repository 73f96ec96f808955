#!/bin/bash
# t_unreadable.sh — an existing guest program without read permission: exit status 1 and one
# "plume: ..." line naming the permission problem. Root can read anything, so as root the check
# runs plume as user nobody through setpriv when it can; otherwise it is skipped (77).
. "$(dirname "$0")/lib.sh"

hello=$(build_asm hello) || { fail "cannot build hello"; finish; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
cp "$hello" "$tmp/noread"
chmod 000 "$tmp/noread"

if [ "$(id -u)" != 0 ]; then
    expect_error "unreadable file" 'permission|denied|access|cannot|read' "$tmp/noread"
    finish
fi
as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if ! command -v setpriv >/dev/null || ! "${as_nobody[@]}" "$PLUME" -version >/dev/null 2>&1; then
    echo "running as root and plume cannot run as nobody: skipping"
    exit 77
fi
PLUME_REAL=$PLUME
PLUME=$tmp/as-nobody
printf '#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups "%s" "$@"\n' \
    "$PLUME_REAL" >"$PLUME"
chmod 755 "$PLUME"
expect_error "unreadable file (as nobody)" 'permission|denied|access|cannot|read' "$tmp/noread"
finish
