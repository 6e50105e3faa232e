/**
 * The audit reader (审计记录查询): the centre and the admin read who did what to a record,
 * what one person did, or one kind of event across the town — a protected read and a push sent
 * for a concern this test files — and every read of the audit is itself audited. A villager
 * never reads it; case notes and a villager's name acting on a case stay out of it.
 */
import { adminFunction } from '../../functions/admin/admin.function';
import type { AuditPage } from '../../functions/admin/list-audit';
import { concernFunction } from '../../functions/concern/concern.function';
import { outboxFunction } from '../../functions/outbox/outbox.function';
import { AUDIT_EVENTS } from '../../functions/store/collections';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { reportStreetLight } from '../concern/concern.steps';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

async function fileAndRevealAndPush(): Promise<string> {
  const concern = await reportStreetLight(h, town);
  h.clock.advance(60_000);
  await h.ok(
    concernFunction,
    'get',
    { concernId: concern.id, revealPhone: true },
    { as: town.people.villageGridWorker },
  );
  h.clock.advance(60_000);
  const delivered = await h.runTimer(outboxFunction, 'deliver', town.townId);
  expect(delivered.ok).toBe(true);
  return concern.id;
}

describe('admin.listAudit', () => {
  it('shows a protected read on the concern and the push sent for it', async () => {
    const concernId = await fileAndRevealAndPush();
    const centre = { as: town.people.centre };

    const trail = await h.ok<AuditPage>(
      adminFunction,
      'listAudit',
      { subjectType: 'concern', subjectId: concernId },
      centre,
    );
    const read = trail.items.find((e) => e.action === 'read_protected');
    expect(read).toMatchObject({
      kind: { code: 'protected_reads', label: '查看敏感信息' },
      actionLabel: '查看完整电话',
      actor: { accountId: town.people.villageGridWorker._id, name: '张网格' },
      subject: { type: { code: 'concern' }, id: concernId },
    });
    // The villager who filed it is not named, and no case note is shown.
    const submitted = trail.items.find((e) => e.action === 'submit');
    expect(submitted?.actor).toMatchObject({ accountId: null, name: '村民' });
    expect(trail.items.every((e) => e.note === null)).toBe(true);
    expect(JSON.stringify(trail)).not.toContain('王秀兰');

    const pushes = await h.ok<AuditPage>(adminFunction, 'listAudit', { kind: 'pushes' }, centre);
    expect(pushes.items.length).toBeGreaterThan(0);
    expect(pushes.items.every((e) => e.action === 'push_sent')).toBe(true);
    expect(pushes.items[0]).toMatchObject({
      actor: { name: '系统' },
      subject: { type: { code: 'push' } },
    });

    const reads = await h.ok<AuditPage>(
      adminFunction,
      'listAudit',
      { kind: 'protected_reads' },
      { as: town.people.admin },
    );
    // The centre's two reads of the audit, then the worker's read of the phone (newest first).
    expect(reads.items.map((e) => [e.action, e.actor.name])).toEqual([
      ['read_audit', '钱热线'],
      ['read_audit', '钱热线'],
      ['read_protected', '张网格'],
    ]);
    expect(reads.items[0]!.note).toContain('消息推送');
  });

  it('audits every read of the audit, and filters by the person who acted', async () => {
    await fileAndRevealAndPush();
    const admin = { as: town.people.admin };
    await h.ok(adminFunction, 'listAudit', {}, admin);
    const byWorker = await h.ok<AuditPage>(
      adminFunction,
      'listAudit',
      { actorId: town.people.villageGridWorker._id },
      admin,
    );
    expect(byWorker.items.map((e) => e.action)).toContain('read_protected');
    expect(
      byWorker.items.every((e) => e.actor.accountId === town.people.villageGridWorker._id),
    ).toBe(true);
    // Filtering by a villager cannot show what they filed.
    const byVillager = await h.ok<AuditPage>(
      adminFunction,
      'listAudit',
      { actorId: town.people.villager._id },
      admin,
    );
    expect(byVillager.items).toEqual([]);

    const auditReads = await AUDIT_EVENTS.query(h.store, {
      where: { subjectType: 'audit', subjectId: town.townId },
    });
    expect(auditReads.docs).toHaveLength(3);
    expect(auditReads.docs.every((e) => e.actorId === town.people.admin._id)).toBe(true);
  });

  it('pages newest first without repeating an event', async () => {
    await fileAndRevealAndPush();
    await fileAndRevealAndPush();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: AuditPage = await h.ok<AuditPage>(
        adminFunction,
        'listAudit',
        { kind: 'changes', limit: 2, ...(cursor === null ? {} : { cursor }) },
        { as: town.people.centre },
      );
      seen.push(...page.items.map((e) => e.eventId));
      expect(page.items.every((e) => e.kind.code === 'changes')).toBe(true);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a villager and a half-named subject', async () => {
    const villager = await h.call(adminFunction, 'listAudit', {}, { as: town.people.villager });
    expect(villager.ok || villager.error.code).toBe('FORBIDDEN');
    const half = await h.call(
      adminFunction,
      'listAudit',
      { subjectType: 'concern' },
      { as: town.people.centre },
    );
    expect(half.ok).toBe(false);
    if (!half.ok) {
      expect(half.error.code).toBe('VALIDATION_FAILED');
      expect(half.error.details?.fields?.[0]).toMatchObject({ field: 'subjectId' });
    }
  });
});
