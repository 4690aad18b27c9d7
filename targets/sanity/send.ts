import type {MutationOutcome, SanityApi, SanityMutation} from './api'
import {RateLimiter, realClock, type Clock} from './rateLimit'

/** What a failed request means for the import. */
export type FailureKind =
  /** 429, 502, 503, 504 or a connection that failed: try again after a while. */
  | 'retry'
  /** 401/403: the token is wrong or may not write here; nothing else will succeed either. */
  | 'unauthorized'
  /** A guarded patch found another revision: someone wrote the document since it was read (maybe this import). */
  | 'revisionConflict'
  /** Anything else (a 4xx for the content, a 500): sending it again gives the same answer. */
  | 'rejected'

export interface Failure {
  kind: FailureKind
  status?: number
  /** How long the API asked to wait (retry-after), in milliseconds. */
  retryAfterMs?: number
  /** One line for a person: the status and Sanity's description, or the connection error. Never headers. */
  message: string
  /** For a refused transaction: which mutations (by index in the request) Sanity named, and why. */
  items?: {index: number; description: string}[]
}

/** A request that failed for good: after the last attempt, or at once when retrying cannot help. */
export class SendFailure extends Error {
  override name = 'SendFailure'

  constructor(
    readonly failure: Failure,
    readonly attempts: number,
  ) {
    super(failure.message)
  }
}

export interface RetryPolicy {
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = {maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 10_000}

export interface SenderOptions {
  retry?: RetryPolicy
  /** Mutation requests started per second, at most (Sanity: 25 per IP). */
  mutationsPerSecond?: number
  clock?: Clock
  random?: () => number
}

/** Counts of what went over the wire, for the summary and the benchmark. */
export interface SendStats {
  readRequests: number
  mutationRequests: number
  retries: number
  /** Request bodies of mutations, in bytes (retries included). */
  mutationBytes: number
}

/**
 * Sends requests with retries: exponential backoff with jitter, at least as long as a 429's retry-after, up to a
 * cap on attempts. Mutations also pass the rate limiter. Resending a transaction is safe only because the import's
 * transactions are idempotent (createIfNotExists, createOrReplace, patches guarded by ifRevisionID): the caller
 * builds them so.
 */
export class Sender {
  readonly stats: SendStats = {readRequests: 0, mutationRequests: 0, retries: 0, mutationBytes: 0}
  private readonly limiter: RateLimiter
  private readonly retry: RetryPolicy
  private readonly clock: Clock
  private readonly random: () => number

  constructor(
    private readonly api: SanityApi,
    options: SenderOptions = {},
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY
    this.clock = options.clock ?? realClock
    this.random = options.random ?? Math.random
    this.limiter = new RateLimiter(options.mutationsPerSecond ?? 25, this.clock)
  }

  read<R>(query: string, params: Record<string, unknown>, perspective: 'raw' | 'published'): Promise<R> {
    return this.withRetries(() => {
      this.stats.readRequests++
      return this.api.query<R>(query, params, perspective)
    })
  }

  send(mutations: readonly SanityMutation[], bytes: number): Promise<MutationOutcome[]> {
    return this.withRetries(async () => {
      await this.limiter.acquire()
      this.stats.mutationRequests++
      this.stats.mutationBytes += bytes
      return this.api.mutate(mutations)
    })
  }

  private async withRetries<R>(request: () => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request()
      } catch (error) {
        const failure = classifyFailure(error)
        if (failure.kind !== 'retry' || attempt >= this.retry.maxAttempts) throw new SendFailure(failure, attempt)
        if (failure.retryAfterMs !== undefined) this.limiter.pauseFor(failure.retryAfterMs)
        this.stats.retries++
        await this.clock.sleep(backoffDelay(attempt, failure.retryAfterMs, this.retry, this.random()))
      }
    }
  }
}

/**
 * The wait before attempt `attempt + 1`: base * 2^(attempt-1), capped, with "equal jitter" (half fixed, half random)
 * so that requests that failed together do not all come back together; never shorter than retry-after.
 */
export function backoffDelay(attempt: number, retryAfterMs: number | undefined, policy: RetryPolicy, random: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  const jittered = exponential / 2 + (random * exponential) / 2
  return Math.max(jittered, retryAfterMs ?? 0)
}

const RETRY_STATUSES = new Set([429, 502, 503, 504])
const CONNECTION_FAILURE = /fetch failed|socket|hang up|ECONN|EPIPE|network|timed? ?out|terminated|aborted/i

/** Reads what @sanity/client (or the network below it) threw. */
export function classifyFailure(error: unknown): Failure {
  const status = typeof (error as {statusCode?: unknown})?.statusCode === 'number' ? (error as {statusCode: number}).statusCode : undefined
  if (status === undefined) {
    const code = (error as {code?: unknown})?.code ?? (error as {cause?: {code?: unknown}})?.cause?.code
    const text = error instanceof Error ? error.message : String(error)
    // A request that got no answer (reset, refused, timed out): it may or may not have been applied.
    if (typeof code === 'string' || CONNECTION_FAILURE.test(text)) {
      return {kind: 'retry', message: `connection failed (${typeof code === 'string' ? code : oneLine(text)})`}
    }
    return {kind: 'rejected', message: oneLine(text)}
  }
  const details = (error as {details?: {type?: unknown; description?: unknown; items?: {index?: unknown; error?: {type?: unknown; description?: unknown}}[]}}).details
  const description = typeof details?.description === 'string' ? details.description : undefined
  const message = `HTTP ${status}${description ? `: ${oneLine(description)}` : ''}`
  if (RETRY_STATUSES.has(status)) {
    const retryAfterMs = parseRetryAfter((error as {response?: {headers?: Record<string, unknown>}}).response?.headers?.['retry-after'])
    return {kind: 'retry', status, message, ...(retryAfterMs === undefined ? {} : {retryAfterMs})}
  }
  if (status === 401 || status === 403) return {kind: 'unauthorized', status, message}
  const itemTypes = (details?.items ?? []).map((item) => item.error?.type)
  if (status === 409 && itemTypes.includes('documentRevisionIDDoesNotMatchError')) return {kind: 'revisionConflict', status, message}
  const items = (details?.items ?? []).flatMap((item) =>
    typeof item.index === 'number' ? [{index: item.index, description: oneLine(String(item.error?.description ?? message))}] : [],
  )
  return {kind: 'rejected', status, message, ...(items.length > 0 ? {items} : {})}
}

/** `retry-after` is seconds or an HTTP date. */
function parseRetryAfter(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

const oneLine = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 300 ? `${line.slice(0, 299)}…` : line
}
