#!/bin/bash
# t_smoke.sh — 20-second libFuzzer smoke run of the decoder, loader and -plugin parser targets
# (fuzz/run.sh builds them in build-fuzz/ first). Skips (77) when clang's libFuzzer is missing.
cd "$(dirname "$0")/../.."
exec bash fuzz/run.sh "${FUZZ_SMOKE_S:-21}" decode elf plugin_opt
