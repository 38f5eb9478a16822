#!/usr/bin/env bash
# Installs what the product and its tests need, only where it is missing:
# the npm packages, redis-server and openssh-server (Debian's packages; the tests start their own
# unprivileged sshd for PowerShell remoting over SSH) and PowerShell 7 (a .NET global tool).
# Safe to run again. `npm start` itself never installs anything.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m%s\033[0m\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else say "Run as root: $*"; exit 2; fi; }

if ! command -v redis-server >/dev/null 2>&1; then
  say "Installing redis-server (apt)…"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi

if [ ! -x /usr/sbin/sshd ] || ! command -v ssh >/dev/null 2>&1 || ! command -v ssh-keygen >/dev/null 2>&1; then
  say "Installing openssh-server and openssh-client (apt; the remoting tests start their own sshd)…"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server openssh-client >/dev/null
fi

export PATH="$PATH:$HOME/.dotnet/tools"
if [ -z "${POWERSHELL_PATH:-}" ] && ! command -v pwsh >/dev/null 2>&1; then
  if ! command -v dotnet >/dev/null 2>&1; then
    say "PowerShell is missing and so is the .NET SDK to install it: install one of them (or set POWERSHELL_PATH)."
    exit 2
  fi
  say "Installing PowerShell 7.6.9 (dotnet global tool)…"
  dotnet tool install --global PowerShell --version 7.6.9 >/dev/null
fi

stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  say "Installing npm packages (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
fi
# npm may skip install scripts it was not told to allow: make sure esbuild (run by tsx) works.
node -e "require('esbuild').transformSync('const a: number = 1', { loader: 'ts' })" \
  || { say "esbuild does not run after npm ci: try 'npm rebuild esbuild'."; exit 2; }
