#!/bin/bash
# t_unreadable.sh — an existing guest program without read permission: exit status 1 and one
# "plume: ..." line naming the permission problem. Skipped (77) as root, who can read anything.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" = 0 ]; then
    echo "running as root: an unreadable file cannot be made; skipping"
    exit 77
fi
hello=$(build_asm hello) || { fail "cannot build hello"; finish; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$hello" "$tmp/noread"
chmod 000 "$tmp/noread"
expect_error "unreadable file" 'permission|denied|access|cannot|read' "$tmp/noread"
finish
