// The action's inputs, named as in action.yml, parsed and validated at one boundary.
import * as core from '@actions/core';
import { DEFAULT_CONFIG_FILE, splitList } from '../config/input.js';
import { UsageError } from '../errors.js';

export interface Inputs {
  config: string;
  'github-token': string;
  'registry-username': string;
  'registry-password': string;
  checks: string[];
  'keep-environment': boolean;
  comment: boolean;
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

/** The inputs the root action and the promote sub-action share. */
export function commonInputs(): Pick<
  Inputs,
  'config' | 'github-token' | 'registry-username' | 'registry-password'
> {
  return {
    config: core.getInput('config') || DEFAULT_CONFIG_FILE,
    'github-token': secretInput('github-token'),
    'registry-username': core.getInput('registry-username'),
    'registry-password': secretInput('registry-password'),
  };
}

export function getInputs(): Inputs {
  return {
    ...commonInputs(),
    checks: splitList(core.getInput('checks')),
    'keep-environment': booleanInput('keep-environment', false),
    comment: booleanInput('comment', true),
  };
}
