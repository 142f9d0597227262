// Request-body fixtures: valid bodies per handler variant and invalid ones,
// each naming the field a validator (or the mock's 422) must point at.
// Bodies without a call_handler union (subscriber SIP credentials, assign,
// the SIP profile, phone routes)
// have one variant: their valid cases say `variant: null`.
import { readFileSync } from 'node:fs';

export type ValidCase = { name: string; variant: string | null; body: Record<string, unknown> };
export type InvalidCase = { name: string; field: string; body: Record<string, unknown> };
export type FixtureSet = { file: string; schema: string; valid: ValidCase[]; invalid: InvalidCase[] };

export const FIXTURE_FILES = ['relay-create', 'relay-update', 'fabric-create', 'fabric-update', 'subscriber-create', 'subscriber-update', 'assign', 'relay-sip-profile-update', 'phone-route-assign'] as const;

export function loadFixtures(file: (typeof FIXTURE_FILES)[number]): FixtureSet {
  const data = JSON.parse(readFileSync(new URL(`../fixtures/${file}.json`, import.meta.url), 'utf8'));
  return { file, ...data };
}

export const allFixtures = FIXTURE_FILES.map(loadFixtures);
