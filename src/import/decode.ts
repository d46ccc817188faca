import iconv from "iconv-lite";

/**
 * Turning a file's bytes into text, or saying clearly why not. Node's `TextDecoder("windows-1252")`
 * decodes as Latin-1 (nodejs/node#60888): `’ € Œ — “ ” …` (0x80–0x9F) would become invisible control
 * characters. Windows-1252 is therefore decoded by iconv-lite; UTF-8 and UTF-16 by `TextDecoder` in
 * fatal mode, which refuses malformed bytes instead of replacing them.
 */
export type SourceEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export const ENCODING_LABELS: Record<SourceEncoding, string> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16 LE",
  "utf-16be": "UTF-16 BE",
  "windows-1252": "Windows-1252",
};

/** Why the bytes could not be read: the physical line (1-based) where it shows, and a French reason. */
export interface DecodingFailure {
  line: number;
  reason: string;
}

export type Decoded =
  | { ok: true; text: string; encoding: SourceEncoding }
  | { ok: false; encoding: SourceEncoding | null; failure: DecodingFailure };

const SAVE_AS_UTF8 = "enregistrez le fichier en UTF-8 (Excel : « CSV UTF-8 (délimité par des virgules) »)";

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((byte, i) => bytes[i] === byte);

/** Physical line of a byte offset: line breaks are 0x0A in every encoding read here but UTF-16. */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Physical line of a character offset in decoded text. */
function lineOfChar(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

const hex = (byte: number) => `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;

/** Length of the well-formed UTF-8 sequence starting at `i` (2 to 4 bytes, as the Unicode standard's table 3-7 allows), or 0. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const lead = bytes[i];
  const within = (k: number, low = 0x80, high = 0xbf) => bytes[i + k] !== undefined && bytes[i + k] >= low && bytes[i + k] <= high;
  if (lead >= 0xc2 && lead <= 0xdf) return within(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const second = lead === 0xe0 ? within(1, 0xa0) : lead === 0xed ? within(1, 0x80, 0x9f) : within(1);
    return second && within(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const second = lead === 0xf0 ? within(1, 0x90) : lead === 0xf4 ? within(1, 0x80, 0x8f) : within(1);
    return second && within(2) && within(3) ? 4 : 0;
  }
  return 0;
}

/**
 * The first byte that breaks UTF-8, and the first well-formed UTF-8 sequence of a French character
 * (lead byte 0xC3: é è à ç…, 0xC5: Œ œ, 0xE2: ’ € — “ ” …). Read as Windows-1252, those sequences are
 * `Ã©`, `Å“`, `â€™`, which no French text contains: a file holding both was saved half in UTF-8.
 */
function scanUtf8(bytes: Uint8Array): { firstInvalid: number; firstFrenchUtf8: number } {
  let firstInvalid = -1;
  let firstFrenchUtf8 = -1;
  for (let i = 0; i < bytes.length && (firstInvalid < 0 || firstFrenchUtf8 < 0); i++) {
    if (bytes[i] < 0x80) continue;
    const length = utf8SequenceAt(bytes, i);
    if (length === 0) {
      if (firstInvalid < 0) firstInvalid = i;
      continue;
    }
    if (firstFrenchUtf8 < 0 && (bytes[i] === 0xc3 || bytes[i] === 0xc5 || bytes[i] === 0xe2)) firstFrenchUtf8 = i;
    i += length - 1;
  }
  return { firstInvalid, firstFrenchUtf8 };
}

/** UTF-16 without a BOM shows as a NUL byte beside nearly every ASCII character (headers are ASCII). */
function looksLikeBomlessUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const sample = Math.min(bytes.length, 512) & ~1;
  if (sample < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = sample / 2;
  if (oddNul >= pairs * 0.4 && evenNul === 0) return "utf-16le";
  if (evenNul >= pairs * 0.4 && oddNul === 0) return "utf-16be";
  return null;
}

function decodeUtf16(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be"): Decoded {
  const label = ENCODING_LABELS[encoding];
  if (bytes.length % 2 !== 0) {
    const text = new TextDecoder(encoding).decode(bytes.subarray(0, bytes.length - 1));
    return {
      ok: false,
      encoding,
      failure: { line: lineOfChar(text, text.length), reason: `fichier ${label} tronqué : nombre impair d'octets ; ${SAVE_AS_UTF8}` },
    };
  }
  try {
    // The BOM is dropped by the decoder (ignoreBOM: false).
    return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
  } catch {
    const text = new TextDecoder(encoding).decode(bytes);
    return {
      ok: false,
      encoding,
      failure: {
        line: lineOfChar(text, text.indexOf("\uFFFD")),
        reason: `fichier ${label} illisible : caractère mal formé (surrogate isolé) ; ${SAVE_AS_UTF8}`,
      },
    };
  }
}

