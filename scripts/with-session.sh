#!/usr/bin/env bash
# Runs a command the way the app runs on a desktop, but sealed off from this machine's own:
# a private D-Bus session with an unlocked gnome-keyring (the real Secret Service), a
# throw-away HOME, and (with --xvfb) a virtual display.
#   scripts/with-session.sh [--xvfb] COMMAND...
set -euo pipefail
xvfb=0
if [ "${1:-}" = "--xvfb" ]; then xvfb=1; shift; fi

if [ -z "${HOKEN_SESSION_INNER:-}" ]; then
  # Keep the toolchain where it is when HOME moves.
  export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/hoken-session.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/home" "$tmp/run"
  chmod 700 "$tmp/run"
  export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" HOKEN_SESSION_INNER=1
  unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME DBUS_SESSION_BUS_ADDRESS
  if [ "$xvfb" = 1 ]; then
    xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- "$0" "$@"
  else
    dbus-run-session -- "$0" "$@"
  fi
  exit $?
fi

# Inside the session: start and unlock the keyring (an empty password for a fresh keyring).
eval "$(echo -n 'hoken-test' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
exec "$@"
