import type {Paragraph} from '../../lines/splitArticle'
import type {Mention} from '../found'
import type {Surfaces} from '../registry'

export function findMentions(paragraph: Paragraph, surfaces: Surfaces): Mention[] {
  if (!surfaces.pattern) return []
  const mentions: Mention[] = []
  // One pass with every surface form as an alternative, longest first: "Jens Stoltenberg" before "Stoltenberg".
  for (const match of paragraph.text.matchAll(surfaces.pattern)) {
    const entity = surfaces.entityOf.get(match[0])
    if (entity) mentions.push({paragraphKey: paragraph.key, start: match.index, end: match.index + match[0].length, entity})
  }
  return mentions
}
