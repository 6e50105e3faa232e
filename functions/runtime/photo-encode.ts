/**
 * Every uploaded photo is re-encoded on the server before anyone can be handed a link to it
 * (照片重新编码): a phone's JPEG carries EXIF — the GPS position where it was taken, the
 * device's serial number, sometimes the owner's name — and XMP and ICC blocks that can name
 * the reporter to whoever verifies a clue or mediates a confidential concern. The bytes that
 * are stored and served are a fresh JPEG made by sharp (libvips) from the decoded pixels: no
 * metadata survives, the EXIF orientation is applied to the pixels first, transparency is
 * laid on white, an animated GIF keeps its first frame.
 *
 * Bounds: a file whose header declares more than MAX_INPUT_PIXELS is refused before anything
 * is decoded (a PNG declaring 100000×100000 inflates to tens of gigabytes), sharp itself
 * refuses more as a second guard, and the longest side is brought down to MAX_EDGE so a photo
 * stays small enough for a village's weak mobile network.
 */
import sharp from 'sharp';

/** The most pixels a photo may declare (a 48-megapixel phone camera's full frame fits). */
export const MAX_INPUT_PIXELS = 50_000_000;
/** The longest side of a stored photo, in pixels (legible evidence, a few hundred KB). */
export const MAX_EDGE = 1920;
/** JPEG quality of a stored photo (mozjpeg). */
export const JPEG_QUALITY = 80;
/** A re-encoding that takes longer than this is abandoned (a pathological file). */
const ENCODE_TIMEOUT_SECONDS = 20;

/** A photo as it is stored and served. */
export interface EncodedPhoto {
  readonly bytes: Buffer;
  readonly mime: 'image/jpeg';
  readonly ext: 'jpg';
  readonly width: number;
  readonly height: number;
}

/** Why a photo was not re-encoded, with the Chinese words the uploader reads. */
export type EncodeRefusal =
  | { readonly reason: 'too_many_pixels'; readonly message: string }
  | { readonly reason: 'unreadable'; readonly message: string };

export const TOO_MANY_PIXELS_MESSAGE = '这张图片的像素太多了，请换一张照片，或用手机截图后再上传';
export const UNREADABLE_IMAGE_MESSAGE = '这张图片打不开，请换一张照片再试';

// One photo at a time per process and no decoded-image cache: a town's host has few cores
// and other requests to answer while a photo is encoded.
sharp.concurrency(1);
sharp.cache(false);

/** Whether a header's declared size is within MAX_INPUT_PIXELS (checked before decoding). */
export function withinPixelLimit(width: number, height: number): boolean {
  return width > 0 && height > 0 && width * height <= MAX_INPUT_PIXELS;
}

/** Re-encodes `input` as a metadata-free JPEG of at most MAX_EDGE on its longest side. */
export async function reencodePhoto(
  input: Uint8Array,
): Promise<{ ok: true; photo: EncodedPhoto } | { ok: false; refusal: EncodeRefusal }> {
  try {
    const { data, info } = await sharp(input, {
      limitInputPixels: MAX_INPUT_PIXELS,
      failOn: 'error',
      pages: 1,
    })
      .rotate()
      .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: JPEG_QUALITY, mozjpeg: true })
      .timeout({ seconds: ENCODE_TIMEOUT_SECONDS })
      .toBuffer({ resolveWithObject: true });
    return {
      ok: true,
      photo: {
        bytes: data,
        mime: 'image/jpeg',
        ext: 'jpg',
        width: info.width,
        height: info.height,
      },
    };
  } catch (thrown) {
    const text = thrown instanceof Error ? thrown.message : String(thrown);
    if (/pixel limit/i.test(text)) {
      return {
        ok: false,
        refusal: { reason: 'too_many_pixels', message: TOO_MANY_PIXELS_MESSAGE },
      };
    }
    return { ok: false, refusal: { reason: 'unreadable', message: UNREADABLE_IMAGE_MESSAGE } };
  }
}
