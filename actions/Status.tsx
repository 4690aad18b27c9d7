import {Card, Flex, Spinner, Text} from '@sanity/ui'

/** What a correction dialog is doing ("Reading what refers to it…"), or why it failed. */
export function Status({busy, error, testId}: {busy?: string; error?: string; testId: string}) {
  return (
    <>
      {busy && (
        <Flex gap={2} align="center">
          <Spinner />
          <Text size={1}>{busy}</Text>
        </Flex>
      )}
      {error && (
        <Card tone="critical" padding={3} radius={2} data-testid={testId}>
          <Text size={1}>{error}</Text>
        </Card>
      )}
    </>
  )
}
