import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppDeps } from '../app-deps.js';
import { renderDigestText } from '../render/digest-text.js';
import { digestTrendChart, renderTrendChart } from '../render/trend-chart.js';
import { digestContent } from '../services/digest-content.js';
import { getOrgSettings, findTeam } from '../store/teams-store.js';

// The demo team with a spike in its last days: the digest with the most to say.
const DEMO_DIGEST_TEAM = 'code-review';

/** The demo team's weekly digest as text; its chart is written as a PNG under the data directory. */
export async function demoDigestText(deps: AppDeps, now: Date, dataDir: string): Promise<string> {
  const [team, org] = await Promise.all([findTeam(deps.db, DEMO_DIGEST_TEAM), getOrgSettings(deps.db)]);
  if (!team) return `(no ${DEMO_DIGEST_TEAM} team: digest skipped)`;
  const content = await digestContent(deps.db, { team, org, cadence: 'weekly', now, prices: deps.prices });
  const text = renderDigestText(content);
  if (content.kind !== 'report') return text;
  const file = join(dataDir, 'demo-digest.png');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, await renderTrendChart(digestTrendChart(content)));
  return `${text}\n\n(chart: ${file})`;
}
