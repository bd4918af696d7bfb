/**
 * Units form a tree with materialised paths: dotted labels from the root (`c1.c2.c3`, as ltree
 * stores them). A role granted on a unit reaches its whole subtree, so "is this unit within that
 * one" is the question every scope check asks; it is answered here, label by label, so `1.20`
 * never counts as lying within `1.2`.
 */

/** Whether the unit at `path` is the unit at `root` or lies below it. */
export function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}.`);
}

/** Whether the unit at `path` lies strictly below the unit at `ancestor`. */
export function isStrictlyBelow(path: string, ancestor: string): boolean {
  return path !== ancestor && isWithin(path, ancestor);
}

/** Whether either unit lies within the other, so their subtrees share units. */
export function overlaps(a: string, b: string): boolean {
  return isWithin(a, b) || isWithin(b, a);
}