function decodeWindows1252(bytes: Uint8Array): Decoded {
  const { firstInvalid, firstFrenchUtf8 } = scanUtf8(bytes);
  if (firstFrenchUtf8 >= 0) {
    const utf8Line = lineOfByte(bytes, firstFrenchUtf8);
    const otherLine = lineOfByte(bytes, firstInvalid);
    return {
      ok: false,
      encoding: null,
      failure: {
        line: otherLine,
        reason: `encodage mélangé : la ligne ${utf8Line} est en UTF-8, la ligne ${otherLine} ne l'est pas (octet ${hex(bytes[firstInvalid])}) ; ${SAVE_AS_UTF8}`,
      },
    };
  }
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "windows-1252");
  // Five bytes have no character in Windows-1252 (0x81, 0x8D, 0x8F, 0x90, 0x9D): the file is in another encoding.
  const undefinedAt = text.indexOf("\uFFFD");
  if (undefinedAt >= 0) {
    // One byte per character: the character's offset is the byte's.
    return {
      ok: false,
      encoding: "windows-1252",
      failure: {
        line: lineOfChar(text, undefinedAt),
        reason: `ni UTF-8 ni Windows-1252 : l'octet ${hex(bytes[undefinedAt])} n'a pas de caractère ; ${SAVE_AS_UTF8}`,
      },
    };
  }
  return { ok: true, text, encoding: "windows-1252" };
}

/**
 * The file's text and encoding. A BOM decides (UTF-8, UTF-16 LE or BE; UTF-32 is refused). Without
 * one: UTF-8 when the bytes are valid UTF-8, else Windows-1252 (what a French Excel writes with
 * "CSV (séparateur : point-virgule)"), unless the bytes show UTF-16 without a BOM, a mix of UTF-8 and
 * another encoding, or a byte Windows-1252 does not define: those are refused, naming the line.
 */
export function decodeText(bytes: Uint8Array): Decoded {
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    return { ok: false, encoding: null, failure: { line: 1, reason: `fichier UTF-32 : encodage non pris en charge ; ${SAVE_AS_UTF8}` } };
  }
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUtf16(bytes, "utf-16le");
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16(bytes, "utf-16be");
  const bomless = looksLikeBomlessUtf16(bytes);
  if (bomless) {
    return {
      ok: false,
      encoding: null,
      failure: {
        line: 1,
        reason: `fichier ${ENCODING_LABELS[bomless]} sans BOM (marque d'ordre des octets) : encodage incertain ; ${SAVE_AS_UTF8}`,
      },
    };
  }
  const hasUtf8Bom = startsWith(bytes, [0xef, 0xbb, 0xbf]);
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes), encoding: "utf-8" };
  } catch {
    if (hasUtf8Bom) {
      const { firstInvalid } = scanUtf8(bytes);
      return {
        ok: false,
        encoding: "utf-8",
        failure: {
          line: lineOfByte(bytes, firstInvalid),
          reason: `fichier marqué UTF-8 (BOM) mais l'octet ${hex(bytes[firstInvalid])} n'est pas de l'UTF-8 ; ${SAVE_AS_UTF8}`,
        },
      };
    }
    return decodeWindows1252(bytes);
  }
}
