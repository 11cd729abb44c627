#!/usr/bin/env node
// Generates src/proto/ from proto/ with buf + ts-proto (both from node_modules, so
// it works offline). With --check it generates into a scratch folder and fails if
// the committed src/proto/ differs: generated code is committed, never hand-edited.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const buf = join(root, 'node_modules', '.bin', 'buf');
const check = process.argv.includes('--check');

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

if (!check) {
  execFileSync(buf, ['generate'], { cwd: root, stdio: 'inherit' });
  process.exit(0);
}

const scratch = mkdtempSync(join(tmpdir(), 'corelb-gen-'));
try {
  execFileSync(buf, ['generate', '--output', scratch], { cwd: root, stdio: 'inherit' });
  const fresh = join(scratch, 'src', 'proto');
  const committed = join(root, 'src', 'proto');
  const names = new Set([...listFiles(fresh), ...listFiles(committed)].map((p) =>
    relative(p.startsWith(fresh) ? fresh : committed, p)));
  const stale = [...names].filter((name) => {
    try {
      return !readFileSync(join(fresh, name)).equals(readFileSync(join(committed, name)));
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    console.error(`src/proto/ is out of date with proto/ (run \`npm run gen\`): ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log(`src/proto/ is up to date (${names.size} files)`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
