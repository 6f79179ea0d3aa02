#!/usr/bin/env bash
# Runs every test: installs the Debian packages the tests drive (when root and missing), builds, runs `dotnet test`
# with TRX results, and ends with one line "N passed, N failed, N skipped" (exit status non-zero on any failure).
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_UI_LANGUAGE=en DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Tests that need a tool fail (instead of being skipped) when this is set: CI must not pass by skipping.
export SHAREHOST_REQUIRE_ALL_TESTS="${SHAREHOST_REQUIRE_ALL_TESTS:-1}"

# python3-manilaclient: the CLI compatibility tests. The rest: the Local driver's real data path (Ganesha with its VFS
# backend, a private D-Bus, Samba, btrfs pools on loop files, userspace NFS and SMB clients; gcc builds the tests'
# small libnfs client and source-address shim).
packages=(python3-manilaclient nfs-ganesha nfs-ganesha-vfs libnfs-utils dbus samba smbclient btrfs-progs rsync gcc libc6-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing test prerequisites: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # The packages must not start their system services (nfs-ganesha on 2049, smbd on 445, all addresses): the
    # tests run their own private daemons on loopback. policy-rc.d refuses every service start during the install.
    policy=/usr/sbin/policy-rc.d
    own_policy=0
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && own_policy=1
    fi
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || echo "warning: could not install ${missing[*]}; tests that need them will fail" >&2
    [ "$own_policy" = 1 ] && rm -f "$policy"
  else
    echo "warning: not root, cannot install ${missing[*]}; tests that need them will fail (or set SHAREHOST_REQUIRE_ALL_TESTS=0 to skip them)" >&2
  fi
fi

results="artifacts/test-results"
rm -rf "$results"
# One run and one TRX file per test project of the solution, named after the project: the logger's default names
# have one-second resolution, and two projects finishing in the same second would overwrite each other's counts.
status=0
projects=$(dotnet sln ShareHost.sln list | grep -E 'Tests\.csproj$')
[ -n "$projects" ] || { echo "no test projects found in ShareHost.sln" >&2; status=1; }
for project in $projects; do
  dotnet test "$project" --logger "trx;LogFileName=$(basename "$project" .csproj).trx" --results-directory "$results" "$@" || status=$?
done

passed=0; failed=0; total=0; executed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  total=$((total + $(value total)))
  executed=$((executed + $(value executed)))
done
skipped=$((total - executed))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1  # the build or the test host failed before any result was written
fi
echo "Tests: $passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
