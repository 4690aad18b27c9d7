import {PLACES} from '../lexicon'
import type {Dateline} from '../lines/publisher'
import type {Paragraph} from '../lines/splitArticle'
import {MEDIA_AFTER, MEDIA_BEFORE} from './cues'
import type {Entities} from './found'
import {findAcronymDefinitions} from './passes/acronymDefinitions'
import {findMentions} from './passes/mentions'
import {MODEL_POLICY, placeName, proposeFromModel, storyLowerCaseWords, type Proposal} from './passes/modelProposals'
import {findOrganizations} from './passes/organizations'
import {findPersons} from './passes/persons'
import {placesIn} from './passes/places'
import {Registry} from './registry'
import {capitalisedRuns} from './runs'

export type {Entities, FoundEntity, FoundOrganization, FoundPerson, Mention, OrganizationKind} from './found'

/**
 * Finds the people, organizations and places a story names, and every place in the body that names them.
 * `onProposal` hears the verdict on each of the tagger's spans (for tracing a score to a rule).
 */
export function findEntities(paragraphs: Paragraph[], dateline?: Dateline, onProposal?: (proposal: Proposal) => void): Entities {
  const found = new Registry()
  const places = new Set<string>()
  const runs = paragraphs.flatMap(capitalisedRuns)

  for (const run of runs) findAcronymDefinitions(run, found)
  for (const run of runs) findOrganizations(run, found, places)
  found.foldRegionalAcronyms()
  const lowerCase = storyLowerCaseWords(paragraphs)
  for (const run of runs) findPersons(run, found, lowerCase)
  found.foldShortNames()
  proposeFromModel(paragraphs, found, places, MODEL_POLICY, onProposal)
  found.foldShortNames()

  const surfaces = found.surfaces()
  const mentions = paragraphs.flatMap((paragraph) => findMentions(paragraph, surfaces))
  const cited = new Set<string>()
  for (const run of runs) {
    const media = found.organizationIn(run)
    if (media && (MEDIA_BEFORE.test(run.before) || MEDIA_AFTER.test(run.after))) cited.add(media)
  }
  for (const run of runs) for (const place of placesIn(run)) places.add(place)
  // "JAKARTA, iNews.id - ...": the dateline names where the story was filed.
  const datelinePlace = dateline?.place ? placeName(dateline.place) : undefined
  if (datelinePlace && PLACES.has(datelinePlace)) places.add(datelinePlace)
  return {byKey: found.entities, mentions, places: [...new Set([...places].map(placeName))], citedSources: [...cited]}
}
