#!/usr/bin/env bash
# docker-up.sh: make a registry-less Docker daemon available to testcontainers (root, Debian bookworm).
# Installs Debian's docker.io when dockerd is missing and starts the daemon by hand (the package's
# postinst cannot start it on these machines). Prints "docker: usable" or "docker: NOT usable".
# Exits non-zero only when HARNESS_REQUIRE_DOCKER=1 and Docker is not usable.
set -uo pipefail
SOCK=${DOCKER_SOCK:-/var/run/docker.sock}
LOG=${DOCKERD_LOG:-/var/log/dockerd.log}
docker_ok() { curl -fsS --max-time 3 --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1; }

if ! docker_ok; then
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "docker: installing docker.io from Debian"
    export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends docker.io; } >/dev/null 2>&1 \
      || echo "docker: apt-get install docker.io failed"
  fi
  if command -v dockerd >/dev/null 2>&1; then
    # --iptables=false: no NAT rules (published ports go through docker-proxy)
    # --ip=127.0.0.1: published ports bind loopback only
    nohup setsid dockerd --iptables=false --storage-driver=vfs --ip=127.0.0.1 -H "unix://$SOCK" \
      ${DOCKERD_EXTRA_ARGS:-} >"$LOG" 2>&1 </dev/null &
    pid=$!
    for _ in $(seq 1 150); do docker_ok && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
fi
if docker_ok; then
  echo "docker: usable (socket $SOCK)"
  exit 0
fi
echo "docker: NOT usable"
tail -n 5 "$LOG" 2>/dev/null
if [ "${HARNESS_REQUIRE_DOCKER:-0}" = "1" ]; then
  echo "docker: HARNESS_REQUIRE_DOCKER=1, failing" >&2
  exit 1
fi
exit 0
