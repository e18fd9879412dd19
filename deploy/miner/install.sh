#!/usr/bin/env bash
# One-click installer for the AITBC miner daemon on Linux (systemd) and macOS (launchd).
#
#   AITBC_API_KEY=OWNER_KEY install.sh ARCHIVE.tar.gz --sha256 HEX [--root DIR] [--coordinator GATEWAY_URL]
#              [--lat X --lon Y | --city NAME] [--price-floor P] [--power-budget W]
#              [--service systemd|launchd|none] [--no-systemd]
#
# --service defaults to launchd on macOS and systemd elsewhere; --no-systemd is --service none. Windows has
# install.ps1. The script runs on the bash 3.2 that macOS ships.
# The rig's location (--lat/--lon, or --city NAME from the miner's world-cities table) is required for a first
# install, and asked for when the installer runs on a terminal; the miner refuses to start without one.
# The coordinator is the cluster's HTTP gateway (https://...): the miner enrols there with the owner's API key (taken
# from AITBC_API_KEY, never written anywhere), stores the client certificate it gets beside its identity key, and
# later reads the live silo gateways from it. No database connection string is ever put on a rig.
# The archive's SHA-256 is checked before anything is written. With --root DIR the install is staged under DIR
# ("dry" mode): files are written there, but no user is created, nothing is chowned and the commands that would
# touch the live system (enroll, systemctl) are printed instead of run. --no-systemd writes the unit file but never
# calls systemctl (containers, non-systemd hosts, or when you want to start it yourself).
set -euo pipefail

readonly SERVICE_NAME="aitbc-miner"
readonly LAUNCHD_LABEL="org.aitbc.miner"
readonly BINARY_NAME="MinerClient"
# A job in flight is allowed this long to finish after SIGTERM before systemd escalates to SIGKILL.
readonly DRAIN_TIMEOUT_SEC=300

die() {
    echo "install.sh: error: $*" >&2
    exit 1
}

usage() {
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
}

# --- arguments -----------------------------------------------------------------------------------------------------

archive=""
expected_sha=""
root=""
coordinator=""
coordinator_set=0
lat=""
lon=""
city=""
price_floor=""
power_budget=""
service=""

need_value() {
    [[ $# -ge 2 && -n "$2" ]] || die "$1 needs a value"
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --sha256) need_value "$@"; expected_sha="$2"; shift 2 ;;
        --sha256=*) expected_sha="${1#*=}"; shift ;;
        --root) need_value "$@"; root="$2"; shift 2 ;;
        --root=*) root="${1#*=}"; shift ;;
        --coordinator) need_value "$@"; coordinator="$2"; coordinator_set=1; shift 2 ;;
        --coordinator=*) coordinator="${1#*=}"; coordinator_set=1; shift ;;
        --lat) need_value "$@"; lat="$2"; shift 2 ;;
        --lat=*) lat="${1#*=}"; shift ;;
        --lon) need_value "$@"; lon="$2"; shift 2 ;;
        --lon=*) lon="${1#*=}"; shift ;;
        --city) need_value "$@"; city="$2"; shift 2 ;;
        --city=*) city="${1#*=}"; shift ;;
        --price-floor) need_value "$@"; price_floor="$2"; shift 2 ;;
        --price-floor=*) price_floor="${1#*=}"; shift ;;
        --power-budget) need_value "$@"; power_budget="$2"; shift 2 ;;
        --power-budget=*) power_budget="${1#*=}"; shift ;;
        --no-systemd) service="none"; shift ;;
        --service) need_value "$@"; service="$2"; shift 2 ;;
        --service=*) service="${1#*=}"; shift ;;
        -h|--help) usage; exit 0 ;;
        --*) die "unknown option $1 (see --help)" ;;
        *)
            [[ -z "$archive" ]] || die "only one archive may be given (got '$archive' and '$1')"
            archive="$1"; shift ;;
    esac
done

if [[ -z "$service" ]]; then
    if [[ "$(uname -s)" == Darwin ]]; then service="launchd"; else service="systemd"; fi
fi
case "$service" in systemd|launchd|none) ;; *) die "--service must be systemd, launchd or none (got '$service')" ;; esac

