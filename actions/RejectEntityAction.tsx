import {CloseCircleIcon} from '@sanity/icons/CloseCircle'
import {Box, Button, Card, Stack, Text} from '@sanity/ui'
import {useEffect, useState} from 'react'
import {useCurrentUser, useSchema, type DocumentActionComponent, type DocumentActionProps} from 'sanity'

import {planRejection, type CorrectionPlan, type Doc} from '../corrections/planCorrections'
import {ChangeSummary} from './ChangeSummary'
import {Status} from './Status'
import {publishedIdOf, useCorrectionReads} from './useCorrectionData'

/**
 * "Not a person" / "Not an organization": the mention annotations to it leave the article bodies (their text stays),
 * the document is deleted when nothing else refers to it, and an entityDecision (Editor decisions in the desk)
 * records its names, so no later import makes them a person (or an organization) again. Deleting the decision
 * undoes that for later imports.
 */
export const RejectEntityAction: DocumentActionComponent = (props) => {
  const [open, setOpen] = useState(false)
  const document = (props.draft ?? props.published) as Doc | null
  const label = props.type === 'person' ? 'Not a person' : 'Not an organization'
  return {
    label,
    icon: CloseCircleIcon,
    tone: 'critical',
    disabled: !document,
    onHandle: () => setOpen(true),
    dialog: open &&
      document && {
        type: 'dialog',
        width: 'medium',
        header: `${label}: ${String(document.name ?? props.id)}`,
        onClose: () => setOpen(false),
        content: <RejectDialog action={props} name={String(document.name ?? props.id)} onDone={() => setOpen(false)} />,
      },
  }
}
RejectEntityAction.displayName = 'RejectEntityAction'

function RejectDialog({action, name, onDone}: {action: DocumentActionProps; name: string; onDone: () => void}) {
  const {client, versions, referrers} = useCorrectionReads()
  const schema = useSchema()
  const user = useCurrentUser()
  const id = publishedIdOf(action.id)
  const [plan, setPlan] = useState<CorrectionPlan | undefined>()
  const [state, setState] = useState<{busy?: string; error?: string; done?: string}>({busy: 'Reading what refers to it…'})
  const typeTitle = action.type === 'person' ? 'person' : 'organization'

  useEffect(() => {
    let current = true
    ;(async () => {
      const [entity, found] = await Promise.all([versions(id), referrers(id)])
      const planned = await planRejection(entity, {schema, referrers: found, now: new Date().toISOString(), user: user?.name})
      if (current) {
        setPlan(planned)
        setState({})
      }
    })().catch((error: Error) => current && setState({error: error.message}))
    return () => {
      current = false
    }
  }, [id, schema, user?.name, versions, referrers])

  const reject = async () => {
    if (!plan) return
    setState({busy: 'Saving…'})
    try {
      await client.mutate(plan.mutations as never, {visibility: 'sync', tag: 'news.reject'})
      if (plan.kept?.length) setState({done: `Done: the mentions are gone and the decision is recorded; ${name} stays until nothing else refers to it.`})
      else onDone()
    } catch (error) {
      setState({error: `Nothing was changed: ${(error as Error).message}`})
    }
  }

  return (
    <Stack gap={4} padding={1}>
      <Status busy={state.busy} error={state.error} testId="reject-error" />
      {plan && (
        <Stack gap={3}>
          <Text size={1} weight="semibold">
            Mentions of {name} removed (the text stays):
          </Text>
          <ChangeSummary counts={plan.counts} testId="reject-summary" empty="No article mentions it." />
          {plan.kept && plan.kept.length > 0 ? (
            <Stack gap={2}>
              <Text size={1} weight="semibold">
                {name} is kept: these still refer to it (change them, then delete it):
              </Text>
              <ChangeSummary counts={plan.kept} testId="reject-kept" empty="" />
            </Stack>
          ) : (
            <Text size={1}>{name} and its draft are deleted: nothing else refers to it.</Text>
          )}
          <Text size={1} muted>
            {`An editor decision records the names (${(plan.decision.names as string[]).join(', ')}): no later import makes them a ${typeTitle}. Delete the decision (Editor decisions) to undo that.`}
          </Text>
          {state.done ? (
            <Card tone="positive" padding={3} radius={2} data-testid="reject-done">
              <Text size={1}>{state.done}</Text>
            </Card>
          ) : (
            <Box>
              <Button data-testid="reject-confirm" tone="critical" text={`Not a ${typeTitle}`} onClick={reject} disabled={Boolean(state.busy)} />
            </Box>
          )}
        </Stack>
      )}
    </Stack>
  )
}
