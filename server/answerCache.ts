import type {QueryAnswer, QueryJob} from './queryEvaluation'

/**
 * Answers to queries, kept until the dataset changes: a front end asks the same few queries again and again
 * (every visitor of an article page asks that page's query), and between two writes the same query over the same
 * documents has the same answer. Every write and every reread of the file empties it, and an answer computed
 * before a write is never kept after it. Kept: 200 answers of queries that read no clock (`now()` differs from one
 * call to the next), up to a total size, the least recently used dropped first.
 */
export class AnswerCache {
  private readonly answers = new Map<string, QueryAnswer>()
  private bytes = 0
  /** Counts the changes; an answer is kept only if none came while it was computed. */
  private generation = 0

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  /** The key under which `job`'s answer is kept, or undefined for a query whose answer must not be kept. */
  keyOf(job: QueryJob): string | undefined {
    if (READS_CLOCK.test(job.query)) return undefined
    return JSON.stringify([job.perspective, job.caller, job.returnQuery, job.query, job.params])
  }

  get(key: string): QueryAnswer | undefined {
    const answer = this.answers.get(key)
    if (answer) {
      this.answers.delete(key)
      this.answers.set(key, answer)
    }
    return answer
  }

  /** What to hand `set` with an answer, so it can tell whether the dataset changed meanwhile. */
  get now(): number {
    return this.generation
  }

  set(key: string, answer: QueryAnswer, askedAt: number): void {
    const size = key.length + answer.json.length
    if (askedAt !== this.generation || answer.status !== 200 || size > this.maxBytes / 8) return
    this.drop(key)
    this.answers.set(key, answer)
    this.bytes += size
    for (const [oldest] of this.answers) {
      if (this.bytes <= this.maxBytes) break
      this.drop(oldest)
    }
  }

  /** The dataset changed: every answer kept may be wrong now. */
  clear(): void {
    this.generation++
    this.answers.clear()
    this.bytes = 0
  }

  get size(): number {
    return this.answers.size
  }

  private drop(key: string): void {
    const answer = this.answers.get(key)
    if (!answer) return
    this.answers.delete(key)
    this.bytes -= key.length + answer.json.length
  }
}

/** Counted in UTF-16 units, which is near enough for a limit. */
const DEFAULT_MAX_BYTES = 64 * 2 ** 20
/** `now()`, `global::now()`, `dateTime::now()`: an answer that reads the clock holds only for the moment it was made. */
const READS_CLOCK = /\bnow\s*\(/
