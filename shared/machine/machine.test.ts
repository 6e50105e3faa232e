/**
 * Properties every machine must keep, checked over all four tables (concern, booking,
 * clue, task), plus the engine's own guards. The per-machine example tests sit beside
 * each machine.
 */
import fc from 'fast-check';
import { auditEventSchema } from '../kernel/audit';
import type { Actor, Role } from '../kernel/roles';
import { ROLES } from '../kernel/roles';
import { clueMachine } from '../clue/clue.machine';
import { concernMachine } from '../concern/concern.machine';
import { bookingMachine } from '../mediation/booking.machine';
import { taskMachine } from '../task/task.machine';
import type { AnyMachine, Machine, MachineSubject, Transition } from './machine';
import {
  NOTE_MAX_LENGTH,
  allowedActions,
  applyTransition,
  defineMachine,
  describeMachine,
  inGroup,
  intentsFor,
  orderedActions,
  stateLabel,
} from './machine';

const MACHINES: readonly [string, AnyMachine][] = [
  ['concern', concernMachine],
  ['booking', bookingMachine],
  ['clue', clueMachine],
  ['task', taskMachine],
];

const TOWN = 'town-xiaodian';
const NOW = '2025-03-04T09:30:00+08:00';
const draftSchema = auditEventSchema.omit({ _id: true });

/** The table's own answer, read straight from the row: what the engine must agree with. */
function expected(
  machine: AnyMachine,
  status: string,
  action: string,
  roles: readonly Role[],
  note: string | undefined,
): { ok: true; status: string } | { ok: false; code: string } {
  if (!Object.keys(machine.transitions).includes(action)) {
    return { ok: false, code: 'VALIDATION_FAILED' };
  }
  const t = machine.transitions[action] as Transition<string>;
  if (!t.roles.some((r) => roles.includes(r))) return { ok: false, code: 'FORBIDDEN' };
  if (!t.from.includes(status)) return { ok: false, code: 'CONFLICT' };
  if (t.noteRequired && (note ?? '').trim() === '') return { ok: false, code: 'VALIDATION_FAILED' };
  return { ok: true, status: t.to === 'same' ? status : t.to };
}

const actionsOf = (m: AnyMachine): string[] => Object.keys(m.transitions);
const rowOf = (m: AnyMachine, action: string): Transition<string> =>
  m.transitions[action] as Transition<string>;

const rolesArb = fc.subarray([...ROLES]);
const idArb = fc.stringMatching(/^[a-z0-9]{1,12}$/);
const nowArb = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString());
const noteArb = fc.option(
  fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constant('   ')),
  { nil: undefined },
);

function subjectIn(status: string, townId = TOWN): MachineSubject<string> {
  return Object.freeze({ _id: 'subject-1', townId, status });
}

function actorWith(roles: readonly Role[], townId = TOWN): Actor {
  return { accountId: 'account-1', roles, townId };
}

/** An arbitrary (action, status) pair for which the action is allowed from the status. */
function allowedStepArb(m: AnyMachine) {
  return fc
    .constantFrom(...actionsOf(m))
    .chain((action) => fc.tuple(fc.constant(action), fc.constantFrom(...rowOf(m, action).from)));
}

