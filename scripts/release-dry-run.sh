#!/usr/bin/env bash
# Release dry run: everything a release does except publishing, and nothing in this repository
# changes. In a temporary directory under /tmp:
#   1. build the packages (skipped with --skip-build) and check their npm metadata and LICENSE files;
#   2. copy the workspace, apply the pending changesets there (`changeset version`: versions and
#      CHANGELOG.md files, shown, never committed);
#   3. `pnpm pack` every published package from that copy and check what each tarball holds;
#   4. create fresh apps outside the workspace that install the tarballs with npm, and run the same
#      smoke in each: a keyward instance on the memory store with an admin role and key, and over real
#      HTTP a request with the key → 200, without a key → 401, with a key lacking the permission → 403.
#      Scenarios: Express 5 ESM in TypeScript (module nodenext, `tsc --noEmit` first), Node 22 on the
#      same app, Express 4 CommonJS, Hono bundled for Workers by esbuild (no `node:` imports) and run on
#      workerd by miniflare, Hono on Bun, Hono on Deno, and every entry point of every package loaded
#      by import() and require(); and the TypeScript of the deployment guides (docs/deploy) compiles
#      against the tarballs.
#
# usage: scripts/release-dry-run.sh [--skip-build] [--keep]     (pnpm release:dry-run)
# The runtimes come from npm: the copies the workspace installed (bun, deno, node@22), else
# `npx bun@1`, `npx deno@2`, `npx node@22`; BUN, DENO and NODE22 override them.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RELEASE="$ROOT/scripts/release"
APPS="$RELEASE/apps"
skip_build=0
keep=${KEEP:-0}
for arg in "$@"; do
  case "$arg" in
    --skip-build) skip_build=1 ;;
    --keep) keep=1 ;;
    *) echo "usage: $0 [--skip-build] [--keep]" >&2; exit 2 ;;
  esac
done

WORK=$(mktemp -d /tmp/keyward-release-dry-run.XXXXXX)
cleanup() {
  if [ "$keep" = 1 ]; then echo "kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }
run_started=$(now_ms)
summary=()
failures=()
last_status=0
# step NAME COMMAND…: runs one step, times it, and records the outcome without stopping the run.
step() {
  local name=$1 started status
  shift
  printf '\n--- %s\n' "$name"
  started=$(now_ms)
  set +e
  "$@"
  status=$?
  set -e
  last_status=$status
  local seconds
  seconds=$(awk "BEGIN { printf \"%.1f\", ($(now_ms) - $started) / 1000 }")
  if [ "$status" -eq 0 ]; then
    summary+=("$(printf '  ok    %6ss  %s' "$seconds" "$name")")
  else
    summary+=("$(printf '  FAIL  %6ss  %s' "$seconds" "$name")")
    failures+=("$name")
  fi
  return 0
}
# A failed preparation step leaves nothing to test: stop there.
require_ok() {
  if [ "$last_status" -ne 0 ]; then
    print_summary
    exit 1
  fi
}
print_summary() {
  printf '\n=== release dry run: %s\n' "$(awk "BEGIN { printf \"%.1fs\", ($(now_ms) - $run_started) / 1000 }")"
  printf '%s\n' "${summary[@]}"
}

# A runtime from the workspace's node_modules (installed from npm by `pnpm install`), else npx.
workspace_bin() {
  local dir
  for dir in "$ROOT"/packages/*/node_modules/.bin "$ROOT"/examples/*/node_modules/.bin; do
    if [ -x "$dir/$1" ]; then echo "$dir/$1"; return 0; fi
  done
  return 1
}
BUN=${BUN:-$(workspace_bin bun || echo "npx --yes bun@1")}
DENO=${DENO:-$(workspace_bin deno || echo "npx --yes deno@2")}
if [ -z "${NODE22:-}" ]; then
  NODE22=$(workspace_bin node || true)
  case "$("${NODE22:-false}" --version 2>/dev/null)" in v22.*) ;; *) NODE22="npx --yes node@22" ;; esac
