#!/usr/bin/env node
// The CLI ships bundled (dist/cli) so it runs without a build step or node_modules.
await import('../dist/cli/index.js');
