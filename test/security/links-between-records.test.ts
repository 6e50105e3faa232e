/**
 * Links between records are authorization too (docs/domain.md §2): an input that names
 * another record — a concern, a villager, an article, a photo — is checked against what the
 * caller may touch, in the transaction that writes the link. Over HTTP in `npm run test:http`.
 */
import { concernFunction } from '../../functions/concern/concern.function';
import { learningFunction } from '../../functions/learning/learning.function';
import { mediationFunction } from '../../functions/mediation/mediation.function';
import { BOOKINGS, CONCERNS, FILES } from '../../functions/store/collections';
import { signedAgreement } from '../factories/records';
import type { World } from '../authz/authz.matrix';
import { createWorld } from '../authz/authz.matrix';
import { bookInput, concernOf, SIGNED, WED_9 } from '../authz/authz.subjects';
import { refusal } from '../support/replies';
import { storedPhoto } from '../support/photos';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(() => w.h.close());

const bookings = async () => (await BOOKINGS.query(w.h.store, { limit: 100 })).docs;

describe('a booking names a concern (mediation.book concernId)', () => {
  it('a neighbour naming the villager’s concern is refused on the field, and nothing is written', async () => {
    const concernId = await concernOf(w);
    const before = await CONCERNS.get(w.h.store, concernId);
    const reply = await w.h.call(
      mediationFunction,
      'book',
      { ...bookInput(w.rooms.oldSecretary._id, WED_9), concernId },
      { as: w.town.people.neighbour },
    );
    expect(refusal(reply)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'concernId' }] },
    });
    expect(await bookings()).toEqual([]);
    expect((await CONCERNS.get(w.h.store, concernId))?._version).toBe(before?._version);
  });

  it('the outcome of the reporter’s own linked booking resolves their concern', async () => {
    const concernId = await concernOf(w);
    // The grid worker hands it to mediation (转调解); the villager books with the concern named.
    await w.h.ok(
      concernFunction,
      'transfer',
      { concernId, target: { to: 'mediation', disputeType: 'neighbour' }, note: '邻里纠纷转调解' },
      { as: w.town.people.villageGridWorker },
    );
    const as = { as: w.town.people.villager };
    const booking = await w.h.ok<{ id: string }>(
      mediationFunction,
      'book',
      { ...bookInput(w.rooms.oldSecretary._id, WED_9), concernId },
      as,
    );
    expect((await CONCERNS.get(w.h.store, concernId))?.links.bookingId).toBe(booking.id);
    await w.h.ok(
      mediationFunction,
      'recordConsent',
      { bookingId: booking.id, partyIndex: 0, agreed: true, via: 'phone' },
      { as: w.town.people.mediator },
    );
    w.h.clock.set('2025-11-19T10:30:00+08:00');
    await w.h.ok(
      mediationFunction,
      'recordOutcome',
      { bookingId: booking.id, outcome: { result: 'success', agreement: signedAgreement(SIGNED) } },
      { as: w.town.people.mediator },
    );
    expect((await CONCERNS.get(w.h.store, concernId))?.status).toBe('resolved');
  });
});

describe('a grid worker books (代办) in a villager’s name', () => {
  it('only for a villager of their own grid: the other community’s worker is refused', async () => {
    const input = {
      ...bookInput(w.rooms.oldSecretary._id, WED_9),
      applicant: { name: '王秀兰', phone: w.town.people.villager.phone! },
    };
    const far = await w.h.call(mediationFunction, 'book', input, {
      as: w.town.people.otherCommunityGridWorker,
    });
    expect(refusal(far).code).toBe('FORBIDDEN');
    expect(await bookings()).toEqual([]);
    const own = await w.h.ok<{ id: string }>(mediationFunction, 'book', input, {
      as: w.town.people.villageGridWorker,
    });
    const stored = await BOOKINGS.get(w.h.store, own.id);
    expect(stored?.applicant.accountId).toBe(w.town.people.villager._id);
  });
});

describe('an article names itself (learning.publishArticle articleId)', () => {
  const article = (title: string) => ({
    category: 'legal_knowledge',
    title,
    body: '农村土地承包经营权受法律保护，承包期内发包方不得收回承包地。'.repeat(3),
    tags: [],
    publish: true,
  });

  it('a legal adviser may change only what they wrote; the admin any article of the town', async () => {
    const adviser = w.town.people.legalAdviser;
    const mine = await w.h.ok<{ articleId: string }>(
      learningFunction,
      'publishArticle',
      article('土地承包法常识'),
      { as: w.town.people.admin, requestId: 'art-admin-0001' },
    );
    const overwrite = await w.h.call(
      learningFunction,
      'publishArticle',
      { ...article('被人改掉的标题'), articleId: mine.articleId },
      { as: adviser, requestId: 'art-advis-0001' },
    );
    expect(refusal(overwrite).code).toBe('FORBIDDEN');
    const own = await w.h.ok<{ articleId: string }>(
      learningFunction,
      'publishArticle',
      article('以案释法：宅基地纠纷'),
      { as: adviser, requestId: 'art-advis-0002' },
    );
    await w.h.ok(
      learningFunction,
      'publishArticle',
      { ...article('以案释法：宅基地纠纷（修订）'), articleId: own.articleId },
      { as: adviser, requestId: 'art-advis-0003' },
    );
    await w.h.ok(
      learningFunction,
      'publishArticle',
      { ...article('管理员修订'), articleId: own.articleId },
      { as: w.town.people.admin, requestId: 'art-admin-0002' },
    );
  });
});

describe('a photo an input names is attached in the writing transaction', () => {
  it('the concern’s photo records what it belongs to; another’s photo is refused on its field', async () => {
    const mine = await storedPhoto(w.h, w.town.people.villager);
    const theirs = await storedPhoto(w.h, w.town.people.neighbour);
    const input = {
      kind: 'help',
      topic: 'other',
      text: '村口的井盖丢了，晚上很危险',
      place: { gridNodeId: w.town.villages[0]![0]!._id },
    };
    const refused = await w.h.call(
      concernFunction,
      'submit',
      { ...input, photos: [mine, theirs] },
      { as: w.town.people.villager },
    );
    expect(refusal(refused).details?.fields?.[0]?.field).toBe('photos.1');
    expect((await FILES.get(w.h.store, mine))?.subjectId).toBeNull();
    const filed = await w.h.ok<{ id: string }>(
      concernFunction,
      'submit',
      { ...input, photos: [mine] },
      { as: w.town.people.villager },
    );
    expect(await FILES.get(w.h.store, mine)).toMatchObject({
      subjectType: 'concern',
      subjectId: filed.id,
    });
  });
});
