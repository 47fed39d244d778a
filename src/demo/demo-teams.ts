/** The demo org: six teams, a budget or two close to breaking, one open channel per team. */
export const DEMO_TEAMS_YAML = `
timezone: Europe/Berlin
visibility: team
admins: [U0ADMIN1]
shared: { monthly_usd: 2000, split: proportional }
teams:
  - key: search
    name: Search Relevance
    owners: [U0AAA, lead@example.com]
    members: [U0BBB, U0CCC]
    channel: C0SEARCH
    budget: { monthly_usd: 1800, thresholds: [50, 80, 100] }
    value_metric: queries_answered
  - key: support
    name: Support Copilot
    owners: [U0DDD]
    members: [U0EEE]
    channel: C0SUPPORT
    budget: { monthly_usd: 2500 }
    value_metric: tickets_resolved
  - key: code-review
    name: Code Review Agents
    owners: [U0FFF]
    members: [U0BBB]
    channel: C0REVIEW
    budget: { weekly_usd: 400 }
    value_metric: prs_merged
  - key: data-eng
    name: Data Engineering
    owners: [U0GGG]
    channel: C0DATA
  - key: growth
    name: Growth Experiments
    owners: [U0HHH]
    channel: C0GROWTH
    digest: daily
  - key: platform
    name: Agent Platform
    owners: [U0ADMIN1]
    members: [U0III]
    channel: C0PLATFORM
`;
