// Where the runner reaches an environment, read from the containers readiness inspected: every
// published port and the network from that one inspect, not one `compose port` per endpoint.
import { InfrastructureError } from '../model/errors.js';
import type { ContainerState } from './backend.js';

/** A container's published ports as `docker inspect` shows them (NetworkSettings.Ports). */
export type InspectedPorts =
  Record<string, { HostIp?: string; HostPort?: string }[] | null> | null | undefined;

/**
 * `<port>/<proto>` → `<address>:<host port>`. Compose publishes on every interface of the engine's
 * host, so `address` is where the runner reaches that host: the loopback address for its own engine,
 * the engine host's address for a remote one (exec/engine.ts engineAddress).
 */
export function publishedPorts(ports: InspectedPorts, address = '127.0.0.1'): Record<string, string> {
  const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  const out: Record<string, string> = {};
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const port = (bindings ?? []).find((b) => b.HostPort)?.HostPort;
    if (port) out[key] = `${host}:${port}`;
  }
  return out;
}

/** host:port published for a service's container port; says how to publish it when it is not. */
export function publishedAddress(
  containers: readonly ContainerState[],
  service: string,
  port: number,
): string {
  const ofService = containers.filter((c) => c.service === service);
  const address = ofService.map((c) => c.ports[`${port}/tcp`]).find((a) => a !== undefined);
  if (address) return address;
  const why = ofService.length
    ? `it publishes ${Object.keys(ofService[0]!.ports).join(', ') || 'no port'}`
    : 'it has no container';
  throw new InfrastructureError(
    `service "${service}" does not publish port ${port}: add \`ports: ["${port}"]\` to it in the compose file (${why})`,
  );
}

/** The project's network the checks join (IMMUTABLE_QA_NETWORK): its default one, else the first. */
export function projectNetwork(containers: readonly ContainerState[], project: string): string {
  const names = containers[0]?.networks ?? [];
  return names.find((n) => n.endsWith('_default')) ?? names[0] ?? `${project}_default`;
}
