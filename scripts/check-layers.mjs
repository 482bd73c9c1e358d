#!/usr/bin/env node
// The architecture rule of README "Architecture": no import cycle between files, and every import
// points down the folder layers below (a folder may import its own files and any lower folder).
// Uses madge's import graph of src/. `--stats` prints the figures the layout is measured by.
import madge from 'madge';

/** Top to bottom; folders on one line are peers and must not import each other. */
const LAYERS = [
  ['entries'],
  ['action', 'cli'],
  ['pipeline'],
  ['github', 'checks'],
  ['record', 'environment', 'image'],
  ['store'],
  ['registry', 'reports', 'config'],
  ['exec'],
  ['model'],
];

const layerOf = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i])));
const folderOf = (file) => (file.includes('/') ? file.split('/')[0] : '(top level)');

const graph = await madge('src', {
  fileExtensions: ['ts'],
  tsConfig: 'tsconfig.json',
  detectiveOptions: { ts: { skipTypeImports: false } },
});
const deps = graph.obj();
const problems = [];
for (const cycle of graph.circular()) problems.push(`import cycle: ${cycle.join(' → ')} → ${cycle[0]}`);
let imports = 0;
const folderEdges = new Set();
for (const [file, targets] of Object.entries(deps)) {
  const from = folderOf(file);
  if (!layerOf.has(from)) problems.push(`${file}: folder "${from}" is not in a layer (scripts/check-layers.mjs)`);
  for (const target of targets) {
    imports++;
    const to = folderOf(target);
    if (from === to) continue;
    folderEdges.add(`${from}→${to}`);
    if (layerOf.has(from) && layerOf.has(to) && layerOf.get(to) <= layerOf.get(from))
      problems.push(`${file} imports ${target}: ${to}/ is not below ${from}/ (an upward or sideways import)`);
  }
}

// Longest chain of folder imports: how many layers the code really uses.
const edges = [...folderEdges].map((e) => e.split('→'));
const depth = new Map();
const longest = (folder, seen = new Set()) => {
  if (depth.has(folder)) return depth.get(folder);
  if (seen.has(folder)) return Infinity;
  seen.add(folder);
  const below = edges.filter(([a]) => a === folder).map(([, b]) => longest(b, seen));
  const d = 1 + Math.max(0, ...below);
  depth.set(folder, d);
  return d;
};
const used = Math.max(...[...new Set(Object.keys(deps).map(folderOf))].map((f) => longest(f)));

if (process.argv.includes('--stats'))
  console.log(
    `${Object.keys(deps).length} files, ${imports} imports (${folderEdges.size} between folders), ${used} layers, ` +
      `${graph.circular().length} cycles, ${problems.length} problems`,
  );
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} layering problem(s): move the shared piece down (model/ is the leaf) or invert the dependency.`);
  process.exit(1);
}
console.log(`layers ok: ${Object.keys(deps).length} files, no cycle, every import points down`);
