#!/usr/bin/env bash
# The release build that is installed, checked by CI and measured by the benchmarks, one command for all of them:
#   scripts/build-release.sh [more swift build options: --product tonghop, --show-bin-path, ...]
#
# Swift and Foundation linked in (`--static-swift-stdlib`): a server needs no Swift toolchain, and each command starts
# 6–8 ms sooner than one loading them as shared libraries (Benchmarks/README.md).
#
# Every module's code, the dependencies' as well as tonghop's own, reaches the metadata of its generic types through
# functions rather than by demangling their names at first use (`-disable-concrete-type-metadata-mangled-name-accessors`):
# each such first use checked the type's conformances by scanning all 12,000 of the binary's, and every command paid
# for a hundred of them in Yams, ArgumentParser, GRDB and the standard library's code built into them. Package.swift
# gives the flag to tonghop's modules only (SwiftPM passes no flags to a dependency); given here, every module has it.
# Measured (callgrind, every thread): `init` 172.1 → 158.0 M instructions, a late check 265.9 → 248.5 M.
set -euo pipefail
cd "$(dirname "$0")/.."
exec swift build -c release --static-swift-stdlib \
  -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors "$@"
