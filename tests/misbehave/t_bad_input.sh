#!/bin/bash
# t_bad_input.sh — bad executables and plugins that tests/cli and tests/plugins/t_loader.sh do
# not cover, each "one clear error line, exit status 1, no crash", then a leak check of such
# error paths.
#
# Executables (corrupted copies of a static and a dynamic guest): ET_REL and ET_CORE files, no
# program headers, no PT_LOAD, p_vaddr/p_offset not congruent, a 1 TiB
# p_memsz, p_memsz/p_vaddr/p_offset that wrap around, a 1 TiB p_filesz; PT_INTERP naming a
# missing file, a directory, a text file or an x86-64 library, or itself empty, unterminated,
# huge or outside the file. An entry point on an unmapped page is not a load error: the guest
# dies of SIGSEGV (139), as on Linux, and plume leaves through its exit path (a plugin's atexit
# report is written). Nor is a file cut inside its writable data segment, as the program or as
# its interpreter: Linux maps it and, the bss tail of the data lying beyond the end of the file,
# kills the exec with SIGSEGV (tests/loader/t_beyond_eof checks that against native Linux);
# plume dies the same way, without a message.
# Plugins: a directory, a text file, a riscv64 shared object, /dev/null, a missing file named by
# QEMU_PLUGIN.
# Leaks: option and -plugin parsing errors under valgrind (--leak-check=full
# --errors-for-leak-kinds=definite --error-exitcode=99); valgrind cannot follow plume past its
# 256 GiB address-space reservation, so the load errors run under a LeakSanitizer build of
# plume made here ($BUILD/tests/misbehave/lsan, rebuilt by make when sources change). On a
# sanitizer build the valgrind part is skipped (valgrind cannot run it).
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dyn=$(build_guest hello dynamic) || { fail "cannot build hello"; finish; }
sta=$(build_guest hello static) || { fail "cannot build hello"; finish; }

# ---- executables ----
m() { elf_mutate "$1" "$tmp/$2" "$3" || fail "cannot make $2"; }
m "$sta" etrel 'u16(16, 1)'
m "$sta" etcore 'u16(16, 4)'
m "$sta" phnum0 'u16(56, 0)'
m "$sta" noload '[u32(p, 0) for p in loads()]'
m "$dyn" incongruent 'p = loads()[1]; u64(p + 16, u64(p + 16) + 0x800)
u64(p + 24, u64(p + 24) + 0x800)'
m "$dyn" memsz1t 'u64(loads()[1] + 40, 1 << 40)'
m "$dyn" memszwrap 'u64(loads()[1] + 40, 0xfffffffffffff000)'
m "$dyn" vaddrwrap 'p = loads()[1]; u64(p + 16, 0xffffffffffff0000 | (u64(p + 16) & 0xfff))'
m "$dyn" offsetwrap 'p = loads()[1]; u64(p + 8, 0xfffffffffffff000 | (u64(p + 8) & 0xfff))'
m "$dyn" filesz1t 'p = loads()[1]; u64(p + 32, 1 << 40); u64(p + 40, 1 << 40)'
m "$dyn" cut 'p = loads()[-1]; del b[u64(p + 8) + u64(p + 32) // 2:]'
m "$dyn" interp-missing 'set_interp("/lib/no-such-ld.so.1")'
m "$dyn" interp-dir "set_interp('$tmp')"
m "$dyn" interp-text 'set_interp("/etc/passwd")'
cp /bin/true "$tmp/x86-64"
m "$dyn" interp-x86 "set_interp('$tmp/x86-64')"
m "$dyn" interp-cut "set_interp('$tmp/cut')"
m "$dyn" interp-empty 'u64(interp() + 32, 0)'
m "$dyn" interp-unterminated 'p = interp(); b[u64(p + 8) + u64(p + 32) - 1] = 0x41'
m "$dyn" interp-huge 'u64(interp() + 32, 1 << 40)'
m "$dyn" interp-outside 'u64(interp() + 8, 1 << 40)'

elf_cases=(
    "ET_REL file|relocatable|ET_REL|executable|$tmp/etrel"
    "ET_CORE file|core|ET_CORE|executable|$tmp/etcore"
    "no program headers|program header|$tmp/phnum0"
    "no PT_LOAD|loadable|segment|$tmp/noload"
    "p_vaddr and p_offset not congruent|align|congruent|$tmp/incongruent"
    "p_memsz 1 TiB|address space|beyond|large|$tmp/memsz1t"
    "p_memsz wraps around|address space|beyond|overflow|wrap|$tmp/memszwrap"
    "p_vaddr wraps around|address space|beyond|overflow|wrap|$tmp/vaddrwrap"
    "p_offset wraps around|beyond|file|offset|$tmp/offsetwrap"
    "p_filesz 1 TiB|beyond|file|truncat|$tmp/filesz1t"
    "interpreter missing|interpreter.*(not found|no such)|$tmp/interp-missing"
    "interpreter is a directory|interpreter.*directory|$tmp/interp-dir"
    "interpreter is a text file|interpreter.*(not an elf|format)|$tmp/interp-text"
    "interpreter is x86-64|interpreter.*(x86|machine|riscv)|$tmp/interp-x86"
    "PT_INTERP empty|PT_INTERP|interpreter|$tmp/interp-empty"
    "PT_INTERP unterminated|PT_INTERP|interpreter|$tmp/interp-unterminated"
    "PT_INTERP 1 TiB long|PT_INTERP|interpreter|$tmp/interp-huge"
    "PT_INTERP outside the file|PT_INTERP|interpreter|$tmp/interp-outside"
)

