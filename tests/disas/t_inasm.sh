#!/bin/bash
# t_inasm.sh — plume's `-d in_asm` against qemu-riscv64's on the same static binaries (C programs
# built -static -march=rv64gc_zba_zbb_zbs, and the Zb*/C/F/D ISA tests): both logs are parsed
# into pc -> (encoding, text) maps and compared on the pcs both translated. The oracle README
# (../shared/oracle/README.md) lists nine classes where Debian's QEMU 7.2 prints differently
# from QEMU 10.2, which plume follows. Classes 1-4 (lui/auipc/c.lui immediates, fmv/fneg/fabs
# register names, andn/orn/xnor's missing rs2, ctzw named clzw) are mechanical, so 7.2's text is
# rewritten into 10.2's and still compared; classes 5-9 (slli.uw, the ssp/jvt CSRs, auipc zero,
# c.lui x,0, Zcb) are skipped. Also checks that plume's log has QEMU's shape (block separator, "IN:" header, and
# "0x<16 hex>:  <encoding padded to 18>" instruction lines). Fails with the first differences.
set -u
cd "$(dirname "$0")/../.."
ROOT=${ROOT:-$PWD}
BUILD=${BUILD:-build}
PLUME=${PLUME:-$ROOT/$BUILD/plume}
OUT=$ROOT/$BUILD/tests/disas
mkdir -p "$OUT"
command -v python3 >/dev/null || { echo "python3 missing: skipping"; exit 77; }
command -v qemu-riscv64 >/dev/null || { echo "qemu-riscv64 missing: skipping"; exit 77; }
[ -x "$PLUME" ] || { echo "FAIL: $PLUME does not exist"; exit 1; }

CC="riscv64-linux-gnu-gcc -static -march=rv64gc_zba_zbb_zbs"
progs=()
for src in tests/guest/libc_basics.c tests/guest/math.c tests/guest/malloc_stress.c; do
    exe=$OUT/$(basename "$src" .c)
    $CC -O2 "$src" -o "$exe" -lm || { echo "FAIL: cannot build $src"; exit 1; }
    progs+=("$exe")
done
for src in tests/isa/zba.S tests/isa/zbb.S tests/isa/zbs.S tests/isa/rvc.S tests/isa/rv64f.S \
    tests/isa/rv64d.S tests/isa/rv64a.S tests/isa/zicsr.S; do
    exe=$OUT/$(basename "$src" .S)
    $CC -nostdlib -Itests/asm "$src" -o "$exe" || { echo "FAIL: cannot build $src"; exit 1; }
    progs+=("$exe")
done

status=0
for exe in "${progs[@]}"; do
    name=$(basename "$exe")
    env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C qemu-riscv64 -d in_asm -D "$OUT/$name.qemu.log" \
        "$exe" >/dev/null 2>&1 </dev/null
    env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C "$PLUME" -d in_asm -D "$OUT/$name.plume.log" \
        "$exe" >/dev/null 2>"$OUT/$name.plume.err" </dev/null
    st=$?
    if [ "$st" -ge 128 ]; then
        echo "FAIL $name: plume died with status $st"
        status=1
    fi
    python3 - "$name" "$OUT/$name.qemu.log" "$OUT/$name.plume.log" <<'PY' || status=1
import re, sys

name, qlog, plog = sys.argv[1:4]
LINE = re.compile(r'^0x([0-9a-f]{16}):  ([0-9a-f]{4}|[0-9a-f]{8})( +)(.*)$')


def parse(path, check_shape):
    insns, bad = {}, []
    try:
        text = open(path, encoding='utf-8', errors='replace').read()
    except OSError as e:
        return None, ['cannot read %s: %s' % (path, e)]
    headers = 0
    for line in text.split('\n'):
        m = LINE.match(line)
        if m:
            pc, enc, pad, rest = int(m.group(1), 16), m.group(2), m.group(3), m.group(4)
            if check_shape and len(enc) + len(pad) != 18:
                bad.append('encoding column not 18 wide: %r' % line)
            insns[pc] = (enc, rest)
        elif line.startswith('IN:'):
            headers += 1
        elif line and line != '----------------' and check_shape and line.startswith('0x'):
            bad.append('malformed instruction line: %r' % line)
    if check_shape and insns and not headers:
        bad.append('no "IN:" block headers')
    if check_shape and insns and '----------------\nIN:' not in text:
        bad.append('no "----------------" line before "IN:"')
    return insns, bad


XREGS = ('zero ra sp gp tp t0 t1 t2 s0 s1 a0 a1 a2 a3 a4 a5 a6 a7 s2 s3 s4 s5 s6 s7 s8 s9 '
         's10 s11 t3 t4 t5 t6').split()
