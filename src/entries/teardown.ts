import { runTeardown } from '../action/teardown.js';

await runTeardown();
