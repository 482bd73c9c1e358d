// Counts the requests a RegistryClient makes, through its request hook.
import type { RequestHook } from '../../src/registry/client.js';

export interface RequestRecord {
  method: string;
  url: string;
  status: number;
}

/** Records every request a client makes: `new RegistryClient({ onRequest: counter.onRequest })`. */
export class RequestCounter {
  readonly records: RequestRecord[] = [];
  readonly onRequest: RequestHook = (method, url, status) => void this.records.push({ method, url, status });

  get count(): number {
    return this.records.length;
  }

  matching(filter: { method?: string; path?: RegExp }): RequestRecord[] {
    return this.records.filter(
      (r) =>
        (!filter.method || r.method === filter.method) &&
        (!filter.path || filter.path.test(new URL(r.url).pathname)),
    );
  }

  /** Requests that move blob content: blob GETs and upload POST/PUT/PATCH. HEADs move none. */
  blobTransfers(): RequestRecord[] {
    return this.records.filter((r) => {
      const path = new URL(r.url).pathname;
      if (!/\/blobs\//.test(path)) return false;
      return r.method === 'GET' || r.method === 'PUT' || r.method === 'PATCH' || r.method === 'POST';
    });
  }

  reset(): void {
    this.records.length = 0;
  }
}
