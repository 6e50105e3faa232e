/**
 * Photos (照片): an input may name only photos its caller uploaded, so nobody can attach
 * another's photo and read it back through their own record; replies carry a short-lived link
 * for each photo of what the viewer may see; anonymous clues carry no photos, since an upload
 * records who made it. Runs on the embedded runtime (and over HTTP in test:http).
 */
import { accountFunction } from '../../functions/account/account.function';
import { clueFunction } from '../../functions/clue/clue.function';
import { ANONYMOUS_PHOTOS, SUPPLEMENT_PHOTOS_REFUSED } from '../../functions/clue/clue.records';
import type { SubmitClueReply } from '../../functions/clue/submit-clue';
import { concernFunction } from '../../functions/concern/concern.function';
import type { StaffConcernView, VillagerConcernView } from '../../functions/concern/concern.views';
import { learningFunction } from '../../functions/learning/learning.function';
import { NOT_OWN_PHOTO } from '../../functions/runtime/photos';
import type { PhotoView } from '../../functions/runtime/ports';
import { clueInput, clues, NAMED } from '../clue/clue.helpers';
import { streetLight } from '../concern/concern.steps';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import { refusal } from '../support/replies';
import { storedPhoto } from '../support/photos';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const LINK = /^\/api\/files\/file_test_\d+\?e=\d+&s=[A-Za-z0-9_-]{43}$/;

function expectLinks(photos: readonly PhotoView[], ids: readonly string[]) {
  expect(photos.map((p) => p.fileId)).toEqual(ids);
  for (const photo of photos) {
    expect(photo.url).toMatch(LINK);
    expect(photo.url.startsWith(`/api/files/${photo.fileId}?`)).toBe(true);
  }
}

describe('a concern’s photos', () => {
  it('are refused when one is another villager’s upload, naming it, and nothing is stored', async () => {
    const { villager, neighbour } = town.people;
    const mine = await storedPhoto(h, villager);
    const theirs = await storedPhoto(h, neighbour);
    const reply = await h.call(
      concernFunction,
      'submit',
      streetLight(town, { photos: [mine, theirs] }),
      { as: villager },
    );
    expect(refusal(reply)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: NOT_OWN_PHOTO,
      details: { fields: [{ field: 'photos.1', message: NOT_OWN_PHOTO }] },
    });
    expect(await h.store.count('concerns', {})).toBe(0);
    expect(await h.store.count('tasks', {})).toBe(0);

    const unknown = await h.call(
      concernFunction,
      'submit',
      streetLight(town, { photos: ['file_never_uploaded', mine] }),
      { as: villager },
    );
    expect(refusal(unknown).details?.fields).toEqual([
      { field: 'photos.0', message: NOT_OWN_PHOTO },
    ]);
  });

  it('cannot be a CloudBase upload path on the local host, which holds no such bytes', async () => {
    const { villager } = town.people;
    const prepared = await h.ok<{ cloudPath: string }>(
      accountFunction,
      'preparePhotoUpload',
      { ext: 'jpg' },
      { as: villager },
    );
    const key = /^uploads\/([A-Za-z0-9]{24})\.jpg$/.exec(prepared.cloudPath)?.[1];
    expect(key).toBeDefined();
    const reply = await h.call(concernFunction, 'submit', streetLight(town, { photos: [key] }), {
      as: villager,
    });
    expect(refusal(reply).details?.fields).toEqual([{ field: 'photos.0', message: NOT_OWN_PHOTO }]);
  });

  it('come back as links to the reporter and the handler, resolution photos included', async () => {
    const { villager, villageGridWorker: worker } = town.people;
    const photo = await storedPhoto(h, villager);
    const submitted = await h.ok<VillagerConcernView>(
      concernFunction,
      'submit',
      streetLight(town, { photos: [photo] }),
      { as: villager },
    );
    // The submit reply is kept for retries, longer than a link lives: no links in it.
    expect(submitted.photos).toEqual([]);
    expect(JSON.stringify(submitted)).not.toContain('/api/files/');
    const read = <T>(as: typeof villager) =>
      h.ok<T>(concernFunction, 'get', { concernId: submitted.id }, { as });
    expectLinks((await read<VillagerConcernView>(villager)).photos, [photo]);
    expectLinks((await read<StaffConcernView>(worker)).photos, [photo]);

    // The handler cannot close it with the villager's photo as their own …
    await h.ok(concernFunction, 'accept', { concernId: submitted.id }, { as: worker });
    const borrowed = await h.call(
      concernFunction,
      'resolve',
      { concernId: submitted.id, note: '已修好', photos: [photo] },
      { as: worker },
    );
    expect(refusal(borrowed).details?.fields).toEqual([
      { field: 'photos.0', message: NOT_OWN_PHOTO },
    ]);
    // … but with a photo they took.
    const fixed = await storedPhoto(h, worker);
    await h.ok(
      concernFunction,
      'resolve',
      { concernId: submitted.id, note: '已修好', photos: [fixed] },
      { as: worker },
    );
    const reporterView = await h.ok<VillagerConcernView>(
      concernFunction,
      'get',
      { concernId: submitted.id },
      { as: villager },
    );
    expectLinks(reporterView.photos, [photo]);
    expectLinks(reporterView.resolution?.photos ?? [], [fixed]);
  });

  it('that have gone from storage are left out of the reply rather than failing it', async () => {
    const { villager } = town.people;
    const photo = await storedPhoto(h, villager);
    const submitted = await h.ok<VillagerConcernView>(
      concernFunction,
      'submit',
      streetLight(town, { photos: [photo] }),
      { as: villager },
    );
    expect((await h.store.remove('files', photo)).ok).toBe(true);
    const view = await h.ok<VillagerConcernView>(
      concernFunction,
      'get',
      { concernId: submitted.id },
      { as: villager },
    );
    expect(view.photos).toEqual([]);
    expect(view.text).toBe(submitted.text);
  });
});