# Where things live: the FHS on Linux; /usr/local on macOS, where /opt and /etc are not the place for a daemon.
macos=0
if [[ "$service" == launchd || "$(uname -s)" == Darwin ]]; then macos=1; fi
if [[ $macos -eq 1 ]]; then
    SERVICE_USER="_aitbc-miner"
    INSTALL_DIR="/usr/local/aitbc-miner"
    CONFIG_DIR="/usr/local/etc/aitbc-miner"
    STATE_DIR="/usr/local/var/aitbc-miner"
    UNIT_FILE="/Library/LaunchDaemons/${LAUNCHD_LABEL}.plist"
else
    SERVICE_USER="aitbc-miner"
    INSTALL_DIR="/opt/aitbc-miner"
    CONFIG_DIR="/etc/aitbc-miner"
    STATE_DIR="/var/lib/aitbc-miner"
    UNIT_FILE="/etc/systemd/system/${SERVICE_NAME}.service"
fi
readonly SERVICE_USER INSTALL_DIR CONFIG_DIR STATE_DIR UNIT_FILE
readonly CONFIG_FILE="${CONFIG_DIR}/miner.json"
readonly IDENTITY_KEY="${STATE_DIR}/identity.key"

[[ -n "$archive" ]] || die "no archive given (usage: install.sh ARCHIVE.tar.gz --sha256 HEX ...)"
[[ -f "$archive" ]] || die "archive '$archive' does not exist"
[[ -n "$expected_sha" ]] || die "--sha256 is required: the archive is never installed unverified"
[[ "$expected_sha" =~ ^[0-9a-fA-F]{64}$ ]] || die "--sha256 must be 64 hexadecimal characters"

# JSON numbers: no leading zeros, no exponent, so the text can be written into miner.json as is.
is_number() { [[ "$1" =~ ^-?(0|[1-9][0-9]*)(\.[0-9]+)?$ ]]; }
in_range() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !((v + 0) >= lo && (v + 0) <= hi) }'; }
number_in_range() { is_number "$1" && in_range "$1" "$2" "$3"; }
whole_in_range() { [[ "$1" =~ ^[1-9][0-9]*$ ]] && in_range "$1" "$2" "$3"; }

if [[ -n "$lat" || -n "$lon" ]]; then
    [[ -n "$lat" && -n "$lon" ]] || die "--lat and --lon must be given together"
    number_in_range "$lat" -90 90 || die "--lat must be a decimal number between -90 and 90 (got '$lat')"
    number_in_range "$lon" -180 180 || die "--lon must be a decimal number between -180 and 180 (got '$lon')"
