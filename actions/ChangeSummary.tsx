import {Card, Stack, Text} from '@sanity/ui'
import {useSchema} from 'sanity'

import type {ChangeCount} from '../corrections/planCorrections'

/** "3 articles: Body 5, Editor 1" for each kind of document a correction changes, as the editor reads it first. */
export function ChangeSummary({counts, testId, empty}: {counts: readonly ChangeCount[]; testId: string; empty: string}) {
  const schema = useSchema()
  const title = (type: string, count: number) => {
    const name = schema.get(type)?.title ?? type
    return `${count} ${count === 1 ? name.toLowerCase() : plural(name.toLowerCase())}`
  }
  return (
    <Card data-testid={testId} padding={3} radius={2} tone="transparent" border>
      <Stack gap={3}>
        {counts.length === 0 ? (
          <Text size={1}>{empty}</Text>
        ) : (
          counts.map((count) => (
            <Text key={count.documentType} size={1}>
              <strong>{title(count.documentType, count.documents)}</strong>
              {': '}
              {Object.entries(count.fields)
                .map(([field, n]) => `${field} ${n}`)
                .join(', ')}
            </Text>
          ))
        )}
      </Stack>
    </Card>
  )
}

const plural = (word: string) => (/y$/.test(word) ? `${word.slice(0, -1)}ies` : /s$/.test(word) ? word : `${word}s`)
