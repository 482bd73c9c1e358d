// Registry failures. They are InfrastructureErrors (exit 3) with a `kind` so callers can tell a
// missing tag (promotion refused) from bad credentials or an unreachable registry.
import { InfrastructureError } from '../model/errors.js';

export type RegistryErrorKind =
  /** 401: missing or wrong credentials. */
  | 'unauthorized'
  /** 403 (or insufficient_scope): valid credentials without the needed permission. */
  | 'forbidden'
  /** 404: repository, tag, manifest or blob unknown. */
  | 'not-found'
  /** Connection errors, 5xx and 429 after the bounded retries. */
  | 'unavailable'
  /** Content does not match its digest, or the registry answered something we cannot use. */
  | 'integrity'
  | 'protocol';

export interface RegistryErrorDetails {
  kind: RegistryErrorKind;
  /** host[:port] */
  registry: string;
  repository?: string;
  /** HTTP status; 0 when no response arrived. */
  status?: number;
  /** OCI error code from the response body, e.g. MANIFEST_UNKNOWN. */
  code?: string;
}

export class RegistryError extends InfrastructureError {
  override name = 'RegistryError';
  readonly kind: RegistryErrorKind;
  readonly registry: string;
  readonly repository: string | undefined;
  readonly status: number | undefined;
  readonly code: string | undefined;

  constructor(message: string, details: RegistryErrorDetails) {
    super(message);
    this.kind = details.kind;
    this.registry = details.registry;
    this.repository = details.repository;
    this.status = details.status;
    this.code = details.code;
  }
}

export function isRegistryError(error: unknown, kind?: RegistryErrorKind): error is RegistryError {
  return error instanceof RegistryError && (kind === undefined || error.kind === kind);
}
