import {ArrowRightIcon} from '@sanity/icons/ArrowRight'
import {Box, Button, Card, Spinner, Stack, Text, TextInput} from '@sanity/ui'
import {useEffect, useState} from 'react'
import {useCurrentUser, useSchema, type DocumentActionComponent, type DocumentActionProps} from 'sanity'
import {useRouter} from 'sanity/router'

import {planMerge, type CorrectionPlan, type Doc} from '../corrections/planCorrections'
import {ChangeSummary} from './ChangeSummary'
import {Status} from './Status'
import {publishedIdOf, useCorrectionReads} from './useCorrectionData'

interface Candidate {
  _id: string
  name: string
  acronym?: string
  aliases?: string[]
  references: number
}

// Published people or organizations (a survivor must be published) by a word start of their name, acronym or alias, with how much refers to them.
const CANDIDATES = `*[_type == $type && _id != $id && (name match $term || acronym match $term || aliases[] match $term)]
  | order(name asc)[0...12]{_id, name, acronym, aliases, "references": count(*[references(^._id)])}`

/**
 * "Merge into…" on a person or an organization: the editor picks the one that stays, reads what will change (counts
 * by type), and merges in one transaction: every reference moves, names become aliases, the merged one (and its
 * draft) is deleted, and an entityDecision records it for later imports (corrections/planCorrections.ts).
 */
export const MergeIntoAction: DocumentActionComponent = (props) => {
  const [open, setOpen] = useState(false)
  const document = (props.draft ?? props.published) as Doc | null
  return {
    label: 'Merge into…',
    icon: ArrowRightIcon,
    disabled: !props.published,
    title: props.published ? undefined : 'Publish it first: only a published document can be merged',
    onHandle: () => setOpen(true),
    dialog: open &&
      document && {
        type: 'dialog',
        width: 'medium',
        header: `Merge ${String(document.name ?? props.id)} into…`,
        onClose: () => setOpen(false),
        content: <MergeDialog action={props} name={String(document.name ?? props.id)} onDone={() => setOpen(false)} />,
      },
  }
}
MergeIntoAction.displayName = 'MergeIntoAction'

function MergeDialog({action, name, onDone}: {action: DocumentActionProps; name: string; onDone: () => void}) {
  const {client, versions, referrers} = useCorrectionReads()
  const schema = useSchema()
  const user = useCurrentUser()
  const router = useRouter()
  const id = publishedIdOf(action.id)
  const [term, setTerm] = useState(name.split(/\s+/)[0] ?? name)
  const [candidates, setCandidates] = useState<Candidate[] | undefined>()
  const [chosen, setChosen] = useState<Candidate | undefined>()
  const [plan, setPlan] = useState<CorrectionPlan | undefined>()
  const [state, setState] = useState<{busy?: string; error?: string}>({})

  useEffect(() => {
    let current = true
    const words = term.trim()
    if (!words) return setCandidates([])
    client
      .fetch<Candidate[]>(CANDIDATES, {type: action.type, id, term: `${words}*`}, {perspective: 'published'})
      .then((found) => current && setCandidates(found))
      .catch((error: Error) => current && setState({error: error.message}))
    return () => {
      current = false
    }
  }, [client, term, action.type, id])

  useEffect(() => {
    if (!chosen) return setPlan(undefined)
    let current = true
    setState({busy: 'Reading what refers to it…'})
    ;(async () => {
      const [merged, survivor, found] = await Promise.all([versions(id), versions(chosen._id), referrers(id)])
      const planned = await planMerge(merged, survivor, {schema, referrers: found, now: new Date().toISOString(), user: user?.name})
      if (current) {
        setPlan(planned)
        setState({})
      }
    })().catch((error: Error) => current && setState({error: error.message}))
    return () => {
      current = false
    }
  }, [chosen, id, schema, user?.name, versions, referrers])

  const merge = async () => {
    if (!plan || !chosen) return
    setState({busy: 'Merging…'})
    try {
      await client.mutate(plan.mutations as never, {visibility: 'sync', tag: 'news.merge'})
      onDone()
      router.navigateIntent('edit', {id: chosen._id, type: action.type})
    } catch (error) {
      setState({error: `Nothing was changed: ${(error as Error).message}`})
    }
  }

  return (
    <Stack gap={4} padding={1}>
      <TextInput data-testid="merge-search" value={term} onChange={(event) => setTerm(event.currentTarget.value)} placeholder="Search by name, acronym or alias" />
      <Stack gap={2}>
        {candidates === undefined ? (
          <Spinner />
        ) : candidates.length === 0 ? (
          <Text size={1} muted>
            Nothing of this type matches.
          </Text>
        ) : (
          candidates.map((candidate) => (
            <Button
              key={candidate._id}
              data-testid={`merge-candidate-${candidate._id}`}
              mode={chosen?._id === candidate._id ? 'default' : 'ghost'}
              tone={chosen?._id === candidate._id ? 'primary' : 'default'}
              onClick={() => setChosen(candidate)}
              justify="flex-start"
              text={`${candidate.name}${candidate.acronym ? ` (${candidate.acronym})` : ''} · ${candidate.references} reference(s)${candidate.aliases?.length ? ` · also ${candidate.aliases.join(', ')}` : ''}`}
            />
          ))
        )}
      </Stack>
      <Status busy={state.busy} error={state.error} testId="merge-error" />
      {plan && chosen && (
        <Stack gap={3}>
          <Text size={1} weight="semibold">
            Merging {name} into {chosen.name} changes:
          </Text>
          <ChangeSummary counts={plan.counts} testId="merge-summary" empty="Nothing refers to it." />
          <Text size={1} muted>
            {`Its names (${String((plan.decision.names as string[]).join(', '))}) become aliases of ${chosen.name}; ${name} and its draft are deleted; an editor decision records the merge for later imports.`}
          </Text>
          {plan.problems.length > 0 ? (
            <Card tone="critical" padding={3} radius={2} data-testid="merge-problems">
              <Stack gap={2}>
                <Text size={1} weight="semibold">
                  It cannot be merged:
                </Text>
                {plan.problems.map((problem) => (
                  <Text key={problem} size={1}>
                    {problem}
                  </Text>
                ))}
              </Stack>
            </Card>
          ) : (
            <Box>
              <Button data-testid="merge-confirm" tone="critical" text={`Merge into ${chosen.name}`} onClick={merge} disabled={Boolean(state.busy)} />
            </Box>
          )}
        </Stack>
      )}
    </Stack>
  )
}
