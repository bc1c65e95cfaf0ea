#!/usr/bin/env bash
# Starts the main example the way the README's quick start does (`pnpm start`) on a spare port with
# a throwaway data directory, and requires a public read to answer 200 within 30 seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
data_dir=$(mktemp -d)
log=$(mktemp)
PORT="$port" KEYWARD_DATA_DIR="$data_dir" setsid pnpm start >"$log" 2>&1 &
server=$!
cleanup() { kill -- "-$server" 2>/dev/null || kill "$server" 2>/dev/null || true; pkill -P "$server" 2>/dev/null || true; rm -rf "$data_dir"; }
trap cleanup EXIT
deadline=$(($(date +%s) + 30))
probe() { node -e 'fetch(process.argv[1]).then(r=>console.log(r.status),()=>console.log("none"))' "$1"; }
until status=$(probe "http://127.0.0.1:${port}/api/content/items/posts"); [ "$status" = "200" ]; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "the example did not answer 200 within 30 s (last status: ${status:-none}); its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "example answered 200 on :${port} after $((30 - (deadline - $(date +%s))))s"
grep -q "USR-" "$log" || { echo "the first start did not print the admin key" >&2; cat "$log" >&2; exit 1; }
