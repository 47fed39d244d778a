import { UserError } from '../errors.js';
import { importFromLitellmUrl } from '../ingest/litellm-import.js';
import type { CliCommand } from './cli-kit.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'tally import litellm --from <postgres-url> [--since ISO]',
  summary: "import LiteLLM proxy spend logs (read-only; resumes where the last import stopped; never imports a row twice)",
  options: { from: { type: 'string' }, since: { type: 'string' } },
  async run({ positionals, values }, ctx) {
    const { from, since } = values;
    if (positionals[0] !== 'litellm' || positionals.length !== 1) throw new UserError(`usage: ${this.usage}`);
    const url = typeof from === 'string' && from ? from : ctx.config.litellmUrl;
    if (!url || !/^postgres(ql)?:\/\//.test(url)) throw new UserError(`--from must be the LiteLLM database's postgres:// URL (or set TALLY_LITELLM_URL)\nusage: ${this.usage}`);
    if (since !== undefined && (typeof since !== 'string' || !ISO_INSTANT.test(since) || Number.isNaN(Date.parse(since)))) {
      throw new UserError('--since must be an ISO-8601 date or instant, e.g. 2026-03-01 or 2026-03-01T00:00:00Z');
    }
    const deps = await ctx.deps();
    const summary = await importFromLitellmUrl(deps, url, { now: ctx.now, since: since ? new Date(since) : undefined });
    ctx.out(JSON.stringify(summary, null, 2));
    return summary.rejected > 0 ? 1 : 0;
  },
};
