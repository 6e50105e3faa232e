/**
 * What an uploaded file really is, by its bytes: the filename and the declared Content-Type
 * come from the client and prove nothing. Only the four photo formats a phone produces or a
 * page shows are accepted; image-size must also read its dimensions, so a file that merely
 * starts like a PNG is refused.
 */
import { imageSize } from 'image-size';

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif';

export interface SniffedImage {
  readonly mime: ImageMime;
  readonly ext: 'jpg' | 'png' | 'webp' | 'gif';
  readonly width: number;
  readonly height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

/** The format by magic number, or null. */
function magicOf(bytes: Uint8Array): Omit<SniffedImage, 'width' | 'height'> | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return { mime: 'image/png', ext: 'png' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', ext: 'jpg' };
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) {
    return { mime: 'image/gif', ext: 'gif' };
  }
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) {
    return { mime: 'image/webp', ext: 'webp' };
  }
  return null;
}

/** image-size's name for each accepted format. */
const SIZE_TYPES: Readonly<Record<SniffedImage['ext'], string>> = {
  jpg: 'jpg',
  png: 'png',
  gif: 'gif',
  webp: 'webp',
};

/** Identifies a JPEG, PNG, WEBP or GIF by content; null for anything else. */
export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  const magic = magicOf(bytes);
  if (magic === null) return null;
  try {
    const size = imageSize(bytes);
    if (size.type !== SIZE_TYPES[magic.ext] || !(size.width > 0) || !(size.height > 0)) {
      return null;
    }
    return { ...magic, width: size.width, height: size.height };
  } catch {
    // image-size throws on bytes it cannot read: not a photo we accept.
    return null;
  }
}