describe.each(MACHINES)('the %s machine', (_name, machine) => {
  const actions = actionsOf(machine);

  test('random sequences never leave the state list and every step follows the table', () => {
    // Most steps pick an action the table offers from wherever the walk has got to (an
    // index resolved at run time) and give the actor one of its roles, so walks go deep;
    // the rest are any action, or no action at all, with any roles, to meet refusals.
    const stepArb = fc.record({
      action: fc.oneof(
        { weight: 6, arbitrary: fc.nat().map((pick) => ({ fromHere: pick })) },
        { weight: 3, arbitrary: fc.constantFrom(...actions) },
        { weight: 1, arbitrary: fc.constantFrom('fly', 'toString', '__proto__', 'constructor') },
      ),
      roles: rolesArb,
      grantRole: fc.nat(),
      // Biased towards steps that can succeed (a granted role, a real note), so that walks
      // reach the deep states (satisfied, archived) on every run, not just on lucky seeds.
      withRole: fc.oneof(
        { weight: 4, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
      note: fc.oneof(
        { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 40 }) },
        { weight: 1, arbitrary: noteArb },
      ),
    });
    const reached = new Set<string>();
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        let status = machine.initial;
        for (const step of steps) {
          const offered = actions.filter((a) => rowOf(machine, a).from.includes(status));
          const action =
            typeof step.action === 'string'
              ? step.action
              : (offered[step.action.fromHere % offered.length] ?? 'fly');
          const allowed = Object.hasOwn(machine.transitions, action)
            ? rowOf(machine, action).roles
            : [];
          const granted = allowed[step.grantRole % Math.max(allowed.length, 1)];
          const roles = step.withRole && granted ? [...step.roles, granted] : step.roles;

          const want = expected(machine, status, action, roles, step.note);
          const got = applyTransition(machine, subjectIn(status), action, actorWith(roles), {
            now: NOW,
            note: step.note,
          });
          if (want.ok) {
            expect(got.ok && got.value.status).toBe(want.status);
            if (got.ok) status = got.value.status;
          } else {
            expect(got.ok ? 'accepted' : got.error.code).toBe(want.code);
          }
          expect(machine.states).toContain(status);
          reached.add(status);
        }
      }),
      { numRuns: 400 },
    );
    // The walks really explore the machine rather than stalling at the start.
    expect([...reached].sort()).toEqual([...machine.states].sort());
  });

  test('an actor holding none of the allowed roles is refused with FORBIDDEN, whatever the state', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...actions),
        fc.constantFrom(...machine.states),
        rolesArb,
        noteArb,
        (action, status, roles, note) => {
          const allowed = rowOf(machine, action).roles;
          const outsider = roles.filter((r) => !allowed.includes(r));
          const subject = subjectIn(status);
          const before = { ...subject };
          const got = applyTransition(machine, subject, action, actorWith(outsider), {
            now: NOW,
            note,
          });
          expect(got.ok ? 'accepted' : got.error.code).toBe('FORBIDDEN');
          expect(subject).toEqual(before);
        },
      ),
    );
  });

  test('an actor from another town is refused with FORBIDDEN even holding every role', () => {
    fc.assert(
      fc.property(allowedStepArb(machine), idArb, ([action, status], otherTown) => {
        fc.pre(otherTown !== TOWN);
        const got = applyTransition(
          machine,
          subjectIn(status),
          action,
          actorWith([...ROLES], otherTown),
          { now: NOW, note: '说明' },
        );
        expect(got.ok ? 'accepted' : got.error.code).toBe('FORBIDDEN');
      }),
    );
  });

  test('every accepted step yields the audit event of that step', () => {
    fc.assert(
      fc.property(
        allowedStepArb(machine),
        rolesArb,
        idArb,
        idArb,
        idArb,
        nowArb,
        fc.option(fc.string({ minLength: 1, maxLength: 60 }), { nil: undefined }),
        (step, extraRoles, subjectId, townId, accountId, now, given) => {
          const [action, status] = step;
          const row = rowOf(machine, action);
          const allowedRole = row.roles[0] as Role;
          const roles = [...extraRoles.filter((r) => r !== allowedRole), allowedRole];
          const note = row.noteRequired && !given?.trim() ? '办理情况说明' : given;
          const subject = { _id: subjectId, townId, status };
          const actor = { accountId, roles, townId };

          const got = applyTransition(machine, subject, action, actor, { now, note });
          if (!got.ok) throw new Error(`refused: ${got.error.message}`);

          const to = row.to === 'same' ? status : row.to;
          const trimmed = note?.trim();
          expect(got.value.status).toBe(to);
          expect(got.value.event).toEqual({
            townId,
            subjectType: machine.subjectType,
            subjectId,
            actorId: accountId,
            actorRole: roles.find((r) => row.roles.includes(r)),
            action,
            from: status,
            to,
            at: now,
            ...(trimmed ? { note: trimmed } : {}),
            visibleToReporter: row.visibleToReporter,
          });
          expect(draftSchema.safeParse(got.value.event).success).toBe(true);
        },
      ),
    );
  });

  test('an action not allowed from the current state is refused with CONFLICT naming the state', () => {
    const misplaced = actions.flatMap((action) =>
      machine.states
        .filter((s) => !rowOf(machine, action).from.includes(s))
        .map((s) => [action, s] as const),
    );
    expect(misplaced.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.constantFrom(...misplaced), ([action, status]) => {
        const got = applyTransition(
          machine,
          subjectIn(status),
          action,
          actorWith(rowOf(machine, action).roles),
          { now: NOW, note: '说明' },
        );
        if (got.ok) throw new Error('accepted');
        expect(got.error.code).toBe('CONFLICT');
        expect(got.error.message).toContain(`「${stateLabel(machine, status)}」`);
        expect(got.error.message).toContain(machine.noun);
      }),
    );
  });

  test('allowedActions lists exactly the actions the engine accepts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...machine.states), rolesArb, (status, roles) => {
        const accepted = actions.filter(
          (a) =>
            applyTransition(machine, subjectIn(status), a, actorWith(roles), {
              now: NOW,
              note: '说明',
            }).ok,
        );
        expect([...allowedActions(machine, status, roles)].sort()).toEqual(accepted.sort());
      }),
    );
  });

  test('every state can be reached from the initial state', () => {
    const reached = new Set([machine.initial]);
    for (let grew = true; grew;) {
      grew = false;
      for (const row of Object.values(machine.transitions)) {
        if (row.to !== 'same' && row.from.some((s) => reached.has(s)) && !reached.has(row.to)) {
          reached.add(row.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...machine.states].sort());
  });

  test('no transition is open to county officers', () => {
    for (const row of Object.values(machine.transitions)) {
      expect(row.roles).not.toContain('county_officer');
    }
  });

  test('describeMachine lists every action once, ordered by the earliest state it starts from', () => {
    const description = describeMachine(machine);
    expect(description.transitions.map((t) => t.action).sort()).toEqual([...actions].sort());
    const firstFrom = description.transitions.map((t) =>
      Math.min(...t.from.map((s) => machine.states.indexOf(s.state))),
    );
    expect(firstFrom).toEqual([...firstFrom].sort((a, b) => a - b));
    expect(description.states.map((s) => s.state)).toEqual(machine.states);
    for (const t of description.transitions) {
      expect(t.label).toMatch(/[\u4e00-\u9fff]/);
      expect(t.roles.length).toBeGreaterThan(0);
    }
    for (const s of description.states) expect(s.label).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe.each(MACHINES.filter(([, m]) => actionsOf(m).some((a) => rowOf(m, a).noteRequired)))(
  'the %s machine',
  (_name, machine) => {
    const noteActions = actionsOf(machine).filter((a) => rowOf(machine, a).noteRequired);

    test('a note-required action without a note is refused with VALIDATION_FAILED naming the note', () => {
      fc.assert(
        fc.property(
          fc
            .constantFrom(...noteActions)
            .chain((a) => fc.tuple(fc.constant(a), fc.constantFrom(...rowOf(machine, a).from))),
          fc.constantFrom(undefined, '', '   ', '\n\t'),
          ([action, status], note) => {
            const got = applyTransition(
              machine,
              subjectIn(status),
              action,
              actorWith(rowOf(machine, action).roles),
              { now: NOW, note },
            );
            if (got.ok) throw new Error('accepted');
            expect(got.error.code).toBe('VALIDATION_FAILED');
            expect(got.error.details?.fields?.map((f) => f.field)).toEqual(['note']);
          },
        ),
      );
    });
  },
);

describe('the engine', () => {
  type S = 'draft' | 'sent' | 'done';
  type A = 'send' | 'nudge' | 'finish';
  const row = (t: Partial<Transition<S>>): Transition<S> => ({
    from: ['draft'],
    to: 'sent',
    roles: ['grid_worker'],
    visibleToReporter: true,
    label: '已发送',
    verb: '发送',
    ...t,
  });
  const toy: Machine<S, A> = defineMachine<S, A>({
    subjectType: 'push',
    noun: '这条消息',
    states: ['draft', 'sent', 'done'],
    initial: 'draft',
    stateLabels: { draft: '草稿', sent: '已发送', done: '已完成' },
    transitions: {
      finish: row({ from: ['sent'], to: 'done', label: '已完成', verb: '完成' }),
      nudge: row({
        from: ['sent', 'draft'],
        to: 'same',
        roles: ['center_operator', 'mediator'],
        noteRequired: true,
        label: '催办',
        verb: '催办',
      }),
      send: row({}),
    },
  });
  const subject = { _id: 'p1', townId: TOWN, status: 'draft' as S };

  test('an unknown action is refused with VALIDATION_FAILED naming the action', () => {
    for (const action of ['fly', 'toString', 'hasOwnProperty', '__proto__']) {
      const got = applyTransition(toy, subject, action, actorWith(['grid_worker']), { now: NOW });
      if (got.ok) throw new Error('accepted');
      expect(got.error.code).toBe('VALIDATION_FAILED');
      expect(got.error.details?.fields?.[0]?.field).toBe('action');
    }
  });

  test('a county officer gets its own message: they may read but not act for the town', () => {
    const got = applyTransition(
      toy,
      subject,
      'send',
      { accountId: 'c1', roles: ['county_officer', 'grid_worker'], townId: 'county-1' },
      { now: NOW },
    );
    if (got.ok) throw new Error('accepted');
    expect(got.error.code).toBe('FORBIDDEN');
    expect(got.error.message).toContain('县级');
  });

  test('the role recorded is the actor’s first role the table allows', () => {
    const got = applyTransition(
      toy,
      subject,
      'nudge',
      actorWith(['villager', 'mediator', 'center_operator']),
      { now: NOW, note: '请尽快' },
    );
    expect(got.ok && got.value.event.actorRole).toBe('mediator');
  });

  test('a note is trimmed, and a blank optional note is left out of the event', () => {
    const withNote = applyTransition(toy, subject, 'send', actorWith(['grid_worker']), {
      now: NOW,
      note: '  已电话告知  ',
    });
    expect(withNote.ok && withNote.value.event.note).toBe('已电话告知');
    const blank = applyTransition(toy, subject, 'send', actorWith(['grid_worker']), {
      now: NOW,
      note: '   ',
    });
    expect(blank.ok && 'note' in blank.value.event).toBe(false);
  });

  test('a note longer than the audit log keeps is refused with VALIDATION_FAILED', () => {
    const long = applyTransition(toy, subject, 'send', actorWith(['grid_worker']), {
      now: NOW,
      note: '字'.repeat(NOTE_MAX_LENGTH + 1),
    });
    if (long.ok) throw new Error('accepted');
    expect(long.error.code).toBe('VALIDATION_FAILED');
    expect(long.error.details?.fields?.[0]?.field).toBe('note');
    const limit = applyTransition(toy, subject, 'send', actorWith(['grid_worker']), {
      now: NOW,
      note: '字'.repeat(NOTE_MAX_LENGTH),
    });
    expect(limit.ok).toBe(true);
  });

  test('a note-required row without a prompt asks for a note in general words', () => {
    const got = applyTransition(toy, subject, 'nudge', actorWith(['mediator']), { now: NOW });
    if (got.ok) throw new Error('accepted');
    expect(got.error.message).toBe('请填写说明');
  });

  test('a same-state step keeps the status and records from = to', () => {
    const got = applyTransition(toy, subject, 'nudge', actorWith(['mediator']), {
      now: NOW,
      note: '请尽快',
    });
    if (!got.ok) throw new Error(got.error.message);
    expect(got.value.status).toBe('draft');
    expect([got.value.event.from, got.value.event.to]).toEqual(['draft', 'draft']);
  });

  test('intent functions apply their own action', () => {
    const intents = intentsFor(toy);
    expect(Object.keys(intents).sort()).toEqual(['finish', 'nudge', 'send']);
    const sent = intents.send(subject, actorWith(['grid_worker']), { now: NOW });
    expect(sent.ok && sent.value.status).toBe('sent');
    const early = intents.finish(subject, actorWith(['grid_worker']), { now: NOW });
    expect(early.ok ? 'accepted' : early.error.code).toBe('CONFLICT');
  });

  test('orderedActions sorts by earliest from-state, then as written', () => {
    // nudge and send both start from draft (index 0): written order keeps nudge first.
    expect(orderedActions(toy)).toEqual(['nudge', 'send', 'finish']);
    expect(allowedActions(toy, 'draft', ['grid_worker', 'mediator'])).toEqual(['nudge', 'send']);
    expect(allowedActions(toy, 'done', [...ROLES])).toEqual([]);
  });

  test('describeMachine shows same-state steps as "same" and names roles in Chinese', () => {
    const nudge = describeMachine(toy).transitions.find((t) => t.action === 'nudge');
    expect(nudge?.to).toBe('same');
    expect(nudge?.noteRequired).toBe(true);
    expect(nudge?.roles.map((r) => r.label)).toEqual(['指挥中心', '调解员']);
    expect(describeMachine(toy).initial).toEqual({ state: 'draft', label: '草稿' });
  });

  test('stateLabel falls back to the raw status for a value outside the table', () => {
    expect(stateLabel(toy, 'sent')).toBe('已发送');
    expect(stateLabel(toy, 'lost' as S)).toBe('lost');
  });

  test('inGroup accepts a status or a record', () => {
    expect(inGroup(['sent', 'done'], 'sent')).toBe(true);
    expect(inGroup<S>(['sent', 'done'], { status: 'draft' })).toBe(false);
  });

  const base = {
    subjectType: 'push' as const,
    noun: '这条消息',
    states: ['draft', 'sent', 'done'] as S[],
    initial: 'draft' as S,
    stateLabels: { draft: '草稿', sent: '已发送', done: '已完成' },
    transitions: { send: row({}), nudge: row({}), finish: row({}) },
  };
  test.each<[string, Partial<Machine<S, A>> | Record<string, unknown>]>([
    ['an unknown subject type', { subjectType: 'spaceship' }],
    ['no states', { states: [] }],
    ['duplicate states', { states: ['draft', 'draft', 'done'] }],
    ['a state named "same"', { states: ['draft', 'sent', 'done', 'same'] }],
    ['an initial state outside the list', { initial: 'gone' }],
    ['a state without a label', { stateLabels: { draft: '草稿', sent: '', done: '已完成' } }],
    ['no transitions', { transitions: {} }],
    ['a row from no state', { transitions: { ...base.transitions, send: row({ from: [] }) } }],
    [
      'a row from an unknown state',
      { transitions: { ...base.transitions, send: row({ from: ['gone' as S] }) } },
    ],
    [
      'a row to an unknown state',
      { transitions: { ...base.transitions, send: row({ to: 'gone' as S }) } },
    ],
    ['a row for no role', { transitions: { ...base.transitions, send: row({ roles: [] }) } }],
    [
      'a row for an unknown role',
      { transitions: { ...base.transitions, send: row({ roles: ['wizard' as Role] }) } },
    ],
    [
      'a row open to county officers',
      { transitions: { ...base.transitions, send: row({ roles: ['county_officer'] }) } },
    ],
    ['a row without a verb', { transitions: { ...base.transitions, send: row({ verb: '' }) } }],
  ])('defineMachine refuses a table with %s', (_why, change) => {
    expect(() => defineMachine({ ...base, ...change } as Machine<S, A>)).toThrow(/machine "/);
  });
});
