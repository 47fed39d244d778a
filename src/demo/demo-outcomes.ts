import { seededRandom } from './random.js';

/** Which outcome each demo team reports, and how often a task of each type achieves it. */
const VALUE_PROFILES: Record<string, { metric: string; successRate: Record<string, number> }> = {
  support: { metric: 'tickets_resolved', successRate: { triage: 0.6, 'draft-reply': 0.75 } },
  'code-review': { metric: 'prs_merged', successRate: { 'code-review': 0.5, 'fix-suggestion': 0.35 } },
  search: { metric: 'queries_answered', successRate: { 'rag-answer': 0.9, rewrite: 0.8 } },
};

/** FNV-1a: a task's fate depends only on its id, so re-running the demo reports the same outcomes. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

interface DemoTask {
  team: string;
  taskType: string;
  lastAt: number;
  failed: boolean;
}

/**
 * Outcomes for the demo's tasks, derived from the generated events: a task succeeds with its type's
 * rate (half of it when one of its calls failed), and reports one unit a minute after its last call.
 */
export function generateDemoOutcomes(events: readonly Record<string, unknown>[], now: Date): Record<string, unknown>[] {
  const tasks = new Map<string, DemoTask>();
  for (const e of events) {
    const { team, task_id: taskId, task_type: taskType } = e;
    if (typeof team !== 'string' || typeof taskId !== 'string' || typeof taskType !== 'string' || !VALUE_PROFILES[team]) continue;
    const at = Date.parse(String(e.timestamp));
    const task = tasks.get(taskId) ?? { team, taskType, lastAt: at, failed: false };
    task.lastAt = Math.max(task.lastAt, at);
    task.failed ||= e.status === 'error';
    tasks.set(taskId, task);
  }
  const outcomes: Record<string, unknown>[] = [];
  for (const [taskId, task] of tasks) {
    const profile = VALUE_PROFILES[task.team]!;
    const rate = (profile.successRate[task.taskType] ?? 0.5) * (task.failed ? 0.5 : 1);
    const reportedAt = task.lastAt + 60_000;
    if (seededRandom(hashOf(taskId))() >= rate || reportedAt > now.getTime()) continue;
    outcomes.push({ id: `demo-outcome-${taskId}`, timestamp: new Date(reportedAt).toISOString(), team: task.team, task_id: taskId, metric: profile.metric, value: 1 });
  }
  return outcomes;
}
