/**
 * The order in which @sanity/validation reports a document's markers, replayed without its scheduler.
 *
 * Its `validateItemObservable` turns an item into checks, one per Rule of its type and then one per field (objects)
 * or per item (arrays), and runs them through `mergeMap((check) => concat(idle(), check), 40)`: each check starts
 * after its own `setTimeout(0)`, at most 40 at a time per item, the next waiting one starting as one completes. An
 * item's markers come out in the order its checks complete; a nested item completes with its last check, its
 * markers together. Every check completes within the timer tick that starts it (rules settle in microtasks, the
 * in-memory lookups included), so the order follows from the document's shape alone: timer ticks are a FIFO queue.
 */

/** An item as validation sees it: how many Rules its type has, and the items nested in its value. */
export interface ItemShape {
  selfChecks: number
  nested(): ItemShape[]
}

/** Where a marker came from: the index of the check at each level, from the document down to the Rule. */
export type CheckPosition = readonly number[]

const CONCURRENCY = 40

interface Node {
  shape: ItemShape
  parent: Node | undefined
  indexInParent: number
  nested: ItemShape[]
  nestedNodes: Node[]
  count: number
  started: number
  active: number
  done: number
  /** The order in which each check completed among its item's checks. */
  ranks: number[]
}

/**
 * Sorts what each check found into the order @sanity/validation reports it. `found` holds the checks that found
 * something, by position; the markers of one check keep their own order.
 */
export function inReportedOrder<T>(root: ItemShape, found: {position: CheckPosition; markers: T[]}[]): T[] {
  if (found.length === 0) return []
  if (found.length === 1) return found[0]!.markers
  const rootNode = replay(root)
  const keyed = found.map((entry) => ({entry, key: ranksAlong(rootNode, entry.position)}))
  keyed.sort((a, b) => compareKeys(a.key, b.key))
  return keyed.flatMap(({entry}) => entry.markers)
}

function replay(root: ItemShape): Node {
  const queue: Node[] = []
  const queueIndex: number[] = []
  const node = (shape: ItemShape, parent: Node | undefined, indexInParent: number): Node => ({
    shape,
    parent,
    indexInParent,
    nested: [],
    nestedNodes: [],
    count: 0,
    started: 0,
    active: 0,
    done: 0,
    ranks: [],
  })
  const fill = (item: Node) => {
    while (item.started < item.count && item.active < CONCURRENCY) {
      item.active++
      queue.push(item)
      queueIndex.push(item.started++)
    }
  }
  const start = (item: Node) => {
    item.nested = item.shape.nested()
    item.count = item.shape.selfChecks + item.nested.length
    if (item.count === 0) complete(item)
    else fill(item)
  }
  const finish = (item: Node, index: number) => {
    item.ranks[index] = item.done++
    item.active--
    fill(item)
    if (item.done === item.count) complete(item)
  }
  const complete = (item: Node) => {
    if (item.parent) finish(item.parent, item.indexInParent)
  }

  const rootNode = node(root, undefined, -1)
  start(rootNode)
  for (let head = 0; head < queue.length; head++) {
    const item = queue[head]!
    const index = queueIndex[head]!
    if (index < item.shape.selfChecks) {
      finish(item, index)
    } else {
      const child = node(item.nested[index - item.shape.selfChecks]!, item, index)
      item.nestedNodes[index - item.shape.selfChecks] = child
      start(child)
    }
  }
  return rootNode
}

function ranksAlong(root: Node, position: CheckPosition): number[] {
  const key: number[] = []
  let item: Node | undefined = root
  for (const index of position) {
    if (!item) throw new Error(`markerOrder: no item at check position ${position.join('/')}`)
    key.push(item.ranks[index]!)
    item = item.nestedNodes[index - item.shape.selfChecks]
  }
  return key
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}
