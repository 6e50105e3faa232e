/**
 * The call path every function shares: envelope, access, validation, idempotency, errors.
 * A toy function exercises it so these rules are proven once, independent of any use case.
 */
import { z } from 'zod';
import { appError } from '../../shared/kernel/errors';
import { err, ok } from '../../shared/kernel/result';
import { defineAction, defineFunction } from '../../functions/runtime/action';
import { dispatch } from '../../functions/runtime/dispatch';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { byIdOf } from '../../functions/store/store.raw';

const notes = defineFunction('notes', {
  add: defineAction({
    input: z.strictObject({ text: z.string().min(1).max(20).meta({ label: '内容' }) }),
    access: 'account',
    idempotent: true,
    async run(ctx, call) {
      const account = call.caller.account!;
      return call.transact(account.townId, async (tx) => {
        const id = ctx.ids.newId('note');
        const stored = await byIdOf(tx).insert('content_words', {
          _id: id,
          townId: account.townId,
          word: call.input.text,
        });
        return stored.ok ? ok({ id }) : err(stored.error);
      });
    },
  }),
  centreOnly: defineAction({
    input: z.strictObject({}),
    access: ['center_operator'],
    async run() {
      return ok('seen');
    },
  }),
  boom: defineAction({
    input: z.strictObject({}),
    access: 'public',
    async run() {
      throw new Error('secret internals');
    },
  }),
  refuse: defineAction({
    input: z.strictObject({}),
    access: 'public',
    async run() {
      return err(appError('NOT_FOUND', '没有找到这件事'));
    },
  }),
  tick: defineAction({
    input: z.strictObject({}).nullish(),
    access: 'timer',
    async run(_ctx, call) {
      return ok(call.caller.actor?.roles);
    },
  }),
});

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const count = async () => h.store.count('content_words');

describe('the call envelope', () => {
  it('refuses an envelope without an action, naming the field, in Chinese', async () => {
    const reply = await dispatch(h.ctx, notes, { data: {} }, { kind: 'anonymous' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    if (!reply.ok) {
      expect(reply.error.details?.fields?.[0]?.field).toBe('action');
      expect(reply.error.message).toMatch(/\p{Script=Han}/u);
    }
  });

  it('refuses an action the function does not have, including inherited names', async () => {
    for (const action of ['nope', 'toString', '__proto__', 'constructor']) {
      const reply = await h.call(notes, action, {}, { as: town.people.villager });
      expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
  });

  it('asks an anonymous caller to sign in, and refuses a role the action does not allow', async () => {
    expect(await h.call(notes, 'add', { text: 'x' }, { as: null })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await h.call(notes, 'centreOnly', {}, { as: town.people.villager })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await h.call(notes, 'centreOnly', {}, { as: town.people.centre })).toEqual({
      ok: true,
      data: 'seen',
    });
  });

  it('treats an account that no longer exists as signed out', async () => {
    expect(await h.call(notes, 'add', { text: 'x' }, { as: { _id: 'ghost' } })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('validates input with the shared schema: Chinese message with the field label and path', async () => {
    const reply = await h.call(notes, 'add', { text: '' }, { as: town.people.villager });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('VALIDATION_FAILED');
      expect(reply.error.message).toContain('内容');
      expect(reply.error.details?.fields?.[0]?.field).toBe('text');
    }
    expect(await count()).toBe(0);
  });

  it('answers INTERNAL with a Chinese message for a thrown error, never the internals', async () => {
    const reply = await h.call(notes, 'boom', {}, { as: null });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain('secret internals');
  });

  it('passes a use case refusal through unchanged', async () => {
    expect(await h.call(notes, 'refuse', {}, { as: null })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: '没有找到这件事' },
    });
  });

  it('lets only the timer run timer actions, as the system actor', async () => {
    expect(await h.call(notes, 'tick', {}, { as: town.people.admin })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await h.runTimer(notes, 'tick', town.townId)).toEqual({ ok: true, data: ['system'] });
  });
});

describe('idempotency by requestId', () => {
  it('answers ten concurrent retries of one request with the first result and one record', async () => {
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.call<{ id: string }>(
          notes,
          'add',
          { text: '同一条' },
          { as: town.people.villager, requestId: 'req-0000001' },
        ),
      ),
    );
    const ids = new Set(replies.map((r) => (r.ok ? r.data.id : 'failed')));
    expect(ids.size).toBe(1);
    expect(ids.has('failed')).toBe(false);
    expect(await count()).toBe(1);
  });

  it('keeps requests of different callers and different ids apart', async () => {
    await h.ok(notes, 'add', { text: 'a' }, { as: town.people.villager, requestId: 'req-0000001' });
    await h.ok(
      notes,
      'add',
      { text: 'a' },
      { as: town.people.neighbour, requestId: 'req-0000001' },
    );
    await h.ok(notes, 'add', { text: 'a' }, { as: town.people.villager, requestId: 'req-0000002' });
    await h.ok(notes, 'add', { text: 'a' }, { as: town.people.villager });
    await h.ok(notes, 'add', { text: 'a' }, { as: town.people.villager });
    expect(await count()).toBe(5);
  });
});