FREGS = ('ft0 ft1 ft2 ft3 ft4 ft5 ft6 ft7 fs0 fs1 fa0 fa1 fa2 fa3 fa4 fa5 fa6 fa7 fs2 fs3 fs4 '
         'fs5 fs6 fs7 fs8 fs9 fs10 fs11 ft8 ft9 ft10 ft11').split()
SKIP = object()


def expected_10_2(enc, qtext):
    """What QEMU 10.2 prints for a pair that QEMU 7.2 printed as qtext: qtext itself outside the
    difference classes, a rewritten text for classes 1-4, SKIP for classes 5-9."""
    v = int(enc, 16)
    parts = qtext.split(None, 1)
    mn = parts[0] if parts else ''
    ops = parts[1].rstrip() if len(parts) > 1 else ''
    if len(enc) == 8:
        op = v & 0x7f
        if (v & 0xfc00707f) == 0x0800101b:                 # class 5: slli.uw
            return SKIP
        if op == 0x73 and (v >> 12) & 7 and (v >> 20) in (0x011, 0x017):
            return SKIP                                    # class 6: ssp, jvt
        if op == 0x17 and (v >> 7) & 31 == 0:
            return SKIP                                    # class 7: auipc zero (lpad)
        if (v & 0xfff0707f) == 0x6010101b and mn == 'clzw':
            return 'ctzw' + qtext[4:]                      # class 4
        if mn in ('andn', 'orn', 'xnor') and ops.count(',') == 1:
            return (mn.ljust(24) + ops + ',' + XREGS[(v >> 20) & 31])  # class 3
    else:
        quad, f3 = v & 3, v >> 13
        if quad == 1 and f3 == 3 and (v >> 7) & 31 not in (0, 2) and not (v & 0x107c):
            return SKIP                                    # class 8: c.lui x,0
        if quad == 0 and f3 == 4:
            return SKIP                                    # class 9: Zcb loads/stores
        if quad == 1 and (v >> 10) == 0x27 and (v >> 5) & 3 in (2, 3):
            return SKIP                                    # class 9: c.mul, c.zext/sext/not
    if mn in ('lui', 'auipc'):                             # class 1: 7.2 shows imm << 12
        m = re.match(r'^([a-z0-9]+),(-?[0-9]+)( +# 0x[0-9a-f]+)?$', ops)
        if not m or int(m.group(2)) % 4096:
            return qtext
        text = mn.ljust(24) + m.group(1) + ',' + str(int(m.group(2)) // 4096)
        if m.group(3):
            text = text.ljust(48) + m.group(3).strip()
        return text
    if mn in ('fmv.s', 'fneg.s', 'fabs.s', 'fmv.d', 'fneg.d', 'fabs.d'):   # class 2
        names = ops.split(',')
        if all(n in XREGS for n in names):
            return mn.ljust(24) + ','.join(FREGS[XREGS.index(n)] for n in names)
    return qtext


q, qbad = parse(qlog, False)
p, pbad = parse(plog, True)
if q is None or not q:
    print('FAIL %s: no qemu in_asm output (%s)' % (name, qbad))
    sys.exit(1)
if p is None or not p:
    print('FAIL %s: no plume in_asm output %s' % (name, pbad))
    sys.exit(1)
common = sorted(set(q) & set(p))
diffs, skips, rewritten, encdiff = [], 0, 0, []
for pc in common:
    (qe, qt), (pe, pt) = q[pc], p[pc]
    if qe != pe:
        encdiff.append('0x%x: qemu %s, plume %s' % (pc, qe, pe))
        continue
    want = expected_10_2(qe, qt)
    if want is SKIP:
        skips += 1
        continue
    if want == pt:
        continue
    if want != qt:
        rewritten += 1
    diffs.append('0x%x %s\n    qemu:  [%s]\n    plume: [%s]' % (pc, qe, qt, pt))
ok = not diffs and not encdiff and not pbad and len(common) >= 0.5 * len(q)
print('%s %s: %d qemu pcs, %d plume pcs, %d common, %d differ (%d of them after rewriting 7.2 '
      'text), %d skipped (7.2 classes 5-9)' % ('PASS' if ok else 'FAIL', name, len(q), len(p),
                                              len(common), len(diffs), rewritten, skips))
for d in pbad[:5]:
    print('  format: ' + d)
for d in encdiff[:5]:
    print('  encoding: ' + d)
for d in diffs[:15]:
    print('  ' + d)
if len(common) < 0.5 * len(q):
    print('  fewer than half of the pcs qemu translated were translated by plume')
sys.exit(0 if ok else 1)
PY
done
exit $status
