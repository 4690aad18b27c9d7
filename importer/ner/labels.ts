/**
 * The tagger's labels: three entity types in BIO, and which label may follow which. "I-PERSON" continues a person
 * begun by "B-PERSON"; it never follows O or another type, so every decoded path reads as whole entities.
 */

export const ENTITY_TYPES = ['PERSON', 'ORGANIZATION', 'PLACE'] as const
export type EntityType = (typeof ENTITY_TYPES)[number]

/** 0 = O; then B- and I- of each type in ENTITY_TYPES order: 1 B-PERSON, 2 I-PERSON, 3 B-ORGANIZATION, ... */
export const LABEL_COUNT = 1 + 2 * ENTITY_TYPES.length
export const OUTSIDE = 0

export const beginOf = (type: EntityType): number => 1 + 2 * ENTITY_TYPES.indexOf(type)
export const insideOf = (type: EntityType): number => 2 + 2 * ENTITY_TYPES.indexOf(type)
export const isInside = (label: number): boolean => label !== OUTSIDE && label % 2 === 0
export const typeOfLabel = (label: number): EntityType => ENTITY_TYPES[(label - 1) >> 1]!

export const labelName = (label: number): string =>
  label === OUTSIDE ? 'O' : `${isInside(label) ? 'I' : 'B'}-${typeOfLabel(label)}`

/** Whether `label` may follow `previous` (-1: the sentence's start). */
export function allowedAfter(previous: number, label: number): boolean {
  if (!isInside(label)) return true
  return previous === label || previous === label - 1
}

/** A run of tokens of one type: token indices, end exclusive. */
export interface LabelledSpan {
  start: number
  end: number
  type: EntityType
}

/** The entities a label sequence spells. A stray I- (not possible in a decoded path) opens an entity, as conlleval reads it. */
export function spansOfLabels(labels: ArrayLike<number>): LabelledSpan[] {
  const spans: LabelledSpan[] = []
  let open: LabelledSpan | undefined
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!
    if (open && (label === OUTSIDE || !isInside(label) || typeOfLabel(label) !== open.type)) {
      open.end = i
      spans.push(open)
      open = undefined
    }
    if (label !== OUTSIDE && !open) open = {start: i, end: i + 1, type: typeOfLabel(label)}
  }
  if (open) {
    open.end = labels.length
    spans.push(open)
  }
  return spans
}
