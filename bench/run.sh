#!/bin/bash
# run.sh — plume's benchmark runner (called by `make bench`, see bench/Makefile.inc).
#
# Runs every workload natively, under qemu-riscv64 and under plume's JIT (plume: `-accel jit`),
# each emulator without a plugin and with the four benchmark plugins (insn-inline, insn-cb,
# bb-inline, mem-cb), and under plume's interpreter (plume-interp: `-accel interp`) without a
# plugin and with insn-inline, so that both engines are measured. Every run's
# stdout must equal the native run's: a wrong answer, a crash or a timeout fails the benchmark
# (a "FAIL ..." line, exit status 1) but the other measurements go on. A configuration whose
# emulator or plugin does not exist is reported as n/a.
# Runs are sequential (this is a 2-core machine) and interleaved per workload: for each workload,
# RUNS rounds of all configurations, so ratios compare runs made minutes apart at most.
# Raw times go to a TSV file; bench/tojson.awk turns it into the JSON result (medians, spreads,
# ratios, MIPS, geometric means); the stdout table (bench/table.awk), the SVG chart
# (bench/chart.awk) and, for full runs, the table in docs/performance.md (bench/update-doc.sh) are
# all generated from that JSON.
#
# Environment (all optional):
#   QUICK=1        smoke run: SIZE 0.01, RUNS 1, results under $BENCH_DIR/results
#   SIZE=x         workload scale factor (1 = about one second natively per workload)
#   RUNS=n         timed runs per configuration (default 3; QUICK 1)
#   WORKLOADS="…"  workloads to run (default all; see WORKLOAD_LIST)
#   CONFIGS="…"    configurations to run, glob patterns (e.g. "qemu* plume"); native always runs
#   BENCH_DIR      built workloads and plugins (default build/bench)
#   PLUME, QEMU    emulators (default build/plume, qemu-riscv64); PLUME_VERSION labels plume in
#                  the results (default: the commit checked out)
#   OUT            results directory (default bench/results; QUICK: $BENCH_DIR/results)
#   TIMEOUT        seconds per run before it counts as failed (default: 60 + 1000 times the
#                  workload's first native time: callbacks can cost 200x, and the machine is shared)
set -u
export LC_ALL=C
cd "$(dirname "$0")/.."
ROOT=$PWD