describe('a clue’s photos', () => {
  it('are refused on an anonymous clue, which must stay unlinked to any account', async () => {
    const { villager } = town.people;
    const photo = await storedPhoto(h, villager);
    const reply = await h.call(clueFunction, 'submit', clueInput(town, { photos: [photo] }), {
      as: villager,
    });
    expect(refusal(reply)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: ANONYMOUS_PHOTOS,
      details: { fields: [{ field: 'photos', message: ANONYMOUS_PHOTOS }] },
    });
    expect(await clues(h)).toEqual([]);
  });

  it('of a named reporter reach the prosecutor as links; supplements take only the reporter’s own', async () => {
    const { villager, prosecutor, neighbour } = town.people;
    const evidence = await storedPhoto(h, villager);
    const filed = await h.ok<SubmitClueReply>(
      clueFunction,
      'submit',
      clueInput(town, { reporter: NAMED, photos: [evidence] }),
      { as: villager },
    );
    const [clue] = await clues(h);
    const code = filed.trackingCode;
    const asLiaison = { as: town.people.liaison };
    await h.ok(clueFunction, 'review', { clueId: clue!._id, action: 'startReview' }, asLiaison);
    await h.ok(
      clueFunction,
      'review',
      { clueId: clue!._id, action: 'requestMoreInfo', note: '请补充排污口的照片' },
      asLiaison,
    );

    const supplement = (photos: string[], as: typeof villager | null) =>
      h.call(
        clueFunction,
        'supplement',
        { trackingCode: code, text: '晚上十点以后排水', photos },
        { as },
      );
    // The code alone is not the reporter: a holder who is not signed in as them adds no photos.
    const later = await storedPhoto(h, villager);
    expect(refusal(await supplement([later], null)).details?.fields).toEqual([
      { field: 'photos', message: SUPPLEMENT_PHOTOS_REFUSED },
    ]);
    const othersPhoto = await storedPhoto(h, neighbour);
    expect(refusal(await supplement([othersPhoto], villager)).details?.fields).toEqual([
      { field: 'photos.0', message: NOT_OWN_PHOTO },
    ]);
    expect((await supplement([later], villager)).ok).toBe(true);

    const view = await h.ok<{
      photos: PhotoView[];
      supplements: { photos: PhotoView[] }[];
    }>(clueFunction, 'get', { clueId: clue!._id }, { as: prosecutor });
    expectLinks(view.photos, [evidence]);
    expectLinks(view.supplements[0]?.photos ?? [], [later]);
  });

  it('of the on-the-spot check must be the grid worker’s own', async () => {
    const { villager, villageGridWorker: worker } = town.people;
    const evidence = await storedPhoto(h, villager);
    await h.ok(clueFunction, 'submit', clueInput(town, { reporter: NAMED, photos: [evidence] }), {
      as: villager,
    });
    const [clue] = await clues(h);
    const verify = (photos: string[]) =>
      h.call(
        clueFunction,
        'verify',
        { clueId: clue!._id, findings: '桥下确有排污管', photos, foundAsDescribed: 'yes' },
        { as: worker },
      );
    expect(refusal(await verify([evidence])).details?.fields).toEqual([
      { field: 'photos.0', message: NOT_OWN_PHOTO },
    ]);
    const spot = await storedPhoto(h, worker);
    expect((await verify([spot])).ok).toBe(true);
    const view = await h.ok<{ verification: { photos: PhotoView[] } }>(
      clueFunction,
      'get',
      { clueId: clue!._id },
      { as: worker },
    );
    expectLinks(view.verification.photos, [spot]);
  });
});

describe('an article’s cover', () => {
  it('must be the editor’s own upload when it changes', async () => {
    const { legalAdviser, admin } = town.people;
    const article = {
      category: 'legal_knowledge',
      title: '宅基地上的那些事',
      summary: '宅基地能不能卖、翻建要不要审批，一篇说清。',
      body: '宅基地属于村集体所有，村民依法享有使用权。',
      tags: [],
      publish: false,
    };
    const foreign = await storedPhoto(h, town.people.villager);
    const refused = await h.call(
      learningFunction,
      'publishArticle',
      { ...article, coverFileId: foreign },
      { as: legalAdviser },
    );
    expect(refusal(refused).details?.fields).toEqual([
      { field: 'coverFileId', message: NOT_OWN_PHOTO },
    ]);
    const cover = await storedPhoto(h, legalAdviser);
    const saved = await h.ok<{ articleId: string }>(
      learningFunction,
      'publishArticle',
      { ...article, coverFileId: cover },
      { as: legalAdviser },
    );
    // Another editor may keep the cover while changing the text.
    const edited = await h.call(
      learningFunction,
      'publishArticle',
      { ...article, articleId: saved.articleId, title: '宅基地问答', coverFileId: cover },
      { as: admin },
    );
    expect(edited.ok).toBe(true);
  });
});
