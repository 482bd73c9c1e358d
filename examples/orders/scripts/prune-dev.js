// Build stage: drop devDependencies (jest & co.) from the vendored node_modules. The base image has
// no npm and the build cannot reach the registry, so the lockfile's `dev` flags decide.
const fs = require('node:fs');

const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
let removed = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  if (path && entry.dev && fs.existsSync(path)) {
    fs.rmSync(path, { recursive: true, force: true });
    removed++;
  }
}
fs.rmSync('node_modules/.bin', { recursive: true, force: true });
console.log(`pruned ${removed} dev package(s)`);
