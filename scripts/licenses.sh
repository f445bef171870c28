#!/usr/bin/env bash
# Writes ui/src/lib/licenses.json: name, version and licence of every third-party package the
# app ships — the Rust crates linked into hoken-wallet (normal dependencies, every platform;
# not build or dev dependencies) and the npm packages bundled into ui/dist (the UI's
# dependencies, plus Svelte's runtime and the two packages it imports at run time).
# Run it after changing Cargo.lock or ui/package-lock.json, and commit the result.
#   scripts/licenses.sh            → rewrites the file
#   scripts/licenses.sh --check    → fails when the committed file is stale
set -euo pipefail
cd "$(dirname "$0")/.."

out=ui/src/lib/licenses.json
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

cargo metadata --format-version 1 --locked --manifest-path src-tauri/Cargo.toml >"$tmp"

node - "$tmp" "$out.new" <<'JS'
const fs = require('fs');
const path = require('path');
const [metaFile, outFile] = process.argv.slice(2);
const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));

// Rust: walk the resolve graph from hoken-wallet along normal (not build, not dev) edges.
const byId = new Map(meta.packages.map((p) => [p.id, p]));
const nodes = new Map(meta.resolve.nodes.map((n) => [n.id, n]));
const workspace = new Set(meta.workspace_members);
const root = meta.packages.find((p) => p.name === 'hoken-wallet' && workspace.has(p.id));
const seen = new Set();
const stack = [root.id];
while (stack.length) {
  const id = stack.pop();
  if (seen.has(id)) continue;
  seen.add(id);
  for (const dep of nodes.get(id)?.deps ?? []) {
    if (dep.dep_kinds.some((k) => k.kind === null)) stack.push(dep.pkg);
  }
}
const crates = [...seen]
  .filter((id) => !workspace.has(id))
  .map((id) => byId.get(id))
  .map((p) => ({ name: p.name, version: p.version, license: p.license || (p.license_file ? 'see licence file' : 'unknown') }));

// npm: the UI's runtime dependencies (and theirs), plus Svelte's client runtime, which the
// compiler bundles together with the two packages it imports (clsx, esm-env).
const ui = path.resolve('ui');
const pkgJson = (name) => JSON.parse(fs.readFileSync(path.join(ui, 'node_modules', name, 'package.json'), 'utf8'));
const npmSeen = new Map();
const npmStack = [...Object.keys(JSON.parse(fs.readFileSync(path.join(ui, 'package.json'), 'utf8')).dependencies ?? {}), 'svelte', 'clsx', 'esm-env'];
while (npmStack.length) {
  const name = npmStack.pop();
  if (npmSeen.has(name)) continue;
  const p = pkgJson(name);
  npmSeen.set(name, { name, version: p.version, license: typeof p.license === 'string' ? p.license : 'unknown' });
  // Svelte's own dependencies are its compiler's, BudouX's are its command line's and its
  // Node DOM's (the UI imports only its parser and Japanese model): they do not ship.
  if (name !== 'svelte' && name !== 'budoux') npmStack.push(...Object.keys(p.dependencies ?? {}));
}

const sort = (list) => list.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
const json = { rust: sort(crates), npm: sort([...npmSeen.values()]) };
fs.writeFileSync(outFile, JSON.stringify(json, null, 0).replace(/\},\{/g, '},\n{') + '\n');
JS

if [[ "${1:-}" == "--check" ]]; then
  if ! cmp -s "$out.new" "$out"; then
    rm -f "$out.new"
    echo "$out is stale: run scripts/licenses.sh and commit it" >&2
    exit 1
  fi
  rm -f "$out.new"
else
  mv "$out.new" "$out"
  echo "wrote $out"
fi
