import {evaluate, parse} from 'groq-js'

import {DocumentStore} from '../../dataset/documentStore'
import type {Outcome} from './judge'
import type {ScopedTest} from './scope'

/** groq-js as its own runner calls it: the test's documents as the dataset, no dereference index. */
export function groqJsOutcome(test: ScopedTest): Promise<Outcome> {
  return outcomeOf(async () => {
    const params = test.params ?? {}
    const value = await evaluate(parse(test.query, {params}), {dataset: test.documents, params})
    return value.get()
  })
}

/** This project's in-memory store (planner and indexes), one per dataset, built once and shared by its tests. */
export function storeRunner(): (test: ScopedTest) => Promise<Outcome> {
  const stores = new Map<string, DocumentStore>()
  return (test) => {
    let store = stores.get(test.dataset._ref)
    if (!store) stores.set(test.dataset._ref, (store = new DocumentStore(test.documents)))
    return outcomeOf(() => store.query(test.query, test.params ?? {}))
  }
}

/** In-process, any error is the query refused: there is no other way for a library to say no. */
async function outcomeOf(answer: () => Promise<unknown>): Promise<Outcome> {
  try {
    return {kind: 'answer', value: await answer()}
  } catch (error) {
    return {kind: 'refused', reason: error instanceof Error ? error.message : String(error)}
  }
}