abspath() { case $1 in /*) echo "$1" ;; *) echo "$ROOT/$1" ;; esac; }

QUICK=${QUICK:-}
[ "$QUICK" = 0 ] && QUICK=
BENCH_DIR=$(abspath "${BENCH_DIR:-build/bench}")
PLUME=$(abspath "${PLUME:-build/plume}")
QEMU=${QEMU:-qemu-riscv64}
PLUGIN_DIR=$BENCH_DIR/plugins
if [ -n "$QUICK" ]; then
    SIZE=${SIZE:-0.01}; RUNS=${RUNS:-1}
    OUT=$(abspath "${OUT:-$BENCH_DIR/results}"); STEM=quick
else
    SIZE=${SIZE:-1}; RUNS=${RUNS:-3}
    OUT=$(abspath "${OUT:-bench/results}"); STEM=latest
fi
WORKLOAD_LIST=(intloop sha256 sort matmul nbody alloc strings syscalls threads-1 threads-2 cxx)
PLUGIN_LIST=(none insn-inline insn-cb bb-inline mem-cb)
[ -n "${WORKLOADS:-}" ] && read -r -a WORKLOAD_LIST <<<"$WORKLOADS"
CONFIG_FILTER=${CONFIGS:-}

if ! [[ "$SIZE" =~ ^[0-9]*\.?[0-9]+$ ]] || ! [[ "$RUNS" =~ ^[1-9][0-9]*$ ]]; then
    echo "bench: SIZE must be a positive number and RUNS a positive integer" >&2
    exit 2
fi

mkdir -p "$BENCH_DIR" "$OUT"
# A private scratch directory: several runners (make test, a developer) may share BENCH_DIR.
WORK=$(mktemp -d "$BENCH_DIR/work.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
RAW=$WORK/$STEM.tsv
: >"$RAW"
failures=0

# The configuration list: native, then each emulator without and with each plugin (the
# interpreter with the inline counter only).
CONFIG_LIST=(native)
for emu in qemu plume plume-interp; do
    plugs=("${PLUGIN_LIST[@]}")
    [ "$emu" = plume-interp ] && plugs=(none insn-inline)
    for plug in "${plugs[@]}"; do
        cfg=$emu; [ "$plug" != none ] && cfg=$emu+$plug
        if [ -z "$CONFIG_FILTER" ]; then
            CONFIG_LIST+=("$cfg")
            continue
        fi
        set -f # the patterns are matched against names, not expanded against files
        for pat in $CONFIG_FILTER; do
            # shellcheck disable=SC2053  # glob match is intended
            if [[ $cfg == $pat ]]; then CONFIG_LIST+=("$cfg"); break; fi
        done
        set +f
    done
done

# Why a configuration cannot run ("" if it can).
unavailable() { # config
    local emu=${1%%+*} plug=none
    [[ $1 == *+* ]] && plug=${1#*+}
    case $emu in
    qemu) command -v "$QEMU" >/dev/null || { echo "$QEMU not found"; return; } ;;
    plume | plume-interp) [ -x "$PLUME" ] || { echo "$PLUME not built"; return; } ;;
    esac
    if [ "$plug" != none ] && [ ! -f "$PLUGIN_DIR/lib${plug/-/_}.so" ]; then
        echo "plugin lib${plug/-/_}.so not built"
    fi
}

# Workload name → binary and arguments.
workload_bin() { case $1 in threads-*) echo threads ;; *) echo "$1" ;; esac; }
workload_args() { case $1 in threads-*) echo "${1#threads-} $SIZE" ;; *) echo "$SIZE" ;; esac; }

# Runs one measurement; sets R_STATUS (ok or a failure description), R_US (elapsed µs), R_PLUG.
run_one() { # workload config
    local w=$1 cfg=$2 emu=${2%%+*} plug=none bin args cmd=()
    [[ $cfg == *+* ]] && plug=${cfg#*+}
    bin=$(workload_bin "$w")
    read -r -a args <<<"$(workload_args "$w")"
    local out=$WORK/run.out err=$WORK/run.err pout=$WORK/run.plugin
    rm -f "$pout"
    case $emu in
    native) cmd=("$BENCH_DIR/native/$bin") ;;
    qemu) cmd=("$QEMU") ;;
    plume) cmd=("$PLUME" -accel jit) ;;
    plume-interp) cmd=("$PLUME" -accel interp) ;;
    esac
    if [ "$emu" != native ]; then
        [ "$plug" != none ] && cmd+=(-plugin "$PLUGIN_DIR/lib${plug/-/_}.so,out=$pout")
        cmd+=("$BENCH_DIR/riscv64/$bin")
    fi
    local t0=$EPOCHREALTIME
    timeout "$limit" env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C "${cmd[@]}" "${args[@]}" \
        </dev/null >"$out" 2>"$err"
    local st=$? t1=$EPOCHREALTIME
    R_US=$(( ${t1/./} - ${t0/./} ))
    R_PLUG=""
    R_STATUS=ok
    if [ "$st" = 124 ]; then
        R_STATUS="timeout after ${limit}s"
    elif [ "$st" != 0 ]; then
        R_STATUS="exit status $st (stderr: '$(tail -n 2 "$err" | tr '\n' '|' | cut -c1-160)';"
        R_STATUS+=" stdout: '$(tail -n 2 "$out" | tr '\n' '|' | cut -c1-160)')"
    elif [ "$emu" = native ]; then
        cp "$out" "$WORK/$w.expected"
    elif ! cmp -s "$out" "$WORK/$w.expected"; then
        R_STATUS="wrong output: got '$(head -c 200 "$out" | tr '\n' '|')'"
        R_STATUS+=" want '$(tr '\n' '|' <"$WORK/$w.expected")'"
    elif [ "$plug" != none ]; then
        if [ -s "$pout" ]; then
            R_PLUG=$(head -n 1 "$pout")
        else
            R_STATUS="the plugin wrote no result"
        fi
    fi
}

printf 'bench: %s, SIZE=%s, RUNS=%s, %d workloads x %d configurations\n' \
    "$([ -n "$QUICK" ] && echo quick || echo full)" "$SIZE" "$RUNS" \
    "${#WORKLOAD_LIST[@]}" "${#CONFIG_LIST[@]}"
for w in "${WORKLOAD_LIST[@]}"; do
    bin=$(workload_bin "$w")
    if [ ! -x "$BENCH_DIR/native/$bin" ] || [ ! -f "$BENCH_DIR/riscv64/$bin" ]; then
        echo "FAIL $w: workload not built ($BENCH_DIR/{native,riscv64}/$bin; run make bench-build)"
        failures=$((failures + 1))
        continue
    fi
    declare -A times=() status=() plugout=()
    limit=${TIMEOUT:-900}
    for cfg in "${CONFIG_LIST[@]}"; do
        why=$(unavailable "$cfg")
        [ -n "$why" ] && status[$cfg]="n/a: $why"
    done
    for ((r = 1; r <= RUNS; r++)); do
        for cfg in "${CONFIG_LIST[@]}"; do
            [ -n "${status[$cfg]:-}" ] && continue
            run_one "$w" "$cfg"
            if [ "$R_STATUS" != ok ]; then
                status[$cfg]="fail: $R_STATUS"
                echo "FAIL $w $cfg: $R_STATUS"
                failures=$((failures + 1))
                if [ "$cfg" = native ]; then
                    for c in "${CONFIG_LIST[@]}"; do
                        [ -z "${status[$c]:-}" ] && status[$c]="n/a: no native reference"
                    done
                fi
                continue
            fi
            times[$cfg]+="${times[$cfg]:+,}$R_US"
            [ "$cfg" = native ] && [ "$r" = 1 ] && [ -z "${TIMEOUT:-}" ] &&
                limit=$((60 + R_US * 1000 / 1000000))
            [ -n "$R_PLUG" ] && plugout[$cfg]=$R_PLUG
        done
    done
    line="  $w:"
    for cfg in "${CONFIG_LIST[@]}"; do
        st=${status[$cfg]:-ok}
        printf '%s\t%s\t%s\t%s\t%s\n' "$w" "$cfg" "$st" "${times[$cfg]:-}" \
            "${plugout[$cfg]:-}" >>"$RAW"
        case $st in ok) line+=" $cfg ok" ;; n/a*) ;; *) line+=" $cfg FAILED" ;; esac
    done
    echo "$line"
    unset times status plugout
done

qemu_version=$("$QEMU" --version 2>/dev/null | head -n 1)
plume_version=n/a
if [ -x "$PLUME" ]; then
    plume_version=${PLUME_VERSION:-$(git -C "$ROOT" log -1 --format='commit %h %cs' 2>/dev/null)}
fi
JSON=$OUT/$STEM.json
awk -F'\t' -f bench/tojson.awk \
    -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -v host="$(uname -srm)" \
    -v cpu="$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)" \
    -v ncpu="$(nproc)" -v quick="$([ -n "$QUICK" ] && echo true || echo false)" \
    -v size="$SIZE" -v runs="$RUNS" -v qemu="$qemu_version" -v plume="$plume_version" \
    -v failures="$failures" "$RAW" >"$WORK/result.json" && mv "$WORK/result.json" "$JSON"
awk -f bench/json.awk -f bench/table.awk -v mode=text "$JSON" | tee "$OUT/$STEM.txt"
awk -f bench/json.awk -f bench/chart.awk "$JSON" >"$OUT/$STEM.svg"
echo "bench: wrote $JSON, $OUT/$STEM.txt, $OUT/$STEM.svg"
if [ -z "$QUICK" ] && [ "$OUT" = "$ROOT/bench/results" ]; then
    bash bench/update-doc.sh "bench/results/$STEM.json" docs/performance.md
fi
if [ "$failures" != 0 ]; then
    echo "bench: FAILED: $failures run(s) failed (see FAIL lines above)"
    exit 1
fi
echo "bench: all runs produced the native output"
