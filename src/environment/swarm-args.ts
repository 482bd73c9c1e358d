// The swarm backend's commands as data: pure argv builders (after the docker binary), run by
// swarm.ts through docker(). A stack's services, tasks and networks carry Docker's own label
// com.docker.stack.namespace=<stack>; the stack is the environment's project name.

export const STACK_LABEL = 'com.docker.stack.namespace';

export function stackLabel(stack: string): string {
  return `${STACK_LABEL}=${stack}`;
}

export const swarmCommand = {
  /** Whether the engine can deploy stacks: `true` on a manager. */
  isManager: (): string[] => ['info', '--format', '{{.Swarm.ControlAvailable}}'],
  /**
   * Digest references as they are (no node re-resolves a tag), the registry credentials of this
   * client passed to the nodes that pull, and services no longer in the file removed.
   */
  deploy: (stack: string, file: string): string[] => [
    'stack',
    'deploy',
    '--compose-file',
    file,
    '--with-registry-auth',
    '--resolve-image',
    'never',
    '--prune',
    stack,
  ],
  remove: (stack: string): string[] => ['stack', 'rm', stack],
  /** Full IDs of the services that carry every one of the `key=value` labels. */
  serviceIds: (labels: readonly string[]): string[] => [
    'service',
    'ls',
    '--quiet',
    ...labels.flatMap((label) => ['--filter', `label=${label}`]),
  ],
  /** The tasks of the services, every state, full IDs. */
  taskIds: (services: readonly string[]): string[] => ['service', 'ps', '--quiet', '--no-trunc', ...services],
  inspect: (ids: readonly string[]): string[] => ['inspect', ...ids],
  inspectServices: (ids: readonly string[]): string[] => ['service', 'inspect', ...ids],
  inspectNodes: (ids: readonly string[]): string[] => ['node', 'inspect', ...ids],
  /** The stack's networks (overlay, on the manager's view of the cluster). */
  networks: (stack: string): string[] => [
    'network',
    'ls',
    '--quiet',
    '--filter',
    `label=${stackLabel(stack)}`,
  ],
  removeNetworks: (ids: readonly string[]): string[] => ['network', 'rm', ...ids],
  logs: (service: string, lines: number): string[] => [
    'service',
    'logs',
    '--no-trunc',
    '--no-task-ids',
    '--tail',
    String(lines),
    service,
  ],
};
