import { describe, expect, it } from 'vitest';
import { tileLayout, tileUrl, worldPixel } from './map.js';

describe('field map tiles (Web Mercator)', () => {
  it('projects like the slippy-map convention', () => {
    expect(worldPixel(0, 0, 0)).toEqual([128, 128]);
    expect(worldPixel(0, -180, 1)).toEqual([0, 256]);
    const [x, y] = worldPixel(39.9042, 116.4074, 10); // Beijing: tile 843/388 at z10
    expect(Math.floor(x / 256)).toBe(843);
    expect(Math.floor(y / 256)).toBe(388);
  });

  it('picks the largest zoom that fits, keeps every point inside the padded box, and covers the box with tiles', () => {
    const pts = [{ lat: 39.9, lon: 116.4 }, { lat: 39.93, lon: 116.45 }, { lat: 39.88, lon: 116.38 }];
    const l = tileLayout(pts, 360, 200, 24);
    for (const p of pts) {
      const [x, y] = l.project(p.lat, p.lon);
      expect(x).toBeGreaterThanOrEqual(24 - 1e-9);
      expect(x).toBeLessThanOrEqual(336 + 1e-9);
      expect(y).toBeGreaterThanOrEqual(24 - 1e-9);
      expect(y).toBeLessThanOrEqual(176 + 1e-9);
    }
    // One zoom more would not fit.
    const tighter = tileLayout(pts, 360, 200, 24, l.zoom + 1);
    expect(tighter.zoom).toBe(l.zoom);
    // Every box pixel lies in some tile.
    for (const [bx, by] of [[0, 0], [359, 0], [0, 199], [359, 199], [180, 100]] as Array<[number, number]>) {
      expect(l.tiles.some((t) => bx >= t.left && bx < t.left + 256 && by >= t.top && by < t.top + 256)).toBe(true);
    }
  });

  it('a single point gets the maximum zoom, centred', () => {
    const l = tileLayout([{ lat: 31.23, lon: 121.47 }], 360, 200, 24, 17);
    expect(l.zoom).toBe(17);
    const [x, y] = l.project(31.23, 121.47);
    expect(x).toBeCloseTo(180, 6);
    expect(y).toBeCloseTo(100, 6);
    expect(() => tileLayout([], 10, 10, 0)).toThrow(RangeError);
  });

  it('fills a URL template', () => {
    expect(tileUrl('https://{s}.tile.example/{z}/{x}/{y}.png', { z: 3, x: 6, y: 2 })).toBe('https://a.tile.example/3/6/2.png');
  });
});
