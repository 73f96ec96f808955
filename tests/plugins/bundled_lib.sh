# bundled_lib.sh — sourced by the t_bundled_*.sh scripts (after lib.sh): PL (the bundled plugins'
# build directory), a fail flag, and helpers to judge a plugin report.

PL=$ROOT/$B/plugins
fail=0

# ok name: print "ok name".  bad name message: print "FAIL name: message" and set fail.
ok() { echo "ok $1"; }
bad() { echo "FAIL $1: $2"; fail=1; }

# has name file line...: every line occurs verbatim (whole line) in file.
has() {
    local name=$1 file=$2 line good=1
    shift 2
    for line in "$@"; do
        grep -qxF -- "$line" "$file" || { bad "$name" "no line '$line'"; good=0; }
    done
    if [ $good = 1 ]; then ok "$name"; else head -n 20 "$file"; fi
}

# refuses name plugin-with-options guest: loading fails with status 1 and a one-line message
# that names the offending option (the last option text after the final comma).
refuses() {
    local name=$1 so=$2 guest=$3 opt=${2##*,}
    env -i "$PLUME" -plugin "$so" "$guest" >/dev/null 2>"$tmp/err"
    local st=$?
    if [ "$st" != 1 ] || ! grep -qF -- "$opt" "$tmp/err"; then
        bad "$name" "status $st for $opt"; cat "$tmp/err"
    else
        ok "$name"
    fi
}

# insn_total guest [plume-args...]: the insn plugin's total for a run.
insn_total() {
    local guest=$1
    shift
    env -i "$PLUME" "$@" -plugin "$PL/libinsn.so,outfile=$tmp/insn.txt" "$guest" >/dev/null 2>&1
    sed -n 's/^total insns: //p' "$tmp/insn.txt"
}