fi
if [[ -n "$city" ]]; then
    [[ -z "$lat" ]] || die "give either --lat/--lon or --city, not both"
    [[ "$city" =~ ^[[:alpha:]][[:alpha:][:space:].\'-]{0,63}(,[A-Za-z]{2})?$ ]] || die "--city must be a city name (optionally NAME,CC), e.g. Frankfurt (got '$city')"
fi
if [[ -n "$price_floor" ]]; then
    number_in_range "$price_floor" 0 1000000 || die "--price-floor must be a number from 0 to 1000000 (got '$price_floor')"
fi
if [[ -n "$power_budget" ]]; then
    whole_in_range "$power_budget" 1 100000 || die "--power-budget must be a whole number of watts from 1 to 100000 (got '$power_budget')"
fi
if [[ $coordinator_set -eq 1 ]]; then
    [[ -n "$coordinator" ]] || die "--coordinator must not be empty"
    [[ "$coordinator" != *[[:cntrl:]]* ]] || die "--coordinator must not contain control characters"
    # A rig never holds database credentials: only the gateway's URL is accepted.
    [[ "$coordinator" =~ ^https?://[^[:space:]\"\\\;]+$ ]] \
        || die "--coordinator must be the cluster gateway's URL (https://...), not a connection string; nothing was written"
fi

root="${root%/}"
dry=0
[[ -n "$root" ]] && dry=1
if [[ $dry -eq 0 && "$(id -u)" -ne 0 ]]; then
    die "installing onto this system needs root (use sudo), or stage it with --root DIR"
fi

# --- verify the archive before anything else is written ------------------------------------------------------------

if command -v sha256sum >/dev/null 2>&1; then
    actual_sha="$(sha256sum -- "$archive" | awk '{ print $1 }')"
elif command -v shasum >/dev/null 2>&1; then
    actual_sha="$(shasum -a 256 -- "$archive" | awk '{ print $1 }')"
else
    die "neither sha256sum nor shasum is available to verify the archive"
fi
lower() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]'; }
if [[ "$(lower "$actual_sha")" != "$(lower "$expected_sha")" ]]; then
    die "SHA-256 mismatch for '$archive': expected $(lower "$expected_sha"), got ${actual_sha}. Refusing to install; nothing was written."
fi

# Entries with absolute paths or '..' could write outside the install directory.
entries="$(tar -tzf "$archive" 2>/dev/null)" || die "'$archive' is not a readable .tar.gz archive; nothing was written"
while IFS= read -r entry; do
    [[ -z "$entry" ]] && continue
    if [[ "$entry" == /* || "/$entry/" == */../* ]]; then
        die "archive entry '$entry' would escape the install directory; refusing to install"
    fi
done <<< "$entries"

# --- helpers for the live-system steps -----------------------------------------------------------------------------

# Runs a command on a real install; in dry mode only says what it would run.
run_or_print() {
    if [[ $dry -eq 1 ]]; then
        echo "would run: $*"
    else
        "$@"
    fi
}

json_string() {
    local s="$1"
    s="${s//\\/\\\\}"
    s="${s//\"/\\\"}"
    printf '"%s"' "$s"
}

json_or_null() {
    if [[ -n "$1" ]]; then printf '%s' "$1"; else printf 'null'; fi
}

# --- install the payload -------------------------------------------------------------------------------------------

dest="${root}${INSTALL_DIR}"
mkdir -p "$(dirname "$dest")"
staging="$(mktemp -d "$(dirname "$dest")/.aitbc-miner.staging.XXXXXX")"
trap 'rm -rf -- "$staging"' EXIT

tar -xzf "$archive" -C "$staging" --no-same-owner
payload="$staging"
# Releases may wrap everything in one top-level folder (e.g. aitbc-miner-1.2.0/).
if [[ ! -e "$payload/$BINARY_NAME" ]]; then
    shopt -s nullglob dotglob
    top=("$staging"/*)
    shopt -u nullglob dotglob
    if [[ ${#top[@]} -eq 1 && -d "${top[0]}" ]]; then
        payload="${top[0]}"
    fi
fi
[[ -f "$payload/$BINARY_NAME" ]] || die "archive has no $BINARY_NAME at its top level; nothing was installed"
chmod 0755 "$payload/$BINARY_NAME"
chmod 0755 "$payload"

# Swap directories so a failed upgrade never leaves a half-copied install behind.
if [[ -e "$dest" ]]; then
    rm -rf -- "${dest}.previous"
    mv -- "$dest" "${dest}.previous"
fi
mv -- "$payload" "$dest"
rm -rf -- "${dest}.previous"
echo "installed ${BINARY_NAME} to ${dest}"

# --- user, state directory ------------------------------------------------------------------------------------------

if [[ $dry -eq 0 && $macos -eq 1 ]]; then
    if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
        # A hidden role account below 500, as macOS's own daemons have: the first id from 400 up that is free.
        uid=400
        while dscl . -list /Users UniqueID | awk '{ print $2 }' | grep -qx "$uid" \
            || dscl . -list /Groups PrimaryGroupID | awk '{ print $2 }' | grep -qx "$uid"; do
            uid=$((uid + 1))
        done
        dscl . -create "/Groups/${SERVICE_USER}" PrimaryGroupID "$uid"
        dscl . -create "/Users/${SERVICE_USER}" UniqueID "$uid"
        dscl . -create "/Users/${SERVICE_USER}" PrimaryGroupID "$uid"
        dscl . -create "/Users/${SERVICE_USER}" UserShell /usr/bin/false
        dscl . -create "/Users/${SERVICE_USER}" NFSHomeDirectory "$STATE_DIR"
        dscl . -create "/Users/${SERVICE_USER}" IsHidden 1
    fi
elif [[ $dry -eq 0 ]]; then
    if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir "$STATE_DIR" --shell /usr/sbin/nologin "$SERVICE_USER"
    fi
    # GPU device nodes (/dev/dri/*, /dev/kfd) are group-owned by these on most distributions.
    for group in video render; do
        if getent group "$group" >/dev/null 2>&1; then
            usermod -aG "$group" "$SERVICE_USER"
        fi
    done
else
    echo "skipping system user '$SERVICE_USER' (staged install under $root)"
fi

state="${root}${STATE_DIR}"
mkdir -p "$state"
chmod 0700 "$state"
if [[ $dry -eq 0 ]]; then
    chown "$SERVICE_USER:$SERVICE_USER" "$state"
fi

# --- configuration -------------------------------------------------------------------------------------------------

config="${root}${CONFIG_FILE}"
mkdir -p "$(dirname "$config")"
chmod 0750 "$(dirname "$config")"
if [[ $dry -eq 0 ]]; then
    chown "root:$SERVICE_USER" "$(dirname "$config")"
fi
config_given=0
if [[ $coordinator_set -eq 1 || -n "$lat" || -n "$city" || -n "$price_floor" || -n "$power_budget" ]]; then
    config_given=1
fi

if [[ -f "$config" && $config_given -eq 0 ]]; then
    echo "keeping existing configuration ${config}"
else
    if [[ $coordinator_set -eq 0 && $dry -eq 0 ]]; then
        die "--coordinator is required for a first install (the miner needs to know where to enrol)"
    fi
    if [[ -z "$lat" && -z "$city" && -t 0 ]]; then
        # Geo-routing needs to know where the rig is; ask rather than let the miner refuse to start later.
        read -r -p "Where is this rig? A city (e.g. Frankfurt) or LAT,LON (e.g. 50.11,8.68): " answer
        if [[ "$answer" =~ ^(-?[0-9.]+),[[:space:]]*(-?[0-9.]+)$ ]]; then
            lat="${BASH_REMATCH[1]}"; lon="${BASH_REMATCH[2]}"
            if ! number_in_range "$lat" -90 90 || ! number_in_range "$lon" -180 180; then
                die "'$answer' is not LAT,LON in degrees"
            fi
        elif [[ "$answer" =~ ^[[:alpha:]][[:alpha:][:space:].\'-]{0,63}(,[A-Za-z]{2})?$ ]]; then
            city="$answer"
        else
            die "'$answer' is neither a city name nor LAT,LON"
        fi
    fi
    if [[ -z "$lat" && -z "$city" ]]; then
        if [[ $dry -eq 0 ]]; then
            die "the rig's location is required for a first install: --lat X --lon Y, or --city NAME (e.g. --city Frankfurt)"
        fi
        echo "no location given: the miner will refuse to start until miner.json has one (--lat/--lon or --city)"
    fi
    if [[ -f "$config" ]]; then
        cp -p -- "$config" "${config}.bak"
    fi
    location="null"
    if [[ -n "$lat" ]]; then
        location="{ \"latitude\": ${lat}, \"longitude\": ${lon} }"
    fi
    city_json="null"
    if [[ -n "$city" ]]; then
        city_json="$(json_string "$city")"
    fi
    coordinator_json="null"
    if [[ $coordinator_set -eq 1 ]]; then
        coordinator_json="$(json_string "$coordinator")"
    fi
    tmp_config="$(mktemp "${config}.XXXXXX")"
    # Readable by root and the service group only; it holds no secret (the credential and certificate live in the state directory).
    chmod 0640 "$tmp_config"
    cat > "$tmp_config" <<EOF
{
  "coordinator": ${coordinator_json},
  "location": ${location},
  "city": ${city_json},
  "priceFloor": $(json_or_null "$price_floor"),
  "powerBudgetW": $(json_or_null "$power_budget"),
  "identityKeyPath": "${IDENTITY_KEY}",
  "stateDirectory": "${STATE_DIR}"
}
EOF
    if [[ $dry -eq 0 ]]; then
        chown "root:$SERVICE_USER" "$tmp_config"
    fi
    mv -- "$tmp_config" "$config"
    echo "wrote configuration ${config}"
fi

# --- service definition: a systemd unit or a launchd daemon ---------------------------------------------------------

unit="${root}${UNIT_FILE}"
mkdir -p "$(dirname "$unit")"
if [[ $macos -eq 1 ]]; then
    cat > "$unit" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
    <key>Label</key>
    <string>${LAUNCHD_LABEL}</string>
    <key>ProgramArguments</key>
    <array>
        <string>${INSTALL_DIR}/${BINARY_NAME}</string>
        <string>run</string>
        <string>--config</string>
        <string>${CONFIG_FILE}</string>
    </array>
    <key>UserName</key>
    <string>${SERVICE_USER}</string>
    <key>WorkingDirectory</key>
    <string>${STATE_DIR}</string>
    <key>EnvironmentVariables</key>
    <dict>
        <key>HOME</key>
        <string>${STATE_DIR}</string>
        <key>DOTNET_CLI_TELEMETRY_OPTOUT</key>
        <string>1</string>
    </dict>
    <key>RunAtLoad</key>
    <true/>
    <key>KeepAlive</key>
    <true/>
    <key>ThrottleInterval</key>
    <integer>5</integer>
    <!-- SIGTERM lets the miner finish the job in hand; launchd sends SIGKILL only after ExitTimeOut seconds. -->
    <key>ExitTimeOut</key>
    <integer>${DRAIN_TIMEOUT_SEC}</integer>
    <key>Umask</key>
    <integer>63</integer>
    <key>StandardOutPath</key>
    <string>/Library/Logs/aitbc-miner.log</string>
    <key>StandardErrorPath</key>
    <string>/Library/Logs/aitbc-miner.log</string>
</dict>
</plist>
EOF
    chmod 0644 "$unit"
    echo "wrote launchd daemon ${unit}"
else
    cat > "$unit" <<EOF
[Unit]
Description=AITBC GPU miner
Wants=network-online.target
After=network-online.target

[Service]
Type=exec
User=${SERVICE_USER}
Group=${SERVICE_USER}
ExecStart=${INSTALL_DIR}/${BINARY_NAME} run --config ${CONFIG_FILE}
WorkingDirectory=${STATE_DIR}
StateDirectory=aitbc-miner
StateDirectoryMode=0700
Environment=HOME=${STATE_DIR}
Environment=DOTNET_CLI_TELEMETRY_OPTOUT=1
Restart=always
RestartSec=5
# SIGTERM lets the miner stop taking work and finish the job in hand; SIGKILL only after TimeoutStopSec.
KillSignal=SIGTERM
KillMode=mixed
TimeoutStopSec=${DRAIN_TIMEOUT_SEC}
LimitNOFILE=65536
UMask=0077

# Hardening. Deliberately absent: PrivateDevices (hides /dev/nvidia*, /dev/dri, /dev/kfd) and
# MemoryDenyWriteExecute (breaks the .NET JIT).
NoNewPrivileges=yes
CapabilityBoundingSet=
AmbientCapabilities=
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictSUIDSGID=yes
RestrictRealtime=yes
RestrictNamespaces=yes
LockPersonality=yes
SystemCallArchitectures=native
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK

[Install]
WantedBy=multi-user.target
EOF
    chmod 0644 "$unit"
    echo "wrote systemd unit ${unit}"
fi

# --- enrol and start -----------------------------------------------------------------------------------------------

# Enrolment stores certificate.pem beside the identity key and enrollment.json (the miner's own API key) in the
# state directory; the owner's key comes from AITBC_API_KEY in this environment and is not stored.
enroll=("${INSTALL_DIR}/${BINARY_NAME}" enroll --config "${CONFIG_FILE}")
if [[ $dry -eq 0 && -f "${STATE_DIR}/certificate.pem" ]]; then
    echo "already enrolled (${STATE_DIR}/certificate.pem exists)"
elif [[ $dry -eq 0 && -z "${AITBC_API_KEY:-}" ]]; then
    echo "not enrolled yet: run as the service user with the owner's key: AITBC_API_KEY=... ${enroll[*]}"
elif [[ $dry -eq 0 ]] && command -v runuser >/dev/null 2>&1; then
    runuser -u "$SERVICE_USER" -- "${enroll[@]}"
else
    run_or_print "${enroll[@]}"
    if [[ $dry -eq 0 ]]; then
        chown -R "$SERVICE_USER:$SERVICE_USER" "$STATE_DIR"
    fi
fi

if [[ "$service" == systemd ]]; then
    run_or_print systemctl daemon-reload
    run_or_print systemctl enable --now "${SERVICE_NAME}.service"
elif [[ "$service" == launchd ]]; then
    run_or_print launchctl bootstrap system "${UNIT_FILE}"
    run_or_print launchctl enable "system/${LAUNCHD_LABEL}"
else
    start="systemctl enable --now ${SERVICE_NAME}.service"
    [[ $macos -eq 1 ]] && start="launchctl bootstrap system ${UNIT_FILE}"
    echo "not touching the service manager (--service none); start it with: ${start}"
fi

echo "done"
