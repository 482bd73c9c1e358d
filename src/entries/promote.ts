import { runPromote } from '../action/promote.js';

await runPromote();
