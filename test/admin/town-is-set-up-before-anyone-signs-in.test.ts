/**
 * 建镇: an empty store (a real town's first start, or a fresh CloudBase environment) has no
 * administrator to import the roster. The bootstrap loads the roster as the system, records
 * the town and issues the first administrator's invitation; the administrator registers in a
 * village of the town and binds the code, and from then on runs the town as usual.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountFunction } from '../../functions/account/account.function';
import type { MeView } from '../../functions/account/account.views';
import { adminFunction } from '../../functions/admin/admin.function';
import { bootstrapTown } from '../../functions/admin/bootstrap-town';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import { ACCOUNTS, GRID_NODES } from '../../functions/store/collections';
import { PRIVACY_NOTICE_VERSION } from '../../shared/account/privacy-notice';

const SAMPLE = join(__dirname, '..', '..', 'functions', 'host', 'sample');
const roster = () => ({
  gridNodes: readFileSync(join(SAMPLE, 'xiaodian-sample.grid.csv'), 'utf8'),
  staff: readFileSync(join(SAMPLE, 'xiaodian-sample.staff.csv'), 'utf8'),
});
const TOWN = {
  townId: 'xiaodian-sample',
  townName: '小店镇',
  countyId: 'juxian',
  adminName: '张建国',
};

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

describe('setting up a town before anyone can sign in', () => {
  it('loads the roster, records the town and the first administrator binds the invitation', async () => {
    const set = await bootstrapTown(h.ctx, TOWN, roster());
    if (!set.ok) throw new Error(JSON.stringify(set.error));
    expect(set.value.imported).toBeDefined();
    expect(await h.store.get('towns', TOWN.townId)).toMatchObject({ name: '小店镇' });
    expect(set.value.adminInvitation.roles.map((r) => r.code)).toEqual(['admin']);

    // The administrator registers in a village of the town, then binds the code.
    const villages = await GRID_NODES.query(h.store, {
      where: { townId: TOWN.townId, level: 'village' },
      orderBy: { path: 'name', order: 'asc' },
      limit: 1,
    });
    const registered = await h.ok<{ accountId: string }>(
      accountFunction,
      'register',
      {
        name: '张建国',
        phone: '13912345678',
        gridNodeId: villages.docs[0]!._id,
        privacyConsent: { agreed: true, noticeVersion: PRIVACY_NOTICE_VERSION },
      },
      { as: null, requestId: 'boot-reg-0001' },
    );
    const account = (await ACCOUNTS.get(h.store, registered.accountId))!;
    const me = await h.ok<MeView>(
      accountFunction,
      'bindStaff',
      { invitationCode: set.value.adminInvitation.code },
      { as: account },
    );
    expect(me.roles.map((r) => r.code)).toContain('admin');

    // And acts as the administrator: issues the next invitation.
    const admin = (await ACCOUNTS.get(h.store, registered.accountId))!;
    const next = await h.ok<{ code: string }>(
      adminFunction,
      'issueInvitation',
      { roles: ['center_operator'], gridNodeIds: [me.gridNodes[0]!.id], validDays: 3 },
      { as: admin, requestId: 'boot-inv-0001' },
    );
    expect(next.code).toMatch(/\S/);
    // A hang guard, not a speed check: the bootstrap imports a roster and hashes passwords; it
    // passed 5 s in the HTTP pass of a fresh-clone run while other work loaded the two cores.
  }, 60_000);

  it('is refused once the town exists, and writes nothing more', async () => {
    const first = await bootstrapTown(h.ctx, TOWN, roster());
    expect(first.ok).toBe(true);
    const invitationsBefore = await h.store.count('staff_invitations', { townId: TOWN.townId });
    const again = await bootstrapTown(h.ctx, TOWN, roster());
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');
    expect(await h.store.count('staff_invitations', { townId: TOWN.townId })).toBe(
      invitationsBefore,
    );
  });

  it('refuses a roster without the town row, naming the table', async () => {
    const villagesOnly = roster()
      .gridNodes.split('\n')
      .filter((line) => !/,镇,|,town,/.test(line))
      .join('\n');
    const set = await bootstrapTown(h.ctx, TOWN, { gridNodes: villagesOnly });
    if (set.ok) throw new Error('a roster without the town was accepted');
    expect(set.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(set.error.details)).toContain('gridNodes');
    expect(await h.store.get('towns', TOWN.townId)).toBeNull();
    expect(await h.store.count('staff_invitations', { townId: TOWN.townId })).toBe(0);
  });
});
