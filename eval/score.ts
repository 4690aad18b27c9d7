import type {NewsDocument} from '../model/documents'

export interface DevArticle {
  id: string
  title: string
  persons: {name: string; aliases: string[]}[]
  organizations: {name: string; aliases: string[]}[]
  ambiguousOrganizations: {name: string; aliases?: string[]}[] | string[]
  quotes: {text: string; speaker: string; verb: string | null}[]
  unattributedQuotes: {text: string; note: string}[]
  notQuotes: string[]
}

export interface Metric {
  tp: number
  predicted: number
  gold: number
  precision: number
  recall: number
  f1: number
}

export interface ArticleScore {
  quotes: Counts
  persons: Counts
  organizations: Counts
  speaker: {found: number; correct: number}
  log: string[]
}

interface Counts {
  tp: number
  predicted: number
  gold: number
}

const norm = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('id')
// "DPR RI" and "DPR" name one organization; the labels use either.
const normName = (text: string) => norm(text).replace(/ (?:ri|republik indonesia)$/, '')

/** Names an entity goes by: name, acronym and aliases, normalised for comparison. */
function namesOf(entity: {[field: string]: unknown}): Set<string> {
  const names = [entity.name, entity.acronym, ...(Array.isArray(entity.aliases) ? entity.aliases : [])]
  return new Set(names.filter((name): name is string => typeof name === 'string' && name !== '').map(normName))
}

const overlaps = (a: Set<string>, b: Set<string>) => [...a].some((name) => b.has(name))

/** Matches predictions to labels one to one; a prediction matching an `ignored` label counts neither way. */
function matchEntities(predicted: Set<string>[], gold: Set<string>[], ignored: Set<string>[]): Counts & {missed: number[]; wrong: number[]} {
  const used = new Set<number>()
  let tp = 0
  let ignoredCount = 0
  const wrong: number[] = []
  predicted.forEach((names, at) => {
    const match = gold.findIndex((labels, index) => !used.has(index) && overlaps(names, labels))
    if (match !== -1) {
      used.add(match)
      tp++
    } else if (ignored.some((labels) => overlaps(names, labels))) {
      ignoredCount++
    } else {
      wrong.push(at)
    }
  })
  const missed = gold.map((_, index) => index).filter((index) => !used.has(index))
  return {tp, predicted: predicted.length - ignoredCount, gold: gold.length, missed, wrong}
}

/** Scores what the importer made of one article against its hand labels. */
export function scoreArticle(labels: DevArticle, documents: NewsDocument[]): ArticleScore {
  const log: string[] = []
  const byId = new Map(documents.map((document) => [document._id, document]))
  // People named only in the credits (an author, an editor) are outside the labels, as the guidelines say.
  const credited = new Set(
    documents
      .filter((document) => document._type === 'article')
      .flatMap((article) => [article.editor, ...((article.authors as unknown[] | undefined) ?? [])])
      .map((ref) => (ref as {_ref?: string} | undefined)?._ref),
  )
  const inStory = new Set(JSON.stringify(documents.filter((document) => document._type !== 'article').map((document) => document.speaker)).match(/person-[\w-]+/g) ?? [])
  for (const article of documents.filter((document) => document._type === 'article')) {
    for (const id of JSON.stringify(article.body ?? []).match(/"_ref":"(person-[^"]+)"/g) ?? []) inStory.add(id.slice(8, -1))
  }
  const persons = documents.filter((document) => document._type === 'person' && (!credited.has(document._id) || inStory.has(document._id)))
  const organizations = documents.filter((document) => document._type === 'organization')

  const personMatch = matchEntities(persons.map(namesOf), labels.persons.map(namesOf), [])
  for (const index of personMatch.missed) log.push(`person missed: ${labels.persons[index]!.name}`)
  for (const index of personMatch.wrong) log.push(`person wrong:  ${persons[index]!.name}`)

  const ambiguous = labels.ambiguousOrganizations.map((entry) => namesOf(typeof entry === 'string' ? {name: entry} : entry))
  const orgMatch = matchEntities(organizations.map(namesOf), labels.organizations.map(namesOf), ambiguous)
  for (const index of orgMatch.missed) log.push(`org missed:    ${labels.organizations[index]!.name}`)
  for (const index of orgMatch.wrong) log.push(`org wrong:     ${organizations[index]!.name}${organizations[index]!.acronym ? ` (${organizations[index]!.acronym})` : ''}`)

  const goldPersonNames = new Map(labels.persons.map((person) => [person.name, namesOf(person)]))
  const quotes = documents.filter((document) => document._type === 'quote')
  const usedGold = new Set<number>()
  let tp = 0
  let found = 0
  let correct = 0
  let notCounted = 0
  for (const quote of quotes) {
    const text = norm(String(quote.text))
    const speaker = byId.get((quote.speaker as {_ref: string})._ref)
    const index = labels.quotes.findIndex((gold, at) => !usedGold.has(at) && norm(gold.text) === text)
    if (index === -1) {
      if (labels.unattributedQuotes.some((gold) => norm(gold.text) === text)) notCounted++
      else log.push(`quote wrong:   “${String(quote.text).slice(0, 60)}” (${speaker?.name})`)
      continue
    }
    usedGold.add(index)
    found++
    const gold = labels.quotes[index]!
    const right = speaker !== undefined && overlaps(namesOf(speaker), goldPersonNames.get(gold.speaker) ?? new Set([norm(gold.speaker)]))
    if (right) {
      correct++
      tp++
    } else {
      log.push(`speaker wrong: “${gold.text.slice(0, 50)}” said by ${gold.speaker}, given to ${speaker?.name}`)
    }
  }
  labels.quotes.forEach((gold, index) => {
    if (!usedGold.has(index)) log.push(`quote missed:  “${gold.text.slice(0, 60)}” (${gold.speaker})`)
  })
  return {
    quotes: {tp, predicted: quotes.length - notCounted, gold: labels.quotes.length},
    persons: personMatch,
    organizations: orgMatch,
    speaker: {found, correct},
    log,
  }
}

function metric({tp, predicted, gold}: Counts): Metric {
  const precision = predicted === 0 ? 0 : tp / predicted
  const recall = gold === 0 ? 0 : tp / gold
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return {tp, predicted, gold, precision, recall, f1}
}

/** Micro-averaged figures over every article. */
export function totals(scores: ArticleScore[]) {
  const sum = (pick: (score: ArticleScore) => Counts): Counts => ({
    tp: scores.reduce((total, score) => total + pick(score).tp, 0),
    predicted: scores.reduce((total, score) => total + pick(score).predicted, 0),
    gold: scores.reduce((total, score) => total + pick(score).gold, 0),
  })
  const found = scores.reduce((total, score) => total + score.speaker.found, 0)
  const correct = scores.reduce((total, score) => total + score.speaker.correct, 0)
  return {
    quotes: metric(sum((score) => score.quotes)),
    persons: metric(sum((score) => score.persons)),
    organizations: metric(sum((score) => score.organizations)),
    speakerAccuracy: {found, correct, value: found === 0 ? 0 : correct / found},
  }
}
