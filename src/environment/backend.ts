// What the pipeline needs from an environment, whatever runs it (compose today).

export interface EnvironmentSpec {
  project: string;
  root: string;
  composeFiles: string[];
  /** Variables compose interpolates: IMMUTABLE_QA_IMAGE, IMMUTABLE_QA_DIGEST, … */
  variables: Record<string, string>;
  /** Labels added to every service, network and volume. */
  labels: Record<string, string>;
  /**
   * The run that owns this environment: its id (label io.immutable-qa.run on all it creates, so
   * `down` removes only those) and its private directory (generated files such as the labels
   * override). Absent: files go to the OS temp directory and `down` removes the whole project.
   */
  run?: { id: string; dir: string };
  /**
   * What the config builds (absolute image.context and image.dockerfile): a compose service that
   * `build:`s the same is pinned to the tested image by the override, its build section unused.
   */
  build?: { context: string; dockerfile: string };
}

export interface ContainerState {
  id: string;
  name: string;
  service: string;
  image: string;
  status: string;
  health?: string;
  exitCode: number;
  /** io.immutable-qa.run: the run that created it (absent on containers of older versions). */
  run?: string;
  /** Published ports: `<port>/<proto>` → `host:port` where the runner reaches it. */
  ports: Record<string, string>;
  /**
   * The networks it is attached to, by name, where a check's container could join them (compose).
   * Absent where the engine's view is not the container's (a swarm task on another node).
   */
  networks?: string[];
  /** The node it runs on, in a cluster (swarm): named in readiness failures and drift. */
  node?: string;
}

export interface ReadyOutcome {
  ready: boolean;
  reason?: string;
  /** As the engine showed them when readiness was decided: endpoints and the network come from here. */
  containers: ContainerState[];
}

export interface EnvironmentBackend {
  readonly kind: string;
  /**
   * Before the tested image exists: starts the services that do not run it (databases, caches,
   * mocks) so they get ready while it builds; resolves to those it started. `up` with the image
   * then starts the rest and leaves these as they are.
   */
  startEarly?(spec: EnvironmentSpec, signal?: AbortSignal): Promise<string[]>;
  /**
   * Starts the environment; resolves to the services of its definition, that definition as
   * rendered, and what the phase's summary should say of how it was deployed (what was dropped).
   */
  up(
    spec: EnvironmentSpec,
    signal?: AbortSignal,
  ): Promise<{ services: string[]; definition: string; notes?: string[] }>;
  ready(spec: EnvironmentSpec, timeoutMs: number, signal?: AbortSignal): Promise<ReadyOutcome>;
  /**
   * The definition rendered again, as `up` rendered it (for its hash: drift): the user's files with
   * the run's variables, without what the backend adds (labels), so the same files, variables and
   * digest give the same hash in every run.
   */
  definition(spec: EnvironmentSpec): Promise<string>;
  /**
   * Everything of the environment the engine shows now, for drift (absent: the compose project's
   * containers), and what ContainerState.image holds there: the image ID (compose, the default)
   * or the reference each task was given (swarm: `repo@sha256:…`, pulled by digest on its node).
   */
  inspect?(spec: EnvironmentSpec): Promise<ContainerState[]>;
  readonly images?: 'id' | 'reference';
  logs(spec: EnvironmentSpec, lines: number): Promise<string>;
  down(spec: EnvironmentSpec): Promise<void>;
}
