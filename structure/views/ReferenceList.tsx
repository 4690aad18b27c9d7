import {Box, Card, Flex, Spinner, Stack, Text} from '@sanity/ui'
import type {ReactNode} from 'react'
import {IntentLink} from 'sanity/router'

export interface Row {
  _id: string
  _type: string
  title: string
  subtitle?: string
}

/** A titled list of documents, each a link that opens it beside this one. */
export function ReferenceList({title, rows, empty, testId}: {title: string; rows: Row[] | undefined; empty: string; testId: string}) {
  return (
    <Stack gap={3} data-testid={testId}>
      <Text size={1} weight="semibold">
        {title}
        {rows ? ` (${rows.length})` : ''}
      </Text>
      {rows === undefined ? (
        <Spinner />
      ) : rows.length === 0 ? (
        <Text size={1} muted>
          {empty}
        </Text>
      ) : (
        <Stack gap={1}>
          {rows.map((row) => (
            <IntentLink key={row._id} intent="edit" params={{id: row._id, type: row._type}} style={{color: 'inherit', textDecoration: 'none'}} data-testid={`${testId}-row`}>
              <Card padding={2} radius={2} border>
                <Stack gap={2}>
                  <Text size={1}>{row.title}</Text>
                  {row.subtitle && (
                    <Text size={0} muted>
                      {row.subtitle}
                    </Text>
                  )}
                </Stack>
              </Card>
            </IntentLink>
          ))}
        </Stack>
      )}
    </Stack>
  )
}

export function ViewFrame({children, error}: {children: ReactNode; error?: string}) {
  return (
    <Box padding={4}>
      <Stack gap={5}>
        {error && (
          <Card tone="critical" padding={3} radius={2}>
            <Flex>
              <Text size={1}>{error}</Text>
            </Flex>
          </Card>
        )}
        {children}
      </Stack>
    </Box>
  )
}

export const quoteTitle = (text: unknown) => {
  const value = typeof text === 'string' ? text : ''
  return `“${value.length > 140 ? `${value.slice(0, 139)}…` : value}”`
}
