#!/usr/bin/env node
// Writes schema/immutable-qa.schema.json (JSON Schema for editors) from the zod schema in
// src/config/schema.ts. `--check` exits 1 when the committed file is out of date (CI).
//
// No TypeScript runner is installed, so the schema module is transpiled on the fly with the
// installed `typescript` package into build/gen/ (inside the project, so `zod` resolves).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { z } from 'zod';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'src/config/schema.ts');
const target = path.join(root, 'schema/immutable-qa.schema.json');
const check = process.argv.includes('--check');

const { outputText, diagnostics } = ts.transpileModule(readFileSync(source, 'utf8'), {
  fileName: source,
  reportDiagnostics: true,
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
if (diagnostics?.length) {
  console.error(ts.formatDiagnostics(diagnostics, ts.createCompilerHost({})));
  process.exit(2);
}
const genDir = path.join(root, 'build/gen');
mkdirSync(genDir, { recursive: true });
const compiled = path.join(genDir, 'schema.mjs');
writeFileSync(compiled, outputText);
const { configSchema } = await import(pathToFileURL(compiled).href);

const generated = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' });
delete generated.$schema;
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:immutable-qa:config:v1',
  title: 'immutable-qa config (.github/immutable-qa.yml)',
  description: 'Build once, test the exact digest in an ephemeral environment, promote that same digest.',
  ...generated,
};
const text = `${JSON.stringify(schema, null, 2)}\n`;
const shown = path.relative(process.cwd(), target) || target;

if (check) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as different
  }
  if (current !== text) {
    console.error(
      `${shown} is out of date with src/config/schema.ts: run \`npm run schema\` and commit the result`,
    );
    process.exit(1);
  }
  console.log(`${shown} is up to date`);
} else {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${shown}`);
}