fi
miniflare_entry() {
  local dir
  for dir in "$ROOT"/packages/*/node_modules/miniflare "$ROOT"/examples/*/node_modules/miniflare; do
    if [ -d "$dir" ]; then
      node -e 'const {pathToFileURL}=require("node:url");console.log(pathToFileURL(require.resolve(process.argv[1])).href)' "$dir"
      return 0
    fi
  done
  return 1
}

TARBALLS="$WORK/tarballs"
COPY="$WORK/repo"
mkdir -p "$TARBALLS" "$WORK/apps"

# --- 1. build and metadata
build() {
  pnpm --dir "$ROOT" build >"$WORK/build.log" 2>&1 && return 0
  tail -n 40 "$WORK/build.log"
  return 1
}
if [ "$skip_build" = 0 ]; then
  step "build (pnpm build)" build
fi
step "package metadata and LICENSE files" node "$ROOT/scripts/package-metadata.mjs" --check
require_ok

# --- 2. changesets on a copy
version_copy() {
  node "$RELEASE/prepare-copy.mjs" "$COPY" &&
    (cd "$COPY" && node "$ROOT/node_modules/@changesets/cli/bin.js" version) &&
    node -e '
      const { readdirSync, readFileSync, existsSync } = require("node:fs");
      for (const folder of readdirSync(process.argv[1] + "/packages")) {
        const path = `${process.argv[1]}/packages/${folder}`;
        const before = JSON.parse(readFileSync(`${process.argv[2]}/packages/${folder}/package.json`, "utf8"));
        const after = JSON.parse(readFileSync(`${path}/package.json`, "utf8"));
        if (after.private) continue;
        const log = existsSync(`${path}/CHANGELOG.md`) ? "CHANGELOG.md written" : "no CHANGELOG.md";
        console.log(`  ${after.name.padEnd(22)} ${before.version} → ${after.version}  (${log})`);
      }' "$COPY" "$ROOT" &&
    { [ ! -f "$COPY/packages/core/CHANGELOG.md" ] ||
        { printf '\n  packages/core/CHANGELOG.md:\n'; sed 's/^/  | /' "$COPY/packages/core/CHANGELOG.md"; }; }
}
step "changeset version (on a copy)" version_copy
require_ok

