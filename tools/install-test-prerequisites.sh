#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK, and only what is missing (safe to repeat):
#   docker.io + busybox-static  the Docker provider's tests start their own dockerd and build a local image
#   hcloud-cli                  the official Hetzner CLI proves the emulator speaks Hetzner's API
#   iproute2                    the test dockerd gets its own bridge
#   awscli, time                the benchmark suite (bench/) compares with the aws CLI and reads peak RSS with /usr/bin/time
#   openssh-server              a real sshd on loopback stands in for cloud machines (tests/tools/test-sshd.sh)
#   Prism (npm, into .tools/)   validates the emulator's responses and our requests against the official specs
# moto_server (EC2/SSM emulator) must already be in the machine's Python; it is checked, not installed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
[ -x /bin/busybox ] || command -v busybox >/dev/null 2>&1 || need+=(busybox-static)
command -v hcloud >/dev/null 2>&1 || need+=(hcloud-cli)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v aws >/dev/null 2>&1 || need+=(awscli)
[ -x /usr/bin/time ] || need+=(time)
[ -x /usr/sbin/sshd ] || command -v sshd >/dev/null 2>&1 || need+=(openssh-server)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "The tests need these Debian packages: ${need[*]}. Install them as root (apt-get install ${need[*]})." >&2
    exit 1
  fi
  echo "Installing ${need[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

prism="$root/.tools/prism/node_modules/.bin/prism"
if [ ! -x "$prism" ]; then
  echo "Installing Prism 5.16.0 into .tools/prism ..."
  npm install --prefix "$root/.tools/prism" @stoplight/prism-cli@5.16.0 --no-audit --no-fund --loglevel=error >/dev/null
fi

if ! command -v moto_server >/dev/null 2>&1; then
  echo "moto_server (moto 5.2.1) is not on PATH; the AWS tests need it." >&2
  exit 1
fi
echo "Test prerequisites are in place."
