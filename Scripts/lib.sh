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
