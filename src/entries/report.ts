import { runReport } from '../action/report.js';

await runReport();
