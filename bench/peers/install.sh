#!/usr/bin/env bash
# Installs the peer queues the Postgres benchmark compares against into bench/peers/.deps,
# outside the repo's package.json. Pinned: graphile-worker 0.18 and pg-boss 11 need Node 22.
set -euo pipefail
cd "$(dirname "$0")"

GW=0.17.3
BOSS=10.4.2
mods=.deps/node_modules

installed() { # name version
  [ -f "$mods/$1/package.json" ] && node -e 'process.exit(require(process.argv[1]).version === process.argv[2] ? 0 : 1)' "$PWD/$mods/$1/package.json" "$2"
}

if installed graphile-worker "$GW" && installed pg-boss "$BOSS" && [ -f "$mods/pg/package.json" ]; then
  echo "bench/peers: graphile-worker@$GW and pg-boss@$BOSS already installed"
  exit 0
fi

npm install --no-save --no-audit --no-fund --prefix .deps "graphile-worker@$GW" "pg-boss@$BOSS" pg@8
