#!/usr/bin/env bash
# Removes the AITBC miner installed by install.sh.
#
#   uninstall.sh [--root DIR] [--no-systemd] [--purge]
#
# The miner's identity key (/var/lib/aitbc-miner/identity.key) is kept so a reinstall is the same miner with the same
# reputation; --purge removes it, the state and config directories and the system user as well.
# With --root DIR the staged tree under DIR is cleaned and live-system commands are only printed.
set -euo pipefail

readonly SERVICE_NAME="aitbc-miner"
readonly SERVICE_USER="aitbc-miner"
readonly INSTALL_DIR="/opt/aitbc-miner"
readonly CONFIG_DIR="/etc/aitbc-miner"
readonly STATE_DIR="/var/lib/aitbc-miner"
readonly UNIT_FILE="/etc/systemd/system/${SERVICE_NAME}.service"

die() {
    echo "uninstall.sh: error: $*" >&2
    exit 1
}

root=""
use_systemd=1
purge=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --root) [[ $# -ge 2 && -n "$2" ]] || die "--root needs a value"; root="$2"; shift 2 ;;
        --root=*) root="${1#*=}"; shift ;;
        --no-systemd) use_systemd=0; shift ;;
        --purge) purge=1; shift ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done

root="${root%/}"
dry=0
[[ -n "$root" ]] && dry=1
if [[ $dry -eq 0 && "$(id -u)" -ne 0 ]]; then
    die "uninstalling from this system needs root (use sudo), or clean a staged tree with --root DIR"
fi

run_or_print() {
    if [[ $dry -eq 1 ]]; then
        echo "would run: $*"
    else
        "$@"
    fi
}

if [[ $use_systemd -eq 1 ]]; then
    # The service may already be gone; stopping is best effort, the files go regardless.
    run_or_print systemctl disable --now "${SERVICE_NAME}.service" || true
fi

rm -f -- "${root}${UNIT_FILE}"
if [[ $use_systemd -eq 1 ]]; then
    run_or_print systemctl daemon-reload || true
fi

rm -rf -- "${root}${INSTALL_DIR}" "${root}${INSTALL_DIR}.previous"
rm -f -- "${root}${CONFIG_DIR}/miner.json" "${root}${CONFIG_DIR}/miner.json.bak"

if [[ $purge -eq 1 ]]; then
    rm -rf -- "${root}${STATE_DIR}" "${root}${CONFIG_DIR}"
    if [[ $dry -eq 0 ]] && id -u "$SERVICE_USER" >/dev/null 2>&1; then
        userdel "$SERVICE_USER" || echo "could not remove user $SERVICE_USER; remove it by hand" >&2
    elif [[ $dry -eq 1 ]]; then
        echo "would run: userdel $SERVICE_USER"
    fi
    echo "removed the miner, its configuration, state and identity key"
else
    rmdir -- "${root}${CONFIG_DIR}" 2>/dev/null || true
    echo "removed the miner; kept ${STATE_DIR} (identity key) — use --purge to remove it too"
fi
