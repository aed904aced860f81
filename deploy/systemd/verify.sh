#!/bin/sh
# CI: `systemd-analyze verify` on vpnaas.service alone (the simulated driver) and with the strongSwan
# drop-in. systemd-analyze only warns about unknown keys or bad values, so any output is a failure.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is missing (apt-get install systemd)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plain" "$work/strongswan"
cp "$here/vpnaas.service" "$work/plain/"
cp -r "$here/vpnaas.service" "$here/vpnaas.service.d" "$work/strongswan/"
status=0
for variant in plain strongswan; do
  # The unit's folder first on the unit path: its drop-in folder is read from there.
  if SYSTEMD_UNIT_PATH="$work/$variant:" systemd-analyze verify "$work/$variant/vpnaas.service" >"$work/out" 2>&1 &&
    [ ! -s "$work/out" ]; then
    echo "systemd-analyze verify vpnaas.service ($variant): ok"
  else
    echo "systemd-analyze verify vpnaas.service ($variant) failed:" >&2
    cat "$work/out" >&2
    status=1
  fi
done
exit $status
