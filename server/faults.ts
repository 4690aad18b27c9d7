import {mulberry32} from '../model/mulberry32'

/**
 * Failure injection, for testing how a client copes with a flaky API: a share of requests is answered with a rate
 * limit (429, `retry-after: 1`), an outage (503) or a dropped connection instead of being served. With a seed the
 * sequence of decisions is the same on every run, so a test that saw a failure sees it again.
 */
export type Fault = 'rateLimited' | 'unavailable' | 'dropped'

const FAULTS: readonly Fault[] = ['rateLimited', 'unavailable', 'dropped']

/** Decides, request by request, whether to fail it and how. `rate` is the share of requests failed, 0 to 1. */
export function faultInjector(rate: number, seed: number): () => Fault | undefined {
  const random = mulberry32(seed)
  return () => {
    if (rate <= 0) return undefined
    // Two draws per failed request: whether (always drawn, so the sequence does not depend on the rate) and how.
    const fail = random() < rate
    return fail ? FAULTS[Math.floor(random() * FAULTS.length)] : undefined
  }
}
