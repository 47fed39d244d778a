import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { costSubcommands } from '../../src/slack/commands/cost-subcommands.js';

const repo = join(import.meta.dirname, '..', '..');
// slackapi/manifest-schema's published files (v0.5.0), vendored so the test runs on any checkout.
const schemaDir = join(repo, 'test', 'fixtures', 'slack-manifest-schema');
const SCHEMA_URL = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas';

function readJson(name: string): Record<string, unknown> {
  const path = join(schemaDir, name);
  if (!existsSync(path)) {
    throw new Error(`Slack manifest schema not found at ${path}`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function manifestValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  for (const version of ['1.0.0', '2.0.0']) {
    const { $id: _id, ...schema } = readJson(`manifest.schema.${version}.json`);
    ajv.addSchema(schema, `${SCHEMA_URL}/manifest.schema.${version}.json`);
  }
  return ajv.compile(readJson('manifest.schema.json'));
}

const manifest = parse(readFileSync(join(repo, 'manifest.yml'), 'utf8')) as {
  features: { slash_commands: { command: string; usage_hint: string; url: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean; interactivity: { is_enabled: boolean }; event_subscriptions: { bot_events: string[] } };
};

describe('manifest.yml', () => {
  it("is a valid Slack app manifest per Slack's published schema", () => {
    const validate = manifestValidator();
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema really rejects a broken manifest (so the check above means something)', () => {
    const validate = manifestValidator();
    expect(validate({ ...manifest, display_information: { name: '' } })).toBe(false);
  });

  it('declares /cost with a usage hint naming the subcommands, the scopes used, interactivity, events, HTTP mode', () => {
    const [cost] = manifest.features.slash_commands;
    expect(cost?.command).toBe('/cost');
    expect(cost?.url).toBe('https://tally.example.com/slack/events');
    for (const name of ['myteam', 'team', 'me', 'tag', 'task', 'top']) {
      expect(costSubcommands().some((s) => s.name === name)).toBe(true);
      expect(cost?.usage_hint).toContain(name);
    }
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'im:write', 'users:read', 'users:read.email', 'usergroups:read', 'files:write']),
    );
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
