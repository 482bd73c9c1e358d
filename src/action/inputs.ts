// The action's inputs, named as in action.yml, parsed and validated at one boundary.
import * as core from '@actions/core';
import { parseOlderThan } from '../config/duration.js';
import { DEFAULT_CONFIG_FILE, splitList } from '../config/input.js';
import { UsageError } from '../model/errors.js';
import { secretForms } from '../model/secrets.js';

export interface Inputs {
  config: string;
  'github-token': string;
  'registry-username': string;
  'registry-password': string;
  checks: string[];
  'keep-environment': boolean;
  comment: boolean;
  /** PEM private key for record.signing: key (masked). */
  'signing-key': string;
}

export function booleanInput(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).trim().toLowerCase();
  if (raw === '') return fallback;
  if (['true', 'yes', '1'].includes(raw)) return true;
  if (['false', 'no', '0'].includes(raw)) return false;
  throw new UsageError(`input ${name} must be true or false (got "${raw}")`);
}

/** An input that must never reach a log: masked before anything else runs. */
export function secretInput(name: string): string {
  const value = core.getInput(name);
  if (value) core.setSecret(value);
  return value;
}

/** The signing key, masked line by line: the runner masks whole lines, and a PEM key spans several. */
function signingKeyInput(): string {
  const key = secretInput('signing-key').trim();
  for (const line of key.split(/\r?\n/))
    if (line.trim().length >= 8 && !line.startsWith('-----')) core.setSecret(line.trim());
  return key;
}

/** The inputs the root action and the promote sub-action share. */
export function commonInputs(): Pick<
  Inputs,
  'config' | 'github-token' | 'registry-username' | 'registry-password'
> {
  const token = secretInput('github-token');
  const username = core.getInput('registry-username');
  const password = secretInput('registry-password');
  // A Docker config or an Authorization header holds them base64-encoded: mask those forms too.
  // (The ghcr.io fallback logs in as the actor with the token; git uses x-access-token.)
  const forms = new Set<string>([
    ...(password ? secretForms(username, password) : []),
    ...(token
      ? [process.env.GITHUB_ACTOR ?? '', 'x-access-token'].flatMap((u) => secretForms(u, token))
      : []),
  ]);
  for (const form of forms) if (form !== token && form !== password) core.setSecret(form);
  return {
    config: core.getInput('config') || DEFAULT_CONFIG_FILE,
    'github-token': token,
    'registry-username': username,
    'registry-password': password,
  };
}

export function getInputs(): Inputs {
  return {
    ...commonInputs(),
    checks: splitList(core.getInput('checks')),
    'keep-environment': booleanInput('keep-environment', false),
    comment: booleanInput('comment', true),
    'signing-key': signingKeyInput(),
  };
}

/** promote/action.yml */
export interface PromoteInputs {
  config: string;
  'github-token': string;
  'registry-username': string;
  'registry-password': string;
  sha: string;
  tags: string[];
}

export function getPromoteInputs(): PromoteInputs {
  return {
    ...commonInputs(),
    sha: core.getInput('sha').trim(),
    tags: splitList(core.getInput('tags')),
  };
}

/** teardown/action.yml */
export interface TeardownInputs {
  config: string;
  /** Undefined: the pull request of the event. */
  pr?: number;
  all: boolean;
  /** `older-than` in ms. */
  'older-than'?: number;
  /** Also the local convenience tags of image.repository: pr-<n>, or with all every pr-* and sha-<sha12>. */
  images: boolean;
  'github-token': string;
}

export function getTeardownInputs(): TeardownInputs {
  const prInput = core.getInput('pr').trim();
  let pr: number | undefined;
  if (prInput) {
    pr = Number(prInput);
    if (!Number.isInteger(pr) || pr <= 0)
      throw new UsageError(`input pr must be a pull request number (got "${prInput}")`);
  }
  const olderThan = parseOlderThan(core.getInput('older-than').trim());
  return {
    config: core.getInput('config') || DEFAULT_CONFIG_FILE,
    ...(pr !== undefined ? { pr } : {}),
    all: booleanInput('all', false),
    ...(olderThan !== undefined ? { 'older-than': olderThan } : {}),
    images: booleanInput('images', false),
    'github-token': secretInput('github-token'),
  };
}

export interface ReportInputs {
  'github-token': string;
  comment: boolean;
}

/** The `report` sub-action's inputs: it reads no config (it never checks out the PR). */
export function getReportInputs(): ReportInputs {
  return { 'github-token': secretInput('github-token'), comment: booleanInput('comment', true) };
}
