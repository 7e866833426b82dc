#!/usr/bin/env bash
# Installs the Debian packages listed in the given files (skipping those already present)
# and the npm packages pinned by web/package-lock.json. Idempotent: a second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

wanted=()
for list in "$@"; do
  while read -r pkg; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    # "package command": the package is only wanted when the command is missing (node and npm
    # may come from elsewhere on the machine).
    read -r pkg cmd <<<"$pkg"
    if [[ -n "${cmd:-}" ]] && command -v "$cmd" >/dev/null 2>&1; then continue; fi
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      wanted+=("$pkg")
    fi
  done < "$list"
done

if ((${#wanted[@]})); then
  echo "installing Debian packages: ${wanted[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
fi

if [[ -f web/package-lock.json ]]; then
  stamp=web/node_modules/.lock-stamp
  if [[ ! -f $stamp ]] || ! cmp -s web/package-lock.json "$stamp"; then
    echo "installing npm packages from web/package-lock.json"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
    cp web/package-lock.json "$stamp"
  fi
fi
