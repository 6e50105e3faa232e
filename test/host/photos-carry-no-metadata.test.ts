/**
 * Photos carry who took them: a phone's JPEG holds the GPS position, the camera's serial and
 * the owner's name. Every upload is re-encoded on the server (functions/runtime/photo-encode.ts),
 * so what is stored and served has no EXIF, XMP or ICC block (read back with exifr); a file
 * declaring more pixels than a camera makes is refused before it is decoded; a large photo
 * comes back small enough for a weak network.
 */
import exifr from 'exifr';
import sharp from 'sharp';
import { crc32, deflateSync } from 'node:zlib';
import { FILES } from '../../functions/store/collections';
import { MAX_EDGE } from '../../functions/runtime/photo-encode';
import type { HostFixture } from './host.fixture';
import { createHostFixture, multipartBody, signIn } from './host.fixture';

let f: HostFixture;
let cookie: string;
beforeAll(async () => {
  f = await createHostFixture();
  cookie = await signIn(f.host, f.town.people.villager.phone);
});
afterAll(() => f.dispose());

const upload = (file: Buffer, contentType = 'image/jpeg') => {
  const { payload, headers } = multipartBody(file, { filename: 'IMG_0001.JPG', contentType });
  return f.host.app.inject({
    method: 'POST',
    url: '/api/upload',
    payload,
    headers: { ...headers, cookie },
  });
};
const served = async (fileId: string) =>
  (await f.host.app.inject({ method: 'GET', url: `/api/files/${fileId}`, headers: { cookie } }))
    .rawPayload;

/** A phone-like JPEG: GPS, camera serial, author, an XMP packet and a Display P3 profile. */
async function phoneJpeg(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({
      IFD0: { Artist: 'Wang Xiulan', Make: 'Huawei', Model: 'P60', Copyright: 'Wang Xiulan' },
      IFD2: { BodySerialNumber: 'SN-88776655', CameraOwnerName: 'Wang Xiulan' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '35/1 35/1 3000/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '118/1 49/1 1200/100',
      },
    })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Wang Xiulan</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>',
    )
    .withIccProfile('p3')
    .toBuffer();
}

/** A PNG whose header declares `width`×`height` with a token of data (a decompression bomb). */
function declaredPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('an uploaded photo', () => {
  it('is served back with no EXIF, GPS, XMP or ICC left', async () => {
    const original = await phoneJpeg();
    const before = await exifr.parse(original, {
      tiff: true,
      exif: true,
      gps: true,
      xmp: true,
      icc: true,
    });
    // The original does carry the author, the position and a colour profile.
    expect(before).toMatchObject({ Artist: 'Wang Xiulan', ProfileDescription: expect.any(String) });
    expect(before.latitude).toBeCloseTo(35.59, 1);
    expect(original.includes(Buffer.from('dc:creator'))).toBe(true);

    const res = await upload(original);
    expect(res.statusCode).toBe(200);
    const { fileId } = res.json().data as { fileId: string };
    const bytes = await served(fileId);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const after = await exifr.parse(bytes, {
      tiff: true,
      exif: true,
      gps: true,
      xmp: true,
      icc: true,
      iptc: true,
      jfif: false,
      ihdr: false,
    });
    expect(after ?? {}).toEqual({});
    expect(bytes.includes(Buffer.from('Wang Xiulan'))).toBe(false);
    expect(bytes.includes(Buffer.from('dc:creator'))).toBe(false);
    expect(await FILES.get(f.runtime.store, fileId)).toMatchObject({ mime: 'image/jpeg' });
  });

  it('a PNG declaring 100000×100000 pixels is refused in Chinese before it is decoded', async () => {
    const res = await upload(declaredPng(100_000, 100_000), 'image/png');
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/像素太多/),
      details: { fields: [{ field: 'file' }] },
    });
  });

  it('a 4000×3000 photo comes back at most MAX_EDGE on its longest side, smaller in bytes', async () => {
    const noise = Buffer.alloc(4000 * 3000 * 3);
    // Texture a camera would see (a plain colour would compress to nothing), under 10 MB.
    for (let i = 0; i < noise.length; i += 1)
      noise[i] = ((i % 12_000) * 7 + ((i / 12_000) | 0) * 3) & 0xff;
    const big = await sharp(noise, { raw: { width: 4000, height: 3000, channels: 3 } })
      .jpeg({ quality: 95 })
      .toBuffer();
    const res = await upload(big);
    expect(res.statusCode).toBe(200);
    const bytes = await served((res.json().data as { fileId: string }).fileId);
    const meta = await sharp(bytes).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(MAX_EDGE);
    expect(bytes.length).toBeLessThan(big.length);
  }, 30_000);
});
