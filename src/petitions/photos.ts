import { type FieldError, fieldError } from "../lib/problem";

const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
export const MAX_PHOTOS_ON_SUBMISSION = 3;
export const MAX_PHOTOS_PER_PETITION = 10;

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((byte, index) => bytes[offset + index] === byte);
const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));

/**
 * The image type by its first bytes, whatever the file is called or claims to be: JPEG, PNG, GIF, WebP,
 * and HEIC/HEIF (what most phones now take). Null for anything else.
 */
function sniffImageType(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "image/gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  if (startsWith(bytes, ascii("ftyp"), 4)) {
    const brand = String.fromCharCode(...bytes.slice(8, 12));
    if (["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"].includes(brand)) return "image/heic";
  }
  return null;
}

type CheckedPhoto = { bytes: Uint8Array; contentType: string };

/** Checks uploaded files: how many, how large, and that each really is an image. Errors name `photos[i]`. */
export async function checkPhotos(files: File[], maxCount: number): Promise<{ photos: CheckedPhoto[]; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const photos: CheckedPhoto[] = [];
  const real = files.filter((file) => file.size > 0 || file.name);
  if (real.length > maxCount) errors.push(fieldError("photos", "photo.too_many", { max: Math.max(maxCount, 0) }));
  for (const [index, file] of real.slice(0, Math.max(maxCount, 0)).entries()) {
    if (file.size > MAX_PHOTO_BYTES) {
      errors.push(fieldError(`photos.${index}`, "photo.too_large", { mb: MAX_PHOTO_BYTES / 1024 / 1024 }));
      continue;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const contentType = sniffImageType(bytes);
    if (!contentType) {
      errors.push(fieldError(`photos.${index}`, "photo.not_an_image"));
      continue;
    }
    photos.push({ bytes, contentType });
  }
  return { photos, errors };
}

export const photoKey = (petitionId: string, attachmentId: string) => `photo:${petitionId}:${attachmentId}`;
