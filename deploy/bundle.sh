#!/bin/sh
# The production bundle: `pnpm bundle <dir>` builds the service and writes to <dir> a folder that runs
# on any machine with Node >= 20.19 and nothing else: dist/, the built workspace packages and only the
# runtime dependencies (better-sqlite3's native addon included, compiled for this machine's Node ABI).
# Start it with `node --max-semi-space-size=8 --heap-growing-percent=30 dist/main.js` (the README's
# Memory paragraph says why; `bin/vpnaas-api.js` also starts it, with V8's default heap).
set -eu
# Run through `pnpm bundle`, pnpm is on the PATH; run directly, fetch the project's pnpm.
command -v pnpm >/dev/null || pnpm() { npx -y pnpm@12.4.2 "$@"; }

target=${1:?usage: pnpm bundle <dir>   (an empty or missing folder)}
# `pnpm bundle` runs in the workspace root; a relative <dir> means relative to where it was typed.
case $target in
/*) ;;
*) target="${INIT_CWD:-$PWD}/$target" ;;
esac
if [ -e "$target" ] && [ -n "$(ls -A "$target")" ]; then
  echo "bundle: $target is not empty" >&2
  exit 1
fi

cd "$(dirname "$0")/.."
pnpm exec turbo run build --filter=@vpnaas/api --output-logs=errors-only
# pnpm deploy copies each workspace package as its `files` list publishes it (dist/, generated/),
# and installs the production dependency tree from the lockfile (no dev dependencies).
pnpm --filter @vpnaas/api deploy --prod --frozen-lockfile "$target"

# better-sqlite3 keeps its compiler's intermediates next to the addon; only the .node file is loaded.
for addon in "$target"/node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3; do
  rm -rf "$addon/build/Release/obj" "$addon/build/Release/obj.target" "$addon/build/Release/.deps" \
    "$addon/build/Release/sqlite3.a" "$addon/build/Release/test_extension.node" "$addon/build/deps" \
    "$addon/deps" "$addon/src"
done
# TypeScript is an optional peer of @nestjs/swagger for its compiler plugin only (never loaded at run time).
rm -rf "$target"/node_modules/.pnpm/typescript@* "$target"/node_modules/.pnpm/@nestjs+swagger@*/node_modules/typescript
# Type declarations and source maps of the dependencies are for editors and debuggers, never loaded.
find "$target/node_modules" -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -delete
echo "bundle: $target ($(du -sh "$target" | cut -f1)); start it with: node --max-semi-space-size=8 --heap-growing-percent=30 $target/dist/main.js"
