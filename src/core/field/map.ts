// The field view's map when a tile server is configured: Web Mercator (the "slippy map" convention of 256-pixel tiles
// addressed {z}/{x}/{y}) — the largest zoom at which every point fits the box, a projection of coordinates to the
// box's pixels, and the tiles that cover the box. Pure: the page draws the tiles and the stops.

const TILE = 256;
const MAX_LAT = 85.05112878;

/** World pixel coordinates at zoom z (0,0 = north-west corner of the world). */
export function worldPixel(lat: number, lon: number, z: number): [number, number] {
  const size = TILE * 2 ** z;
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const s = Math.sin((clamped * Math.PI) / 180);
  const x = ((lon + 180) / 360) * size;
  const y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size;
  return [x, y];
}

export type TileLayout = {
  zoom: number;
  /** Box pixel of a coordinate. */
  project: (lat: number, lon: number) => [number, number];
  /** Tiles covering the box, with where their top-left corner goes in box pixels. */
  tiles: Array<{ z: number; x: number; y: number; left: number; top: number }>;
};

/** The layout for points in a width × height box with `pad` pixels kept free at the edges. */
export function tileLayout(points: ReadonlyArray<{ lat: number; lon: number }>, width: number, height: number, pad: number, maxZoom = 18): TileLayout {
  if (points.length === 0) throw new RangeError('tileLayout needs at least one point');
  let zoom = 0;
  for (let z = maxZoom; z >= 0; z--) {
    const px = points.map((p) => worldPixel(p.lat, p.lon, z));
    const w = Math.max(...px.map((p) => p[0])) - Math.min(...px.map((p) => p[0]));
    const h = Math.max(...px.map((p) => p[1])) - Math.min(...px.map((p) => p[1]));
    if (w <= width - 2 * pad && h <= height - 2 * pad) {
      zoom = z;
      break;
    }
  }
  const px = points.map((p) => worldPixel(p.lat, p.lon, zoom));
  const cx = (Math.max(...px.map((p) => p[0])) + Math.min(...px.map((p) => p[0]))) / 2;
  const cy = (Math.max(...px.map((p) => p[1])) + Math.min(...px.map((p) => p[1]))) / 2;
  const originX = cx - width / 2;
  const originY = cy - height / 2;
  const n = 2 ** zoom;
  const tiles: TileLayout['tiles'] = [];
  for (let ty = Math.floor(originY / TILE); ty * TILE < originY + height; ty++) {
    if (ty < 0 || ty >= n) continue;
    for (let tx = Math.floor(originX / TILE); tx * TILE < originX + width; tx++) {
      tiles.push({ z: zoom, x: ((tx % n) + n) % n, y: ty, left: tx * TILE - originX, top: ty * TILE - originY });
    }
  }
  return {
    zoom,
    project: (lat, lon) => {
      const [x, y] = worldPixel(lat, lon, zoom);
      return [x - originX, y - originY];
    },
    tiles,
  };
}

/** A tile's URL from a template with {z}, {x} and {y} (and an optional {s} subdomain, always "a"). */
export const tileUrl = (template: string, t: { z: number; x: number; y: number }): string =>
  template.replaceAll('{z}', String(t.z)).replaceAll('{x}', String(t.x)).replaceAll('{y}', String(t.y)).replaceAll('{s}', 'a');
