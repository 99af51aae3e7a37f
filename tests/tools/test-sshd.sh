#!/usr/bin/env bash
# A private OpenSSH server for Spuff's tests: it stands in for a cloud machine on 127.0.0.1. Its own config, host
# key, client key, authorized_keys and pid file live in one temp directory; nothing of the machine's sshd is used.
# A stand-in `cloud-init` program comes first on the PATH of its sessions: `cloud-init status` reports what the
# file $DIR/cloud-init-state says (running, done, error; "running" when it is missing), so every path of
# -UntilCloudInit runs against a real SSH server.
#
#   tests/tools/test-sshd.sh start DIR PORT   start one (host key made on first start); prints KEY=VALUE lines
#   tests/tools/test-sshd.sh rekey DIR PORT   stop it, give it a new host key, start it again on the same port
#   tests/tools/test-sshd.sh stop DIR         stop it by its pid and delete DIR
#
# Needs root (sshd's privilege separation) and Debian's openssh-server (tools/install-test-prerequisites.sh).
set -euo pipefail

die() { echo "test-sshd: $*" >&2; exit "${2:-1}"; }

sshd_bin() {
  for candidate in /usr/sbin/sshd /usr/local/sbin/sshd; do [ -x "$candidate" ] && { echo "$candidate"; return 0; }; done
  command -v sshd 2>/dev/null || return 1
}

write_files() {
  local dir="$1" port="$2"
  mkdir -p "$dir/bin" /run/sshd
  [ -f "$dir/host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C spuff-test-host -f "$dir/host_ed25519_key"
  [ -f "$dir/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C spuff-test-client -f "$dir/client_ed25519"
  cp "$dir/client_ed25519.pub" "$dir/authorized_keys"
  chmod 600 "$dir/authorized_keys" "$dir/client_ed25519" "$dir/host_ed25519_key"
  cat > "$dir/bin/cloud-init" <<SCRIPT
#!/bin/sh
# Stand-in for cloud-init: only 'status' and 'status --long', driven by $dir/cloud-init-state.
state=\$(cat "$dir/cloud-init-state" 2>/dev/null || echo running)
state=\$(echo "\$state" | tr -d '[:space:]')
[ "\$1" = status ] || { echo "fake cloud-init: only 'status' is supported" >&2; exit 3; }
echo "status: \$state"
if [ "\$2" = --long ]; then
  echo "boot_status_code: enabled-by-generator"
  if [ "\$state" = error ]; then
    echo "detail: DataSourceNoCloud [seed=/var/lib/cloud/seed/nocloud]"
    echo "errors:"
    echo "	- (scripts_user) Runparts: 1 failures (part-001) in /var/lib/cloud/instance/scripts"
  fi
fi
[ "\$state" = error ] && exit 1
exit 0
SCRIPT
  chmod 755 "$dir/bin/cloud-init"
  cat > "$dir/sshd_config" <<CONFIG
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_ed25519_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
SetEnv PATH=$dir/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CONFIG
}

start() {
  local dir="${1:?usage: start DIR PORT}" port="${2:?usage: start DIR PORT}"
  [ "$(id -u)" = 0 ] || die "sshd needs root; run the tests as root." 3
  local sshd; sshd=$(sshd_bin) || die "sshd is not installed. Install it with: apt-get install -y openssh-server" 3
  command -v ssh-keygen >/dev/null 2>&1 || die "ssh-keygen is not installed (openssh-client)." 3
  mkdir -p "$dir"
  write_files "$dir" "$port"
  "$sshd" -t -f "$dir/sshd_config" || die "sshd rejected its config $dir/sshd_config"
  setsid "$sshd" -D -e -f "$dir/sshd_config" >"$dir/sshd.log" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" > "$dir/pid"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "SSHD_PID=$pid"
      echo "SSHD_PORT=$port"
      echo "SSHD_DIR=$dir"
      echo "CLIENT_KEY=$dir/client_ed25519"
      echo "CLOUD_INIT_STATE=$dir/cloud-init-state"
      echo "HOST_KEY_FINGERPRINT=$(ssh-keygen -l -E sha256 -f "$dir/host_ed25519_key.pub" | awk '{print $2}')"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || die "sshd exited at once: $(cat "$dir/sshd.log")"
    sleep 0.05
  done
  kill "$pid" 2>/dev/null || true
  die "sshd did not listen on 127.0.0.1:$port within 5 s: $(cat "$dir/sshd.log")"
}

halt() {
  local dir="$1"
  [ -f "$dir/pid" ] || return 0
  local pid; pid=$(cat "$dir/pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/pid"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  rekey) dir="${2:?usage: rekey DIR PORT}"; halt "$dir"; rm -f "$dir/host_ed25519_key" "$dir/host_ed25519_key.pub"; start "$dir" "${3:?usage: rekey DIR PORT}" ;;
  stop) dir="${2:?usage: stop DIR}"; halt "$dir"; case "$dir" in /tmp/*) rm -rf "$dir" ;; esac ;;
  *) die "usage: $0 start DIR PORT | rekey DIR PORT | stop DIR" 2 ;;
esac
