// The handler contract: what every check handler gets (the variables of DESIGN.md, where to write
// its output) and what it returns; the runner turns outcomes into results.
import type { Config } from '../config/schema.js';
import type { EnvironmentBackend, EnvironmentSpec } from '../environment/backend.js';
import type { Logger } from '../model/log.js';
import type { Annotation, Conclusion, TestTotals } from '../model/results.js';
import type { ImageStore } from '../store/image-store.js';

export interface CheckContext {
  config: Config;
  root: string;
  reportDir: string;
  /** The run's private directory (removed when the run ends): files checks get that are not results. */
  workDir?: string;
  /** IMMUTABLE_QA_IMAGE, _DIGEST, _PROJECT, _NETWORK, _ENDPOINT_<NAME>. */
  variables: Record<string, string>;
  /** For drift: what the environment must look like. */
  environment: {
    project: string;
    digest: string;
    definitionSha256: string;
    /** Every service of the compose definition (`compose config --services`). */
    services: string[];
    /** Renders the compose definition again, exactly as it was rendered for definitionSha256. */
    definition?: () => Promise<string>;
    /**
     * How the environment was started (definition, variables, labels) and the backend that started it:
     * a load check's baseline sibling starts from the same definition with the promoted digest.
     */
    spec?: EnvironmentSpec;
    backend?: EnvironmentBackend;
  };
  /**
   * The run's image store: a load baseline resolves the promoted tag and its image through it
   * (only `baseline: last-promoted` needs it; without it the baseline is unavailable, not a failure).
   */
  store?: Pick<ImageStore, 'resolve' | 'imageRef'>;
  logger: Logger;
  signal: AbortSignal;
  /** Where a check streams its output as it comes (runner.ts live output), besides its log file. */
  output?: (chunk: Buffer | string) => void;
}

export type Check = Config['checks'][number];

export interface CheckOutcome {
  conclusion: Conclusion;
  summary: string;
  details?: string;
  logTail?: string;
  logFile?: string;
  annotations?: Annotation[];
  tests?: TestTotals;
}
