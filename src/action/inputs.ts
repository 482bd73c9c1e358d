// The action's inputs, named as in action.yml, parsed and validated at one boundary.
import * as core from '@actions/core';
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

function bool(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).trim().toLowerCase();
  if (raw === '') return fallback;
  if (['true', 'yes', '1'].includes(raw)) return true;
  if (['false', 'no', '0'].includes(raw)) return false;
  throw new UsageError(`input ${name} must be true or false (got "${raw}")`);
}

export function getInputs(): Inputs {
  const password = core.getInput('registry-password');
  if (password) core.setSecret(password);
  const token = core.getInput('github-token');
  if (token) core.setSecret(token);
  return {
    config: core.getInput('config') || '.github/immutable-qa.yml',
    'github-token': token,
    'registry-username': core.getInput('registry-username'),
    'registry-password': password,
    checks: core
      .getInput('checks')
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
    'keep-environment': bool('keep-environment', false),
    comment: bool('comment', true),
  };
}
