import { crc32, deflateSync } from "node:zlib";
import type { ChartSeries } from "./document";

/**
 * A grouped bar chart as a PNG, drawn pixel by pixel (no canvas, no browser on the server): for the DOCX, where
 * Word shows pictures but no drawing commands. Labels and values are written beside it as text (caption and table).
 */
export const CHART_SIZE = { width: 640, height: 220 } as const;
const SERIES_COLORS: ReadonlyArray<readonly [number, number, number]> = [
  [0x35, 0x58, 0xa2],
  [0xe4, 0x79, 0x4a],
  [0x5e, 0x9e, 0x6e],
];

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function barChartPng(categories: number, series: readonly ChartSeries[]): Buffer {
  const { width, height } = CHART_SIZE;
  const pixels = Buffer.alloc(width * height * 3, 0xff);
  const fill = (x0: number, y0: number, w: number, h: number, [r, g, b]: readonly [number, number, number]) => {
    for (let y = Math.max(0, Math.round(y0)); y < Math.min(height, Math.round(y0 + h)); y++) {
      for (let x = Math.max(0, Math.round(x0)); x < Math.min(width, Math.round(x0 + w)); x++) {
        const at = (y * width + x) * 3;
        pixels[at] = r;
        pixels[at + 1] = g;
        pixels[at + 2] = b;
      }
    }
  };
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(1, ...values);
  const base = height - 10;
  const group = (width - 20) / Math.max(1, categories);
  const bar = Math.min(48, (group - 16) / Math.max(1, series.length));
  for (let i = 0; i < categories; i++) {
    series.forEach((s, j) => {
      const value = s.values[i];
      if (value === null || value === undefined) return;
      const h = (Math.max(0, value) / max) * (base - 10);
      fill(10 + i * group + 8 + j * bar, base - h, bar - 3, h, SERIES_COLORS[j % SERIES_COLORS.length]);
    });
  }
  fill(10, base, width - 20, 1, [0x55, 0x55, 0x55]);
  // Each row starts with filter type 0 (none).
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) pixels.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
