/**
 * Photos on CloudBase storage: the bucket is private, so a function accepts only file ids in
 * the caller's own upload folder of its own environment, and answers temporary links
 * (getTempFileURL, in batches of 50) for the photos of what a viewer may see. A photo storage
 * cannot link is left out and logged; storage being down never fails the read.
 */
import { photoCloudPath, photoExtension } from '../../shared/files/upload-path';
import type { TempUrlApi } from '../../functions/adapters/cloudbase/cloudbase.files';
import {
  TEMP_URL_BATCH,
  TEMP_URL_SECONDS,
  createCloudbaseFiles,
  photoOf,
} from '../../functions/adapters/cloudbase/cloudbase.files';
import { concernFunction } from '../../functions/concern/concern.function';
import type { StaffConcernView, VillagerConcernView } from '../../functions/concern/concern.views';
import { NOT_OWN_PHOTO } from '../../functions/runtime/photos';
import { accountFunction } from '../../functions/account/account.function';
import type { PreparedUpload } from '../../functions/account/account.views';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { streetLight } from '../concern/concern.steps';
import type { CloudbaseFixture, LogEntry } from './cloudbase.fixture';
import { FakeStorage, createCloudbaseFixture } from './cloudbase.fixture';
import { ACCOUNTS, FILES } from '../../functions/store/collections';

const ENV = 'hehe-test-1a2b3c';
const BUCKET = `${ENV}.7465-${ENV}-1250000000`;
const fileIdOf = (path: string) => `cloud://${BUCKET}/${path}`;

describe('which file ids are photos of this environment', () => {
  const key = 'photo_0mi2ftls0000fmuzznvfaa';
  const mine = fileIdOf(photoCloudPath(key, photoExtension('wxfile://tmp_1.JPG')));

  it('reads the key and path of a photo of this environment', () => {
    expect(mine).toBe(`cloud://${BUCKET}/uploads/${key}.jpg`);
    expect(photoOf(mine, ENV)).toEqual({ path: `uploads/${key}.jpg`, key });
  });

  it.each([
    ['another environment', `cloud://other-env.7465-other-env-1250000000/uploads/${key}.jpg`],
    ['an environment whose name starts the same', `cloud://${ENV}x.7465-a-1/uploads/${key}.jpg`],
    ['a path climbing out of the folder', fileIdOf(`uploads/../${key}.jpg`)],
    ['a sub-folder', fileIdOf(`uploads/acc_1/${key}.jpg`)],
    ['a file that is not a photo', fileIdOf(`uploads/${key}.html`)],
    ['outside the uploads folder', fileIdOf(`${key}.jpg`)],
    ['a key too short to be one we gave out', fileIdOf('uploads/p-1.jpg')],
    ['a local host id', 'file_0001'],
    ['an https address', `https://example.com/uploads/${key}.jpg`],
  ])('refuses %s', (_what, fileId) => {
    expect(photoOf(fileId, ENV)).toBeNull();
  });

  it('keeps the picked file’s extension only when it is a photo’s', () => {
    expect(photoExtension('http://tmp/abc.PNG')).toBe('png');
    expect(photoExtension('http://tmp/abc.exe')).toBe('jpg');
    expect(photoExtension('http://tmp/noext')).toBe('jpg');
  });
});

describe('temporary links', () => {
  // Links never read the store; one in-memory harness stands for it.
  let harness: Harness;
  beforeAll(() => {
    harness = createHarness();
  });
  afterAll(() => harness.close());
  function files(api: TempUrlApi) {
    const logs: LogEntry[] = [];
    const log = {
      info: (obj: object, msg?: string) => logs.push({ level: 'info', obj, msg }),
      warn: (obj: object, msg?: string) => logs.push({ level: 'warn', obj, msg }),
      error: (obj: object, msg?: string) => logs.push({ level: 'error', obj, msg }),
    };
    const store = createCloudbaseFiles({
      api: async () => api,
      store: harness.store,
      envId: ENV,
      log,
    });
    return { logs, store };
  }

  it('are asked for in batches of 50 with a two-hour lifetime, each id once', async () => {
    const storage = new FakeStorage();
    const { store } = files(storage);
    const ids = Array.from({ length: 120 }, (_, i) => fileIdOf(`uploads/acc_1/p-${i}.jpg`));
    const links = await store.links([...ids, ids[0]!], 'viewer');
    expect(storage.requests.map((r) => r.fileList.length)).toEqual([50, 50, 20]);
    expect(TEMP_URL_BATCH).toBe(50);
    expect(storage.requests[0]?.fileList[0]).toEqual({ fileID: ids[0], maxAge: TEMP_URL_SECONDS });
    expect(TEMP_URL_SECONDS).toBe(7200);
    expect(links.size).toBe(120);
    expect(links.get(ids[7]!)).toBe(FakeStorage.urlOf(ids[7]!, 7200));
  });

  it('leave out a file storage does not hold, and log it', async () => {
    const storage = new FakeStorage();
    const { store, logs } = files(storage);
    const [kept, gone] = [fileIdOf('uploads/a/p-1.jpg'), fileIdOf('uploads/a/p-2.jpg')];
    storage.missing.add(gone);
    const links = await store.links([kept, gone], 'viewer');
    expect([...links.keys()]).toEqual([kept]);
    expect(logs).toEqual([
      {
        level: 'warn',
        obj: { fileID: gone, code: 'STORAGE_FILE_NONEXIST' },
        msg: 'photo has no link',
      },
    ]);
  });

  it('come back empty, logged, when storage refuses the request or cannot be reached', async () => {
    const refusing = files({
      getTempFileURL: async () => ({ code: 'SIGN_PARAM_INVALID', message: 'bad sign' }),
    });
    expect((await refusing.store.links([fileIdOf('uploads/a/p.jpg')], 'viewer')).size).toBe(0);
    expect(refusing.logs).toEqual([
      {
        level: 'error',
        obj: { code: 'SIGN_PARAM_INVALID', message: 'bad sign' },
        msg: 'getTempFileURL refused',
      },
    ]);
    const down = files({
      getTempFileURL: async () => {
        throw new Error('ECONNRESET');
      },
    });
    expect((await down.store.links([fileIdOf('uploads/a/p.jpg')], 'viewer')).size).toBe(0);
    expect(down.logs.map((l) => [l.level, l.msg])).toEqual([['error', 'getTempFileURL failed']]);
  });

  it('cost no request when there is no photo', async () => {
    const storage = new FakeStorage();
    expect((await files(storage).store.links([], 'viewer')).size).toBe(0);
    expect(storage.requests).toEqual([]);
  });
});

