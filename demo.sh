#!/usr/bin/env bash
# The product on a fresh machine: installs what is missing, then the console chat against the lab
# (a private Redis and a simulated WSE + EXCH network). Type: /exchange add-user Frank 2GB
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
export PATH="$PATH:$HOME/.dotnet/tools"
exec npm start --silent