# --- 3. pack and check the tarballs
pack_all() {
  local dir
  for dir in "$COPY"/packages/*/; do
    if node -e 'process.exit(require(process.argv[1]).private ? 1 : 0)' "$dir/package.json"; then
      (cd "$dir" && pnpm pack --pack-destination "$TARBALLS" >/dev/null) || return 1
    fi
  done
  ls -l "$TARBALLS" | awk 'NR > 1 { printf "  %-40s %8d bytes\n", $9, $5 }'
}
step "pnpm pack every published package" pack_all
require_ok
step "what each tarball holds" node "$RELEASE/check-tarball.mjs" "$TARBALLS"/*.tgz

# --- 4. fresh apps outside the workspace
# make_app DIR TYPE DEPS… then copy the app's files; installs run in parallel (network-bound).
make_app() {
  local dir="$WORK/apps/$1" type=$2
  shift 2
  node "$RELEASE/make-app.mjs" "$dir" "$TARBALLS" "$type" "$@"
  cp "$APPS/shared/checks.mjs" "$dir/"
}
install_apps() {
  make_app express5-esm-ts module @keyward/core @keyward/express express@^5.1.0 \
    typescript@~5.9.2 @types/express@^5.0.3 @types/node@^20.19.0
  cp -r "$APPS/express5-esm-ts/." "$WORK/apps/express5-esm-ts/"
  mv "$WORK/apps/express5-esm-ts/checks.mjs" "$WORK/apps/express5-esm-ts/src/"
  cp "$APPS/shared/checks.d.mts" "$WORK/apps/express5-esm-ts/src/"
  make_app express4-cjs commonjs @keyward/core @keyward/express express@^4.21.2
  cp "$APPS/express4-cjs/server.cjs" "$WORK/apps/express4-cjs/"
  make_app workers module @keyward/core @keyward/hono hono@^4.9.0 esbuild@^0.25.0
  make_app bun module @keyward/core @keyward/hono hono@^4.9.0
  make_app deno module @keyward/core @keyward/hono hono@^4.9.0
  for app in workers bun deno; do cp "$APPS"/hono-runtimes/*.mjs "$WORK/apps/$app/"; done
  make_app entry-points module "@keyward/*"
  cp "$APPS/entry-points/check-entries.mjs" "$WORK/apps/entry-points/"
  make_app guides module @keyward/core @keyward/express @keyward/hono @keyward/postgres @keyward/redis \
    @keyward/sqlite express@^5.1.0 @types/express@^5.0.3 hono@^4.9.0 pg@^8.16.0 @types/pg@^8.15.0 \
    redis@^5.8.0 typescript@~5.9.2 @types/node@^20.19.0
  cp "$APPS"/guides/* "$WORK/apps/guides/"

  local pids=() app status=0
  for app in "$WORK"/apps/*/; do
    (cd "$app" && npm install --no-audit --no-fund --prefer-offline --loglevel=error >install.log 2>&1) &
    pids+=("$!")
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  if [ "$status" -ne 0 ]; then
    for app in "$WORK"/apps/*/; do printf '  %s:\n' "$(basename "$app")"; sed 's/^/    /' "$app/install.log"; done
  fi
  echo "  installed: $(ls "$WORK/apps" | tr '\n' ' ')"
  return "$status"
}
step "create the apps in $WORK/apps and npm install the tarballs" install_apps
require_ok

in_app() {
  local app=$1
  shift
  (cd "$WORK/apps/$app" && "$@")
}
express5() {
  in_app express5-esm-ts npx --no-install tsc --noEmit -p . &&
    echo "    ok   tsc --noEmit (module nodenext)" &&
    in_app express5-esm-ts npx --no-install tsc -p . --noCheck &&
    cp "$WORK/apps/express5-esm-ts/src/checks.mjs" "$WORK/apps/express5-esm-ts/build/" &&
    in_app express5-esm-ts node build/server.js
}
step "(a) Express 5, ESM, TypeScript nodenext" express5
step "(b) Express 4, CommonJS" in_app express4-cjs node server.cjs
workers() {
  local miniflare
  in_app workers npx --no-install esbuild worker.mjs --bundle --format=esm --platform=neutral \
    --main-fields=module,main --conditions=workerd,worker,browser --outfile=dist/worker.js \
    --log-level=warning || return 1
  miniflare=$(miniflare_entry) || { echo "  miniflare is not installed in the workspace" >&2; return 1; }
  in_app workers env KEYWARD_MINIFLARE="$miniflare" node run-workerd.mjs
}
step "(c) Hono on Cloudflare Workers (esbuild, workerd)" workers
step "(d) Hono on Bun" in_app bun $BUN bun.mjs
step "(e) Hono on Deno" in_app deno $DENO run --allow-net=127.0.0.1 --allow-read --allow-env deno.mjs
step "(f) Express 5 app on Node 22" in_app express5-esm-ts $NODE22 build/server.js
step "(g) every entry point, import() and require()" in_app entry-points node check-entries.mjs
guides() {
  in_app guides node extract-snippets.mjs "$ROOT/docs/deploy" src && in_app guides npx --no-install tsc -p .
}
step "(h) the deployment guides' TypeScript compiles against the tarballs" guides

print_summary
if [ "${#failures[@]}" -gt 0 ]; then
  printf 'failed: %s\n' "${failures[@]}"
  keep=1
  exit 1
fi