describe('a concern with photos, through the CloudBase runtime', () => {
  const OPENID = 'o-villager-5e6F7g8H';
  let f: CloudbaseFixture;
  let town: TestTown;

  beforeEach(async () => {
    f = await createCloudbaseFixture();
    town = await createTestTown(f.h.store);
    for (const [account, openid] of [
      [town.people.villager, OPENID],
      [town.people.villageGridWorker, 'o-worker-9i0J'],
    ] as const) {
      const stored = await ACCOUNTS.get(f.h.store, account._id);
      await f.h.store.update(
        'accounts',
        account._id,
        { wxOpenId: openid },
        { ifVersion: stored!._version },
      );
      await f.h.store.insert('account_keys', {
        _id: `openid:${openid}`,
        accountId: account._id,
        townId: town.townId,
      });
    }
  });
  afterEach(() => f.close());

  async function upload(openid: string): Promise<string> {
    const prepared = await f.asWechat<PreparedUpload>(
      openid,
      accountFunction,
      'preparePhotoUpload',
      {
        ext: 'jpg',
      },
    );
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.error));
    return fileIdOf(prepared.data.cloudPath);
  }

  it('gives each upload its own random path, recorded with who asked for it', async () => {
    const [a, b] = [await upload(OPENID), await upload(OPENID)];
    const [pa, pb] = [photoOf(a, ENV)!, photoOf(b, ENV)!];
    expect(pa.key).not.toBe(pb.key);
    // Nothing in the path names the person.
    expect(a).not.toContain(town.people.villager._id);
    const record = await FILES.get(f.h.store, pa.key);
    expect(record).toMatchObject({
      uploaderId: town.people.villager._id,
      townId: town.townId,
      path: pa.path,
      storage: 'cloudbase',
    });
    const bad = await f.asWechat(OPENID, accountFunction, 'preparePhotoUpload', { ext: 'exe' });
    expect(bad.ok ? null : bad.error.details?.fields?.[0]?.field).toBe('ext');
    const anonymous = await f.asWechat(null, accountFunction, 'preparePhotoUpload', { ext: 'jpg' });
    expect(anonymous.ok ? null : anonymous.error.code).toBe('UNAUTHENTICATED');
  });

  it('takes the villager’s own upload and shows it to the handler by a temporary link', async () => {
    const photo = await upload(OPENID);
    const borrowed = await upload('o-worker-9i0J');
    // Same key, different extension: not the path that was given out.
    const renamed = photo.replace(/\.jpg$/, '.png');
    const refused = await f.asWechat(
      OPENID,
      concernFunction,
      'submit',
      streetLight(town, { photos: [photo, borrowed] }),
    );
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'photos.1', message: NOT_OWN_PHOTO }] },
    });
    const misnamed = await f.asWechat(
      OPENID,
      concernFunction,
      'submit',
      streetLight(town, { photos: [renamed] }),
    );
    expect(misnamed.ok ? null : misnamed.error.details?.fields).toEqual([
      { field: 'photos.0', message: NOT_OWN_PHOTO },
    ]);
    expect(await f.h.store.count('concerns', {})).toBe(0);

    const reply = await f.asWechat<VillagerConcernView>(
      OPENID,
      concernFunction,
      'submit',
      streetLight(town, { photos: [photo] }),
    );
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    const own = await f.asWechat<VillagerConcernView>(OPENID, concernFunction, 'get', {
      concernId: reply.data.id,
    });
    expect(own.ok ? own.data.photos : own.error).toEqual([
      { fileId: photo, url: FakeStorage.urlOf(photo, TEMP_URL_SECONDS) },
    ]);
    const staff = await f.asWechat<StaffConcernView>('o-worker-9i0J', concernFunction, 'get', {
      concernId: reply.data.id,
    });
    expect(staff.ok ? staff.data.photos : staff.error).toEqual([
      { fileId: photo, url: FakeStorage.urlOf(photo, TEMP_URL_SECONDS) },
    ]);
  });
});
