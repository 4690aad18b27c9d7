import type {ExprNode} from 'groq-js'

/** Helpers for reading a groq-js syntax tree: the query planner and the validator's lookups read it alike. */

/** Built from values, parameters and operators alone: the same for every document (nothing read from the dataset). */
export function isConstant(node: ExprNode): boolean {
  return findNodes(node, (child) => ['Everything', 'This', 'Parent', 'AccessAttribute', 'Context', 'FuncCall', 'Deref'].includes(child.type)).length === 0
}

/** `a && (b && c)` as [a, b, c]. */
export function conjuncts(node: ExprNode): ExprNode[] {
  if (node.type === 'And') {
    const {left, right} = node as {left: ExprNode; right: ExprNode}
    return [...conjuncts(left), ...conjuncts(right)]
  }
  if (node.type === 'Group') return conjuncts((node as {base: ExprNode}).base)
  return [node]
}

/** Every node in the tree that passes `test`, outermost first. */
export function findNodes(node: unknown, test: (node: ExprNode) => boolean, found: ExprNode[] = []): ExprNode[] {
  if (Array.isArray(node)) {
    for (const child of node) findNodes(child, test, found)
  } else if (node && typeof node === 'object') {
    if (typeof (node as {type?: unknown}).type === 'string' && test(node as ExprNode)) found.push(node as ExprNode)
    for (const child of Object.values(node)) if (child && typeof child === 'object') findNodes(child, test, found)
  }
  return found
}
