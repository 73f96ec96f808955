#!/bin/bash
# t_smoke.sh — 21-second libFuzzer smoke run of the decoder, loader and -plugin parser targets.
# Skips (77) when clang's libFuzzer is missing, or when building the targets (build-fuzz/, all
# of src/ with clang and sanitizers) takes more than FUZZ_BUILD_S seconds (default 80) on a
# busy machine: the test runner's time limit must leave room for the run itself.
cd "$(dirname "$0")/../.."
if ! clang -fsanitize=fuzzer -x c -o /dev/null - <<<'int LLVMFuzzerTestOneInput(const char *d,
        unsigned long n) { return 0; }' >/dev/null 2>&1; then
    echo "clang with libFuzzer is not available"
    exit 77
fi
timeout "${FUZZ_BUILD_S:-80}" make -s -j2 build-fuzz/fuzz_decode build-fuzz/fuzz_elf \
    build-fuzz/fuzz_plugin_opt
st=$?
if [ $st = 124 ]; then
    echo "building the fuzz targets took longer than ${FUZZ_BUILD_S:-80} s; run make fuzz-build"
    exit 77
fi
[ $st = 0 ] || exit 1
exec bash fuzz/run.sh "${FUZZ_SMOKE_S:-21}" decode elf plugin_opt
