// Tree queries of SN 4.1 (the activity tree): lookup, parent, ancestry, common ancestor,
// preorder position and available children, over an index built once per package.
import type { ActivityNode, SequencingMode, SequencingState } from './types.ts';

export interface ActivityTree {
  mode: SequencingMode;
  root: ActivityNode;
  nodes: ReadonlyMap<string, ActivityNode>;
  parents: ReadonlyMap<string, ActivityNode | null>;
  /** Position in a forward preorder traversal of the full tree. */
  order: ReadonlyMap<string, number>;
  /** Injected source of randomness for SN 4.8 selection and randomization (0 <= x < 1). */
  random: () => number;
}

export interface TreeOptions {
  mode: SequencingMode;
  random?: () => number;
}

/** A small deterministic generator (mulberry32), the default when no RNG is injected. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildActivityTree(root: ActivityNode, options: TreeOptions): ActivityTree {
  const nodes = new Map<string, ActivityNode>();
  const parents = new Map<string, ActivityNode | null>();
  const order = new Map<string, number>();
  const visit = (node: ActivityNode, parent: ActivityNode | null): void => {
    if (nodes.has(node.id)) throw new Error(`duplicate activity id ${node.id}`);
    nodes.set(node.id, node);
    parents.set(node.id, parent);
    order.set(node.id, order.size);
    for (const child of node.children) visit(child, node);
  };
  visit(root, null);
  return { mode: options.mode, root, nodes, parents, order, random: options.random ?? seededRandom(1) };
}

export function nodeOf(tree: ActivityTree, id: string): ActivityNode {
  const node = tree.nodes.get(id);
  if (!node) throw new Error(`unknown activity ${id}`);
  return node;
}

export function parentOf(tree: ActivityTree, node: ActivityNode): ActivityNode | null {
  return tree.parents.get(node.id) ?? null;
}

export function isLeaf(node: ActivityNode): boolean {
  return node.children.length === 0;
}

export function isRoot(tree: ActivityTree, node: ActivityNode): boolean {
  return node === tree.root;
}

/** The node and its ancestors, from the node up to the root. */
export function pathToRoot(tree: ActivityTree, node: ActivityNode): ActivityNode[] {
  const path: ActivityNode[] = [];
  for (let n: ActivityNode | null = node; n; n = parentOf(tree, n)) path.push(n);
  return path;
}

export function isAncestorOrSelf(tree: ActivityTree, ancestor: ActivityNode, node: ActivityNode): boolean {
  return pathToRoot(tree, node).includes(ancestor);
}

export function commonAncestor(tree: ActivityTree, a: ActivityNode, b: ActivityNode): ActivityNode {
  const ofB = new Set(pathToRoot(tree, b));
  for (const n of pathToRoot(tree, a)) if (ofB.has(n)) return n;
  return tree.root;
}

/** SN 4.8: the children selected (and ordered) for the current attempt. */
export function availableChildren(tree: ActivityTree, state: SequencingState, node: ActivityNode): ActivityNode[] {
  const ids = state.activities[node.id]?.availableChildren;
  if (!ids) return node.children;
  return ids.map((id) => nodeOf(tree, id));
}

export function isAvailable(tree: ActivityTree, state: SequencingState, node: ActivityNode): boolean {
  const parent = parentOf(tree, node);
  return !parent || availableChildren(tree, state, parent).includes(node);
}

/** True when `a` comes before `b` in a forward preorder traversal of the available children (SB.2.9). */
export function precedes(tree: ActivityTree, state: SequencingState, a: ActivityNode, b: ActivityNode): boolean {
  if (a === b) return false;
  if (isAncestorOrSelf(tree, a, b)) return true;
  if (isAncestorOrSelf(tree, b, a)) return false;
  const common = commonAncestor(tree, a, b);
  const branch = (n: ActivityNode): ActivityNode => {
    const path = pathToRoot(tree, n);
    return path[path.indexOf(common) - 1]!;
  };
  const siblings = availableChildren(tree, state, common);
  return siblings.indexOf(branch(a)) < siblings.indexOf(branch(b));
}

/** Every node in forward preorder. */
export function preorder(tree: ActivityTree): ActivityNode[] {
  return [...tree.nodes.values()];
}
