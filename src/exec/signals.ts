// Turns SIGINT/SIGTERM (a cancelled workflow run) into an AbortSignal the pipeline honours, and
// remembers which signal it was so the CLI can exit 130/143 once teardown is done.
import { ExitCode } from '../model/errors.js';

export interface Cancellation {
  signal: AbortSignal;
  /** The signal that cancelled the run, if one did. */
  received: () => NodeJS.Signals | undefined;
  dispose: () => void;
}

export function cancellation(): Cancellation {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) return;
    received = sig;
    process.stderr.write(`received ${sig}: cancelling and tearing down\n`);
    controller.abort(new Error(`received ${sig}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    received: () => received,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** 130 after SIGINT, 143 after SIGTERM (128 + the signal number, as shells report it). */
export function signalExitCode(sig: NodeJS.Signals): number {
  return sig === 'SIGINT' ? ExitCode.Interrupted : ExitCode.Terminated;
}
