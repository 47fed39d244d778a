import type { AppDeps } from '../app-deps.js';
import type { SlackDirectory } from './slack-directory.js';
import type { SlackNotifier } from './slack-notifier.js';

/** What Slack listeners share: the app's deps plus the Slack-side directory and notifier. */
export interface SlackContext {
  deps: AppDeps;
  directory: SlackDirectory;
  notifier: SlackNotifier;
}
