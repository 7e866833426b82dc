// The app's icons, drawn here rather than downloaded: an SVG, and PNGs at the sizes a web
// manifest needs to be installable (192 and 512, one of them maskable), encoded with zlib.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BG = [29, 78, 216];   // blue-700
const FG = [255, 255, 255];
// Three rising bars on a square, in a 16×16 design grid (inside the maskable safe zone).
const BARS = [[4, 10, 6, 13], [7, 7, 9, 13], [10, 4, 12, 13]];

function pixel(x, y, size) {
  const gx = (x / size) * 16, gy = (y / size) * 16;
  return BARS.some(([x0, y0, x1, y1]) => gx >= x0 && gx < x1 && gy >= y0 && gy < y1) ? FG : BG;
}

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export function png(size) {
  const raw = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b] = pixel(x, y, size);
      const at = y * (size * 3 + 1) + 1 + x * 3;
      raw[at] = r; raw[at + 1] = g; raw[at + 2] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

export function svg() {
  const rects = BARS.map(([x0, y0, x1, y1]) =>
    `<rect x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}" fill="#fff"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1d4ed8"/>${rects}</svg>\n`;
}

export function writeIcons(dir) {
  for (const size of [192, 512]) fs.writeFileSync(path.join(dir, `icon-${size}.png`), png(size));
  fs.writeFileSync(path.join(dir, 'icon.svg'), svg());
}
