import { describe, expect, it } from 'vitest';
import { mapSpendLog, tagsFromRequestTags, tallyTeamFor } from '../../src/ingest/litellm-mapping.js';
import type { LitellmSpendLogRow } from '../../src/store/litellm-source-store.js';

const row: LitellmSpendLogRow = {
  request_id: 'chatcmpl-1', start_time: '2026-03-02T10:00:00.123000', spend: 0.0123, prompt_tokens: 100, completion_tokens: 20,
  total_tokens: 120, model: 'gpt-4o', custom_llm_provider: 'openai', user_id: '', team_id: 'tid-1', end_user: 'cust-9',
  session_id: null, status: 'success', request_tags: [], metadata: { user_api_key_team_alias: 'Growth', spend_logs_metadata: { product: 'bot', task_id: 'T-1' } },
};

describe('LiteLLM mapping', () => {
  it('maps a row to a wire event with the reported spend', () => {
    expect(mapSpendLog(row, { map: {} }).event).toEqual({
      id: 'chatcmpl-1', timestamp: '2026-03-02T10:00:00.123000Z', team: 'Growth', product: 'bot', user: 'cust-9', task_id: 'T-1',
      task_type: null, model: 'gpt-4o', provider: 'openai', input_tokens: 100, output_tokens: 20, cost_usd: 0.0123, status: 'ok', tags: {},
    });
  });

  it('maps teams: mapped alias, mapped id, alias, id', () => {
    expect(tallyTeamFor('tid-1', 'Growth', { map: { Growth: 'growth' } })).toBe('growth');
    expect(tallyTeamFor('tid-1', 'Growth', { map: { 'tid-1': 'growth' } })).toBe('growth');
    expect(tallyTeamFor('tid-1', null, { map: {} })).toBe('tid-1');
    expect(tallyTeamFor(null, null, { map: {} })).toBeNull();
  });

  it('splits k:v and k=v, files bare tags under tag, and clips instead of rejecting', () => {
    const long = 'x'.repeat(300);
    const { tags, warnings } = tagsFromRequestTags(['env:prod', 'team=ads', 'nightly', 'env:dev', long, 42, ...Array.from({ length: 60 }, (_, i) => `k${i}=v`)]);
    expect(tags).toMatchObject({ env: 'prod', team: 'ads', tag: 'nightly' });
    expect(Object.keys(tags)).toHaveLength(50);
    // env:dev (repeat key), the long bare tag (clipped, then a repeat of `tag`), 42 (not a string), 13 past the limit.
    expect(warnings).toBe(1 + 2 + 1 + 13);
  });
});
