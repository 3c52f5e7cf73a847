# Sourced by the scripts in this folder.

# Exports NNDL_CIFAR_DIR as the first of the given folders that exists, unless it is already set.
use_cifar_from() {
    [ -n "${NNDL_CIFAR_DIR:-}" ] && return 0
    local d
    for d in "$@"; do
        if [ -d "$d" ]; then
            export NNDL_CIFAR_DIR="$(cd "$d" && pwd)"
            return 0
        fi
    done
    return 0
}

# Builds the release nndl-tui for this machine's CPU (swiftc -target-cpu native: AVX2 or AVX-512 where present, as
# llm.c builds with -march=native); the element-wise passes run up to 25% faster and results are bit-identical.
# The binary may not run on an older CPU: NNDL_PORTABLE=1 builds for any x86-64 instead.
build_release() {
    local flags=()
    if [ "${NNDL_PORTABLE:-0}" != 1 ]; then flags=(-Xswiftc -target-cpu -Xswiftc native); fi
    swift build -c release --product nndl-tui "${flags[@]}" >&2
}