# run_elf_cases plume: each case under the given plume binary (and extra args).
run_elf_cases()
{
    local c what re file
    for c in "${elf_cases[@]}"; do
        what=${c%%|*}
        file=${c##*|}
        re=${c#*|}
        re=${re%|*}
        expect_error "$what" "$re" "$@" "$file"
    done
}
run_elf_cases "$PLUME"

for f in cut interp-cut; do
    out=$({ timeout 20 "$PLUME" "$tmp/$f"; } 2>&1)
    st=$?
    if [ "$st" = 139 ] && [ -z "$out" ]; then
        pass "$f: data segment cut before its bss: killed by SIGSEGV, silently, as on Linux"
    else
        fail "$f: status $(status_name "$st") [$out], expected a silent SIGSEGV (139)"
    fi
done

insn=$ROOT/$BUILD/plugins/libinsn.so
m "$sta" entry-unmapped 'u64(24, 0x40000000)'
out=$({ timeout 20 "$PLUME" -plugin "$insn,outfile=$tmp/report" "$tmp/entry-unmapped"; } 2>&1)
st=$?
if [ "$st" = 139 ] && grep -q '^total insns: 0' "$tmp/report" 2>/dev/null; then
    pass "entry point unmapped: guest SIGSEGV (139), plume's exit path ran"
else
    fail "entry point unmapped: status $(status_name "$st") [$out]" \
        "report [$(cat "$tmp/report" 2>/dev/null)]"
fi

# ---- plugins ----
mkdir "$tmp/dir.so"
printf 'not a shared object\n' >"$tmp/text.so"
riscv64-linux-gnu-gcc -shared -fPIC -o "$tmp/riscv.so" -x c - <<<'int qemu_plugin_version = 7;' ||
    fail "cannot build riscv.so"
L="Could not load plugin"
plugin_cases=(
    "plugin is a directory|$L .*dir\\.so: .*directory|-plugin|$tmp/dir.so"
    "plugin is a text file|$L .*text\\.so: |-plugin|$tmp/text.so"
    "plugin is a riscv64 object|$L .*riscv\\.so: |-plugin|$tmp/riscv.so"
    "plugin is /dev/null|$L /dev/null|-plugin|/dev/null"
)
run_plugin_cases()
{
    local c what re opt arg
    for c in "${plugin_cases[@]}"; do
        IFS='|' read -r what re opt arg <<<"$c"
        expect_error "$what" "$re" "$@" "$opt" "$arg" "$sta"
    done
}
run_plugin_cases "$PLUME"
expect_error "QEMU_PLUGIN names a missing file" "$L $tmp/none\\.so: " \
    env QEMU_PLUGIN="$tmp/none.so" "$PLUME" "$sta"

# ---- leaks ----
if sanitized; then
    # valgrind cannot run a sanitizer build; the LeakSanitizer part below covers leaks.
    echo "valgrind checks skipped on a sanitizer build"
elif command -v valgrind >/dev/null; then
    vg=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99)
    expect_error "valgrind: unknown option" 'unknown' "${vg[@]}" "$PLUME" -no-such-option "$sta"
    expect_error "valgrind: -cpu foo" 'rv64' "${vg[@]}" "$PLUME" -cpu foo "$sta"
    expect_error "valgrind: -d bogus" 'bogus' "${vg[@]}" "$PLUME" -d in_asm,bogus "$sta"
    expect_error "valgrind: -s garbage" 'stack|size' "${vg[@]}" "$PLUME" -s 12xyz "$sta"
    expect_error "valgrind: -plugin without file" 'file=' "${vg[@]}" "$PLUME" -plugin a=1 "$sta"
    expect_error "valgrind: -plugin file=" 'non-empty' "${vg[@]}" "$PLUME" -plugin file= "$sta"
    expect_error "valgrind: no program" 'program' "${vg[@]}" "$PLUME"
else
    echo "valgrind is not installed (scripts/deps.sh installs it): valgrind checks skipped"
fi

lsan_dir=$MB_OUT/lsan
if ! (flock 9 && make -s -C "$ROOT" B="$lsan_dir" OPT="-O1 -g -fsanitize=leak" \
    "$lsan_dir/plume") 9>"$MB_OUT/lsan.lock" >"$MB_OUT/lsan-build.log" 2>&1; then
    fail "cannot build the LeakSanitizer plume (see $MB_OUT/lsan-build.log)"
    finish
fi
export LSAN_OPTIONS=exitcode=99
run_elf_cases "$lsan_dir/plume"
run_plugin_cases "$lsan_dir/plume"
expect_error "LSan: QEMU_PLUGIN names a missing file" "$L " \
    env QEMU_PLUGIN="$tmp/none.so" "$lsan_dir/plume" "$sta"
finish
