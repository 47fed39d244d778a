import { hostname } from 'node:os';
import cron from 'node-cron';
import type { AppDeps } from '../app-deps.js';
import { claimJobSlot, finishJobSlot } from '../store/job-slots-store.js';
import type { ScheduledJob } from './scheduled-job.js';

export interface Scheduler {
  stop(): Promise<void>;
}

/** The slot a tick belongs to: its minute, so replicas whose clocks differ by seconds agree. */
export function slotOf(now: Date): string {
  return `${now.toISOString().slice(0, 16)}Z`;
}

/**
 * Runs one tick of a job if this replica wins the slot in Postgres; node-cron alone would run it on
 * every replica. Returns whether it ran.
 */
export async function runJobSlot(job: ScheduledJob, deps: AppDeps, now: Date, claimedBy = `${hostname()}:${process.pid}`): Promise<boolean> {
  const slot = slotOf(now);
  if (!(await claimJobSlot(deps.db, job.name, slot, claimedBy))) return false;
  const log = deps.log.child({ job: job.name, slot });
  const started = Date.now();
  const timer = deps.metrics.jobDuration.startTimer({ job: job.name });
  let outcome: 'ok' | 'failed' = 'failed';
  try {
    const summary = await job.run(deps, now);
    outcome = 'ok';
    await finishJobSlot(deps.db, job.name, slot, { summary });
    log.info('job finished', { ms: Date.now() - started, summary });
  } catch (err) {
    log.error('job failed', { err, ms: Date.now() - started });
    await finishJobSlot(deps.db, job.name, slot, { error: (err as Error).message }).catch(() => undefined);
  } finally {
    timer();
    deps.metrics.jobRuns.inc({ job: job.name, outcome });
  }
  return true;
}

/** Schedules every job in the org timezone; stop() waits for running ticks (bounded by the caller). */
export function startScheduler(deps: AppDeps, jobs: readonly ScheduledJob[], timezone: string): Scheduler {
  const running = new Set<Promise<unknown>>();
  const tasks = jobs.map((job) =>
    cron.schedule(
      job.cron,
      () => {
        const tick = runJobSlot(job, deps, deps.now()).catch((err: unknown) => deps.log.error('job slot failed', { job: job.name, err }));
        running.add(tick);
        void tick.finally(() => running.delete(tick));
      },
      { timezone, name: job.name, noOverlap: true },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.all([...running]);
    },
  };
}
