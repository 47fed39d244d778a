import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/domain/access.js';
import { mayShareIn } from '../../src/domain/share-policy.js';
import type { OrgSettings, Team } from '../../src/domain/team-directory.js';

const team = (key: string, channel: string | null, members: string[]): Team => ({
  key,
  name: key,
  owners: [],
  members,
  usergroup: null,
  channel,
  digest: 'weekly',
  valueMetric: null,
  settings: {},
});
const org = (visibility: 'team' | 'open'): OrgSettings => ({ timezone: 'UTC', visibility, admins: ['U0ADMIN'], config: {} });
const viewer = (userId: string): Viewer => ({ userId, email: null, usergroups: new Set() });

describe('share policy', () => {
  const search = team('search', 'C0SEARCH', ['U0BBB']);
  const ads = team('ads', 'C0ADS', ['U0BBB']);

  it("lets members post a team's figures only in that team's channel", () => {
    expect(mayShareIn(viewer('U0BBB'), org('team'), { kind: 'teams', teams: [search] }, 'C0SEARCH')).toBe(true);
    expect(mayShareIn(viewer('U0BBB'), org('team'), { kind: 'teams', teams: [search] }, 'C0GENERAL')).toBe(false);
    expect(mayShareIn(viewer('U0BBB'), org('team'), { kind: 'teams', teams: [search, ads] }, 'C0SEARCH')).toBe(false);
    expect(mayShareIn(viewer('U0ZZZ'), org('team'), { kind: 'teams', teams: [search] }, 'C0SEARCH')).toBe(false);
    expect(mayShareIn(viewer('U0ZZZ'), org('team'), { kind: 'teams', teams: [] }, 'C0SEARCH')).toBe(false);
  });

  it('lets admins share anywhere, anyone share their own spend, everyone share under visibility: open', () => {
    expect(mayShareIn(viewer('U0ADMIN'), org('team'), { kind: 'teams', teams: [] }, 'C0GENERAL')).toBe(true);
    expect(mayShareIn(viewer('U0ZZZ'), org('team'), { kind: 'self' }, 'C0GENERAL')).toBe(true);
    expect(mayShareIn(viewer('U0ZZZ'), org('open'), { kind: 'teams', teams: [search] }, 'C0GENERAL')).toBe(true);
  });
});
