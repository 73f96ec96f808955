#!/bin/bash
# t_plugin.sh — plugins keep working under -g and their counts are not changed by the debugger:
# the bundled insn counter gives the same total without -g and with -g while
# gdb stops at breakpoints, single-steps, finishes and writes a register; the same for
# the bundled bb plugin (blocks and instructions). Both engines.
. "$(dirname "$0")/lib.sh"

exe=$(build_guest basic dynamic) || fail "cannot build the guest"
for plugin in insn bb; do
    for accel in jit interp; do
        so=$ROOT/$BUILD/plugins/lib$plugin.so
        [ -f "$so" ] || fail "$so not built"
        env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C "$PLUME" -accel $accel -plugin "$so" -d plugin \
            "$exe" >"$WORK/plain" 2>&1
        port=$(free_port)
        start_emu "$port" "$WORK/out" "$PLUME" -g "$port" -accel $accel -plugin "$so" -d plugin \
            "$exe"
        run_gdb "$port" "$exe" "$WORK/gdb" "break twice" "break seven" "continue" "stepi" \
            "stepi" "next" "finish" "set var \$a5 = \$a5" "continue" "continue" "continue"
        wait_emu
        st=$EMU_ST
        expect_line "$WORK/gdb" "[Inferior 1 (Remote target) exited with code 050]"
        grep -E 'insns|bb' "$WORK/plain" | sort >"$WORK/plain.counts"
        grep -E 'insns|bb' "$WORK/out" | sort >"$WORK/gdb.counts"
        [ -s "$WORK/plain.counts" ] || { cat "$WORK/plain"; fail "no counts from $plugin"; }
        diff "$WORK/plain.counts" "$WORK/gdb.counts" || fail "$plugin/$accel counts differ under -g"
        echo "ok $plugin $accel: $(tr '\n' ' ' <"$WORK/gdb.counts")"
    done
done
