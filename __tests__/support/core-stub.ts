// Typed stubs of the @actions/core functions the action uses (as actions/typescript-action's
// __fixtures__/core.ts). A test registers them before importing the code under test:
//
//   import * as core from '../support/core-stub.js';
//   jest.unstable_mockModule('@actions/core', () => core);
//   const { runPromote } = await import('../../src/action/promote.js');
//
// `given({ inputs, state })` sets what getInput/getState answer; the recording helpers read back
// outputs, failures, log lines and the job summary.
import type * as actionsCore from '@actions/core';
import { jest } from '@jest/globals';

export const getInput = jest.fn<typeof actionsCore.getInput>();
export const getState = jest.fn<typeof actionsCore.getState>();
export const saveState = jest.fn<typeof actionsCore.saveState>();
export const setSecret = jest.fn<typeof actionsCore.setSecret>();
export const setOutput = jest.fn<typeof actionsCore.setOutput>();
export const setFailed = jest.fn<typeof actionsCore.setFailed>();
export const isDebug = jest.fn<typeof actionsCore.isDebug>();
export const debug = jest.fn<typeof actionsCore.debug>();
export const info = jest.fn<typeof actionsCore.info>();
export const notice = jest.fn<typeof actionsCore.notice>();
export const warning = jest.fn<typeof actionsCore.warning>();
export const error = jest.fn<typeof actionsCore.error>();
export const startGroup = jest.fn<typeof actionsCore.startGroup>();
export const endGroup = jest.fn<typeof actionsCore.endGroup>();
export const group = jest.fn<typeof actionsCore.group>();

/** The part of core.summary the action uses; each write() appends the buffered markdown to `summaries`. */
export interface SummaryStub {
  addRaw(text: string, addEOL?: boolean): SummaryStub;
  write(): Promise<SummaryStub>;
}
const summaries: string[] = [];
let buffer = '';
export const summary: SummaryStub = {
  addRaw: jest.fn((text: string, addEOL = false): SummaryStub => {
    buffer += addEOL ? `${text}\n` : text;
    return summary;
  }),
  write: jest.fn(async (): Promise<SummaryStub> => {
    summaries.push(buffer);
    buffer = '';
    return summary;
  }),
};

export interface Given {
  /** Inputs by their action.yml name; absent ones read as '' (as the runner gives them). */
  inputs?: Record<string, string>;
  /** Saved state of the main step, by name. */
  state?: Record<string, string>;
}

/** Resets every stub and sets the answers of getInput/getState. Call in beforeEach. */
export function given({ inputs = {}, state = {} }: Given = {}): void {
  for (const stub of [
    getInput,
    getState,
    saveState,
    setSecret,
    setOutput,
    setFailed,
    isDebug,
    debug,
    info,
    notice,
    warning,
    error,
    startGroup,
    endGroup,
    group,
  ])
    stub.mockReset();
  summaries.length = 0;
  buffer = '';
  getInput.mockImplementation((name) => inputs[name] ?? '');
  getState.mockImplementation((name) => state[name] ?? '');
  isDebug.mockReturnValue(false);
  group.mockImplementation((_name, fn) => fn());
}

/** Every setOutput call, as name → value (the last call wins, as in GITHUB_OUTPUT). */
export function outputs(): Record<string, unknown> {
  return Object.fromEntries(setOutput.mock.calls.map(([name, value]) => [name, value]));
}

/** The messages passed to setFailed, in order. */
export function failures(): string[] {
  return setFailed.mock.calls.map(([m]) => (typeof m === 'string' ? m : m.message));
}

/** The messages of one log function (info, warning, error, debug), in order. */
export function messages(fn: typeof info | typeof warning | typeof error | typeof debug): string[] {
  return fn.mock.calls.map(([m]) => (typeof m === 'string' ? m : m.message));
}

/** The job summary as written: one entry per write(). */
export function jobSummaries(): string[] {
  return [...summaries];
}
