import {evaluate, parse} from 'groq-js'

import type {StoredDocument} from '../../dataset/documentStore'

/**
 * The same documents as a `DocumentStore`, in the same order, answered by plain groq-js scanning every one: what
 * the store must answer whatever its planner does. `put` mirrors the store's: a document put again (replaced)
 * moves to the end.
 */
export class FullScan {
  private documents: StoredDocument[]

  constructor(documents: Iterable<StoredDocument> = []) {
    this.documents = []
    for (const document of documents) this.put(document)
  }

  put(document: StoredDocument): void {
    this.documents = [...this.documents.filter((existing) => existing._id !== document._id), document]
  }

  delete(id: string): void {
    this.documents = this.documents.filter((existing) => existing._id !== id)
  }

  all(): StoredDocument[] {
    return this.documents
  }

  async query(query: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const byId = new Map(this.documents.map((document) => [document._id, document]))
    const value = await evaluate(parse(query, {params}), {dataset: this.documents, params, dereference: ({_ref}) => byId.get(_ref) ?? null})
    return value.get()
  }
}

/** A query's answer, or the message it failed with: a store must fail where groq-js fails, with the same error. */
export async function answerOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run()
  } catch (error) {
    return {error: (error as Error).message}
  }
}
