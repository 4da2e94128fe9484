#!/usr/bin/env bash
# make-rootfs.sh <outdir>: a minimal root filesystem that runs Node.js with no base image and no
# registry: the host's node binary, the shared libraries ldd lists (and the ELF interpreter), /tmp,
# and enough /etc for localhost and uid lookups. The app is copied into <outdir>/app by the caller.
# Recipe: ../shared/docs/testcontainers.md §1 (host-specific: same arch and glibc as the host).
set -euo pipefail
out=$1
node_bin=$(readlink -f "$(command -v node)")
rm -rf "$out"
mkdir -p "$out/usr/bin" "$out/tmp" "$out/etc" "$out/app"
chmod 1777 "$out/tmp"
cp "$node_bin" "$out/usr/bin/node"
for lib in $(ldd "$node_bin" | grep -o '/[^ ]*'); do
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done
printf '127.0.0.1 localhost\n::1 localhost\n' >"$out/etc/hosts"
printf 'root:x:0:0:root:/:/bin/false\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$out/etc/passwd"
