// One regression tree on gradient/hessian histograms, grown leaf-wise (best gain first) up to maxLeaves leaves
// and maxDepth levels. A child's histogram is built for the smaller child only; the larger one is the parent's
// minus it. Missing values (bin 0) go to the side that gains more, learned per split.
import type { GbdtHyper, Tree } from './types.js';

export type GrowInput = {
  /** Bins per feature, indexed by local row. */
  bins: readonly Uint8Array[];
  nBins: readonly number[];
  g: Float64Array;
  h: Float64Array;
  /** The rows this tree is fitted on (its subsample). */
  rows: Uint32Array;
  /** Features this tree may split on (its column sample). */
  features: readonly number[];
  hyper: GbdtHyper;
};

type Split = { gain: number; feature: number; bin: number; missingLeft: boolean; leftCount: number };
type Leaf = { node: number; start: number; end: number; G: number; H: number; depth: number; hist: Float64Array; split: Split | null };

export function growTree(input: GrowInput): Tree {
  const { bins, nBins, g, h, rows, features, hyper } = input;
  const offsets: number[] = [];
  let total = 0;
  for (const nb of nBins) {
    offsets.push(total);
    total += nb;
  }
  const tree: Tree = { feature: [], bin: [], missingLeft: [], left: [], right: [], value: [], cover: [] };
  const addNode = (): number => {
    tree.feature.push(-1);
    tree.bin.push(0);
    tree.missingLeft.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    tree.cover.push(0);
    return tree.feature.length - 1;
  };

  const build = (start: number, end: number): Float64Array => {
    const hist = new Float64Array(total * 3);
    for (const f of features) {
      const col = bins[f]!;
      const base = offsets[f]! * 3;
      for (let k = start; k < end; k++) {
        const r = rows[k]!;
        const at = base + col[r]! * 3;
        hist[at]! += g[r]!;
        hist[at + 1]! += h[r]!;
        hist[at + 2]! += 1;
      }
    }
    return hist;
  };

  const lambda = hyper.l2;
  const score = (G: number, H: number) => (G * G) / (H + lambda);
  const valid = (c: number, hs: number) => c >= hyper.minSamplesLeaf && hs >= hyper.minHessianLeaf;

  const findSplit = (leaf: Leaf): Split | null => {
    const count = leaf.end - leaf.start;
    if (leaf.depth >= hyper.maxDepth || count < 2 * hyper.minSamplesLeaf) return null;
    const { G, H, hist } = leaf;
    const parent = score(G, H);
    let best: Split | null = null;
    for (const f of features) {
      const base = offsets[f]! * 3;
      const nb = nBins[f]!;
      const gm = hist[base]!;
      const hm = hist[base + 1]!;
      const cm = hist[base + 2]!;
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let t = 1; t < nb; t++) {
        const at = base + t * 3;
        gl += hist[at]!;
        hl += hist[at + 1]!;
        cl += hist[at + 2]!;
        if (cl === 0) continue;
        // Missing to the right.
        const grR = G - gl;
        const hrR = H - hl;
        const crR = count - cl;
        if (valid(cl, hl) && valid(crR, hrR)) {
          const gain = 0.5 * (score(gl, hl) + score(grR, hrR) - parent);
          // Without missing rows here, unseen missing values follow the heavier side.
          const missingLeft = cm === 0 && hl >= hrR;
          if (gain > hyper.minGain && (best === null || gain > best.gain)) best = { gain, feature: f, bin: t, missingLeft, leftCount: cl + (missingLeft ? cm : 0) };
        }
        if (cm > 0) {
          const gL = gl + gm;
          const hL = hl + hm;
          const cL = cl + cm;
          if (valid(cL, hL) && valid(count - cL, H - hL)) {
            const gain = 0.5 * (score(gL, hL) + score(G - gL, H - hL) - parent);
            if (gain > hyper.minGain && (best === null || gain > best.gain)) best = { gain, feature: f, bin: t, missingLeft: true, leftCount: cL };
          }
        }
      }
    }
    return best;
  };

  const scratch = new Uint32Array(rows.length);
  const partition = (leaf: Leaf, s: Split): number => {
    const col = bins[s.feature]!;
    let l = leaf.start;
    let r = 0;
    for (let k = leaf.start; k < leaf.end; k++) {
      const row = rows[k]!;
      const b = col[row]!;
      const left = b === 0 ? s.missingLeft : b <= s.bin;
      if (left) rows[l++] = row;
      else scratch[r++] = row;
    }
    rows.set(scratch.subarray(0, r), l);
    return l;
  };

  const sums = (start: number, end: number) => {
    let G = 0;
    let H = 0;
    for (let k = start; k < end; k++) {
      G += g[rows[k]!]!;
      H += h[rows[k]!]!;
    }
    return { G, H };
  };

  const rootSums = sums(0, rows.length);
  const root: Leaf = { node: addNode(), start: 0, end: rows.length, ...rootSums, depth: 0, hist: build(0, rows.length), split: null };
  root.split = findSplit(root);
  const leaves: Leaf[] = [root];
  while (leaves.length < hyper.maxLeaves) {
    let pick = -1;
    for (let i = 0; i < leaves.length; i++) {
      const s = leaves[i]!.split;
      if (s && (pick < 0 || s.gain > leaves[pick]!.split!.gain)) pick = i;
    }
    if (pick < 0) break;
    const leaf = leaves[pick]!;
    const s = leaf.split!;
    const mid = partition(leaf, s);
    const ln = addNode();
    const rn = addNode();
    tree.feature[leaf.node] = s.feature;
    tree.bin[leaf.node] = s.bin;
    tree.missingLeft[leaf.node] = s.missingLeft ? 1 : 0;
    tree.left[leaf.node] = ln;
    tree.right[leaf.node] = rn;
    const smallLeft = mid - leaf.start <= leaf.end - mid;
    const small = smallLeft ? build(leaf.start, mid) : build(mid, leaf.end);
    const large = leaf.hist;
    for (let i = 0; i < large.length; i++) large[i]! -= small[i]!;
    const ls = sums(leaf.start, mid);
    const left: Leaf = { node: ln, start: leaf.start, end: mid, ...ls, depth: leaf.depth + 1, hist: smallLeft ? small : large, split: null };
    const right: Leaf = { node: rn, start: mid, end: leaf.end, G: leaf.G - ls.G, H: leaf.H - ls.H, depth: leaf.depth + 1, hist: smallLeft ? large : small, split: null };
    left.split = findSplit(left);
    right.split = findSplit(right);
    leaves.splice(pick, 1, left, right);
  }
  for (const leaf of leaves) {
    tree.value[leaf.node] = (-leaf.G / (leaf.H + lambda)) * hyper.learningRate;
    tree.cover[leaf.node] = leaf.H;
  }
  fillInternalValues(tree, 0);
  return tree;
}

/** Internal node value = cover-weighted mean of its children (Saabas expected value); returns the node's cover. */
function fillInternalValues(tree: Tree, node: number): number {
  const l = tree.left[node]!;
  if (tree.feature[node]! < 0) return tree.cover[node]!;
  const r = tree.right[node]!;
  const cl = fillInternalValues(tree, l);
  const cr = fillInternalValues(tree, r);
  const c = cl + cr;
  tree.cover[node] = c;
  tree.value[node] = c > 0 ? (cl * tree.value[l]! + cr * tree.value[r]!) / c : 0;
  return c;
}

/** The leaf a row reaches, given a bin lookup per feature. */
export function leafOf(tree: Tree, binOfFeature: (f: number) => number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    const b = binOfFeature(tree.feature[node]!);
    node = (b === 0 ? tree.missingLeft[node] === 1 : b <= tree.bin[node]!) ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}
