#!/usr/bin/env bash
# A private Docker engine for Spuff's tests: its own socket, data, exec root, pid file and bridge, so it never
# touches (or collides with) a dockerd the machine may already run, plus a tiny local image built from Debian's
# busybox-static, because no registry is reachable from the project's machines.
#
#   tests/tools/test-dockerd.sh start [DIR]   start one; prints KEY=VALUE lines (DOCKER_HOST, the image, ...)
#   tests/tools/test-dockerd.sh stop DIR      remove its containers and images, stop it, delete DIR and the bridge
#
# Needs root and `apt-get install -y docker.io busybox-static` (iproute2 for `ip`). Used by the xunit fixture
# (tests/Spuff.Core.Tests/Docker/DockerEngineFixture.cs) and meant for the Pester tests too.
set -euo pipefail

IMAGE="spuff-test/busybox:latest"
INSTALL_HINT="Install it with: apt-get update && apt-get install -y docker.io busybox-static"

die() { echo "test-dockerd: $*" >&2; exit "${2:-1}"; }

find_busybox() {
  for candidate in /bin/busybox /usr/bin/busybox; do
    if [ -x "$candidate" ] && file_is_static "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

# A dynamically linked busybox would not run inside the image, which has no libc.
file_is_static() {
  ! LC_ALL=C ldd "$1" >/dev/null 2>&1
}

start() {
  command -v dockerd >/dev/null 2>&1 || die "dockerd is not installed. $INSTALL_HINT" 3
  command -v docker >/dev/null 2>&1 || die "the docker CLI is not installed. $INSTALL_HINT" 3
  command -v ip >/dev/null 2>&1 || die "'ip' is not installed. Install it with: apt-get install -y iproute2" 3
  local busybox
  busybox=$(find_busybox) || die "a static busybox is not installed. $INSTALL_HINT" 3
  [ "$(id -u)" = 0 ] || die "dockerd needs root; run the tests as root." 3

  local dir="${1:-}"
  if [ -z "$dir" ]; then dir=$(mktemp -d /tmp/spuff-dockerd.XXXXXX); else mkdir -p "$dir"; fi
  mkdir -p "$dir/data" "$dir/exec"

  # Our own bridge on a free 172.31.x.0/24, so the default docker0 (and any daemon using it) is left alone.
  local octet bridge=""
  for _ in $(seq 1 50); do
    octet=$(( (RANDOM % 200) + 20 ))
    bridge="spuffbr$octet"
    if ! ip link show "$bridge" >/dev/null 2>&1 && ! ip -4 route | grep -q "^172\.31\.$octet\."; then break; fi
    bridge=""
  done
  [ -n "$bridge" ] || die "found no free bridge name / subnet for the test engine"
  ip link add name "$bridge" type bridge
  echo "$bridge" > "$dir/bridge"
  ip addr add "172.31.$octet.1/24" dev "$bridge"
  ip link set "$bridge" up

  local sock="$dir/docker.sock"
  # --iptables=false / --ip-masq=false: the tests need no port publishing or outbound traffic, and leaving the
  # firewall alone keeps two engines from rewriting each other's DOCKER chains.
  setsid dockerd \
    -H "unix://$sock" \
    --data-root "$dir/data" \
    --exec-root "$dir/exec" \
    --pidfile "$dir/docker.pid" \
    --bridge "$bridge" \
    --iptables=false --ip-masq=false \
    --log-level warn \
    </dev/null >"$dir/dockerd.log" 2>&1 &
  echo $! > "$dir/dockerd.launcher.pid"

  local ready=""
  for _ in $(seq 1 300); do
    if docker -H "unix://$sock" version >/dev/null 2>&1; then ready=1; break; fi
    if ! kill -0 "$(cat "$dir/dockerd.launcher.pid")" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$ready" ]; then
    tail -n 20 "$dir/dockerd.log" >&2 || true
    stop "$dir" >/dev/null 2>&1 || true
    die "dockerd did not start (log above)"
  fi

  # The image: busybox and its applets, /etc/passwd, the usual directories. ~2 MB, imported in well under a second.
  local root="$dir/rootfs"
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root" "$root/var/lib" "$root/var/log" "$root/usr"
  cp "$busybox" "$root/bin/busybox"
  for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  ln -s ../bin "$root/usr/bin"
  ln -s bin "$root/sbin"
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
  chmod 1777 "$root/tmp"
  tar -C "$root" -c . | docker -H "unix://$sock" import - "$IMAGE" >/dev/null
  rm -rf "$root"

  echo "SPUFF_TEST_DOCKER_DIR=$dir"
  echo "DOCKER_HOST=unix://$sock"
  echo "SPUFF_TEST_DOCKER_IMAGE=$IMAGE"
  echo "SPUFF_TEST_DOCKER_PID=$(cat "$dir/docker.pid")"
}

stop() {
  local dir="${1:?usage: test-dockerd.sh stop DIR}"
  [ -d "$dir" ] || return 0
  local sock="$dir/docker.sock"
  if [ -S "$sock" ] && docker -H "unix://$sock" version >/dev/null 2>&1; then
    local ids
    ids=$(docker -H "unix://$sock" ps -aq || true)
    [ -z "$ids" ] || docker -H "unix://$sock" rm -f -v $ids >/dev/null 2>&1 || true
    ids=$(docker -H "unix://$sock" images -aq || true)
    [ -z "$ids" ] || docker -H "unix://$sock" rmi -f $ids >/dev/null 2>&1 || true
  fi

  local pid=""
  [ -f "$dir/docker.pid" ] && pid=$(cat "$dir/docker.pid")
  [ -n "$pid" ] || { [ -f "$dir/dockerd.launcher.pid" ] && pid=$(cat "$dir/dockerd.launcher.pid"); }
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi

  # dockerd's containerd (and shims) may outlive it for a moment and would recreate files while we delete them.
  # They are ours: their command lines name our private directory.
  local left
  for _ in $(seq 1 50); do
    left=$(pgrep -f -- "$dir/" || true)
    [ -n "$left" ] || break
    sleep 0.1
  done
  [ -z "$left" ] || kill -KILL $left 2>/dev/null || true

  if [ -f "$dir/bridge" ]; then ip link del "$(cat "$dir/bridge")" 2>/dev/null || true; fi
  # Anything dockerd left mounted under the data root must go before the directory can.
  { grep -o " $dir/[^ ]*" /proc/mounts 2>/dev/null || true; } | sort -r | while read -r mnt; do umount -l "$mnt" 2>/dev/null || true; done
  for _ in 1 2 3 4 5; do rm -rf "$dir" 2>/dev/null && break; sleep 0.2; done
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start [DIR] | stop DIR" >&2; exit 2 ;;
esac
