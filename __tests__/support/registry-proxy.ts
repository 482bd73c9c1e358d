// A fault-injecting HTTP proxy in front of a real registry: each request is either answered by a
// fault (status, headers, or a dropped connection) or forwarded unchanged. The Host header is kept,
// so the registry's upload Locations point back at the proxy.
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { status: number; headers?: Record<string, string>; body?: string }
  /** Close the connection without answering. */
  | 'reset';

export interface ProxiedRequest {
  /** 1-based sequence number (since start or the last reset()). */
  n: number;
  method: string;
  url: string;
  /** Who is asking (immutable-qa's own client sends `immutable-qa`; the engine sends its own). */
  userAgent: string;
}

export interface FaultProxy {
  host: string;
  url: string;
  /** Every request with what happened to it: a fault's status, 'reset', or the upstream status. */
  log: (ProxiedRequest & { outcome: number | 'reset' })[];
  /** Clears the log and restarts the sequence numbers at 1. */
  reset(): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(
  upstream: string,
  /** May answer later (a Promise): the request waits, e.g. to slow a step down. */
  decide: (request: ProxiedRequest) => Fault | undefined | Promise<Fault | undefined>,
): Promise<FaultProxy> {
  const target = new URL(upstream);
  const log: FaultProxy['log'] = [];
  let n = 0;
  const server = createServer(async (req, res) => {
    const info: ProxiedRequest = {
      n: ++n,
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      userAgent: req.headers['user-agent'] ?? '',
    };
    const fault = await decide(info);
    if (req.socket.destroyed) return;
    if (fault === 'reset') {
      log.push({ ...info, outcome: 'reset' });
      req.socket.destroy();
      return;
    }
    if (fault) {
      log.push({ ...info, outcome: fault.status });
      req.resume();
      res.writeHead(fault.status, { 'Content-Type': 'application/json', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'injected fault' }] }));
      return;
    }
    const forward = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (upstreamRes) => {
        log.push({ ...info, outcome: upstreamRes.statusCode ?? 0 });
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forward.on('error', () => {
      log.push({ ...info, outcome: 502 });
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  return {
    host,
    url: `http://${host}`,
    log,
    reset: () => {
      log.splice(0);
      n = 0;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
