/**
 * A signed-in person uploads a photo: it is recognised by its bytes (never by its name or
 * declared type), kept under the data folder, recorded in `files`, and served to its uploader
 * or by a link a use case signed for a viewer it cleared (adapters/local/files.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestTown } from '../factories/town';
import type { HostFixture } from './host.fixture';
import {
  createHostFixture,
  enablePasswordLogin,
  multipartBody,
  signIn,
  tinyPng,
} from './host.fixture';
import { FILES } from '../../functions/store/collections';

let f: HostFixture;
let villagerCookie: string;

beforeAll(async () => {
  f = await createHostFixture();
  villagerCookie = await signIn(f.host, f.town.people.villager.phone);
});
afterAll(async () => {
  await f.dispose();
});

const upload = (
  cookie: string | null,
  file: Buffer,
  options: Parameters<typeof multipartBody>[1] = {},
) => {
  const { payload, headers } = multipartBody(file, options);
  return f.host.app.inject({
    method: 'POST',
    url: '/api/upload',
    payload,
    headers: cookie === null ? headers : { ...headers, cookie },
  });
};

const fetchFile = (id: string, cookie: string | null) =>
  f.host.app.inject({
    method: 'GET',
    url: `/api/files/${id}`,
    headers: cookie === null ? {} : { cookie },
  });

describe('uploading', () => {
  test('a real PNG is stored under files/<yyyy>/<mm>/ and recorded with its size', async () => {
    const png = tinyPng(3, 2);
    const res = await upload(villagerCookie, png, {
      filename: 'whatever.bin',
      contentType: 'application/octet-stream',
    });
    expect(res.statusCode).toBe(200);
    const { fileId } = res.json().data as { fileId: string };
    const record = await FILES.get(f.runtime.store, fileId);
    expect(record).toMatchObject({
      townId: 'town-a',
      uploaderId: f.town.people.villager._id,
      // Re-encoded on arrival (photos-carry-no-metadata.test.ts): stored as a fresh JPEG.
      mime: 'image/jpeg',
      width: 3,
      height: 2,
      createdAt: f.clock.nowIso(),
      subjectType: null,
      subjectId: null,
      path: `files/2025/11/${fileId}.jpg`,
    });
    const stored = readFileSync(join(f.dataDir, 'files', '2025', '11', `${fileId}.jpg`));
    expect(record?.bytes).toBe(stored.length);
    expect(stored.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  test('a text file renamed .png is refused with 415 in Chinese', async () => {
    const text = Buffer.from('这不是照片，只是一段文字。\n'.repeat(20));
    const res = await upload(villagerCookie, text, {
      filename: 'photo.png',
      contentType: 'image/png',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: '只能上传照片（JPG、PNG、WEBP 或 GIF 格式）' },
    });
  });

  test('a file that only starts like a PNG is refused', async () => {
    const fake = Buffer.concat([tinyPng().subarray(0, 8), Buffer.from('garbage')]);
    expect((await upload(villagerCookie, fake)).statusCode).toBe(415);
  });

  test('a photo over 10 MB is refused with 413 and nothing is kept', async () => {
    const before = await f.runtime.store.count('files', { uploaderId: f.town.people.villager._id });
    const big = Buffer.concat([tinyPng(), Buffer.alloc(10 * 1024 * 1024 + 1)]);
    const res = await upload(villagerCookie, big);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      ok: false,
      error: { message: '图片太大了，请选择 10 MB 以内的图片' },
    });
    expect(await f.runtime.store.count('files', { uploaderId: f.town.people.villager._id })).toBe(
      before,
    );
  });

  test('a part named other than `file` is refused naming the field', async () => {
    const res = await upload(villagerCookie, tinyPng(), { field: 'photo' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].field).toBe('file');
  });

  test('a request that is not multipart is refused with 415', async () => {
    const res = await f.host.app.inject({
      method: 'POST',
      url: '/api/upload',
      payload: { file: 'x' },
      headers: { cookie: villagerCookie },
    });
    expect(res.statusCode).toBe(415);
  });

  test('signing in is required', async () => {
    const res = await upload(null, tinyPng());
    expect(res.statusCode).toBe(401);
  });
});

describe('serving an uploaded file', () => {
  let fileId: string;
  /** The bytes as stored (re-encoded on upload), which is what every reader gets. */
  let stored: Buffer;
  const png = tinyPng(4, 4);

  beforeAll(async () => {
    const res = await upload(villagerCookie, png);
    fileId = res.json().data.fileId;
    const record = await FILES.get(f.runtime.store, fileId);
    stored = readFileSync(join(f.dataDir, record!.path));
  });

  test('its uploader gets the bytes with the recorded type', async () => {
    const res = await fetchFile(fileId, villagerCookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.rawPayload).toEqual(stored);
  });

  test('nobody else gets it without a link, staff included', async () => {
    for (const cookie of [
      await signIn(f.host, f.town.people.centre.phone),
      await signIn(f.host, f.town.people.farVillager.phone),
    ]) {
      const res = await fetchFile(fileId, cookie);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  test('a signed link opens it for a signed-in viewer until it expires; a forged one does not', async () => {
    const centreCookie = await signIn(f.host, f.town.people.centre.phone);
    const centreId = f.town.people.centre._id;
    const link = (await f.runtime.files.links([fileId], centreId)).get(fileId)!;
    expect(link).toMatch(new RegExp(`^/api/files/${fileId}\\?e=\\d+&s=`));
    const get = (url: string, cookie: string | null = centreCookie) =>
      f.host.app.inject({ method: 'GET', url, headers: cookie === null ? {} : { cookie } });
    const opened = await get(link);
    expect(opened.statusCode).toBe(200);
    expect(opened.rawPayload).toEqual(stored);
    // Made for the centre: the same link opens nothing for another signed-in account.
    const farCookie = await signIn(f.host, f.town.people.farVillager.phone);
    expect((await get(link, farCookie)).statusCode).toBe(403);
    // Signed in is still required.
    expect((await get(link, null)).statusCode).toBe(401);
    // Another file's signature, an altered expiry or signature: refused.
    const other = (await upload(villagerCookie, tinyPng(2, 2))).json().data.fileId as string;
    const otherLink = (await f.runtime.files.links([other], centreId)).get(other)!;
    expect(
      (await get(`/api/files/${fileId}${otherLink.slice(otherLink.indexOf('?'))}`)).statusCode,
    ).toBe(403);
    const [, expires, sig] = /\?e=(\d+)&s=(.+)$/.exec(link)!;
    expect(
      (await get(`/api/files/${fileId}?e=${Number(expires) + 3600}&s=${sig}`)).statusCode,
    ).toBe(403);
    expect((await get(`/api/files/${fileId}?e=${expires}&s=${sig!.slice(1)}A`)).statusCode).toBe(
      403,
    );
    expect((await get(`/api/files/${fileId}?e=${expires}&s=`)).statusCode).toBe(403);
    // Links last at least two hours, rounded up to the hour, then stop working.
    const left = Number(expires) * 1000 - f.clock.nowMs();
    expect(left).toBeGreaterThanOrEqual(2 * 3600_000);
    expect(left).toBeLessThanOrEqual(3 * 3600_000);
    f.clock.advance(left + 1000);
    expect((await get(link)).statusCode).toBe(403);
    expect((await fetchFile(fileId, villagerCookie)).statusCode).toBe(200);
  });

  test('staff of another town are refused with 403', async () => {
    const other = await createTestTown(f.runtime.store, 'town-b');
    await enablePasswordLogin(f.runtime, other.people.centre);
    const res = await fetchFile(fileId, await signIn(f.host, other.people.centre.phone));
    expect(res.statusCode).toBe(403);
  });

  test('an anonymous visitor gets 401, an unknown or malformed id 404', async () => {
    expect((await fetchFile(fileId, null)).statusCode).toBe(401);
    expect((await fetchFile('file_doesnotexist', villagerCookie)).statusCode).toBe(404);
    expect((await fetchFile('..%2F..%2Fcookie-secret', villagerCookie)).statusCode).toBe(404);
  });

  test('a record whose bytes are gone answers 404', async () => {
    const inserted = await f.runtime.store.insert('files', {
      _id: 'file_gone',
      townId: 'town-a',
      uploaderId: f.town.people.villager._id,
      mime: 'image/png',
      bytes: 1,
      width: 1,
      height: 1,
      path: 'files/2025/11/file_gone.png',
      createdAt: f.clock.nowIso(),
      subjectType: null,
      subjectId: null,
    });
    expect(inserted.ok).toBe(true);
    expect(existsSync(join(f.dataDir, 'files/2025/11/file_gone.png'))).toBe(false);
    expect((await fetchFile('file_gone', villagerCookie)).statusCode).toBe(404);
  });
});
