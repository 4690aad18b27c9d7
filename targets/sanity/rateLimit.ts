/** A clock that can be faked in tests: now in milliseconds, and a way to wait. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

/**
 * Sanity allows 25 mutation requests a second per IP. This limiter holds each start until fewer than `perSecond`
 * starts fall in the last second (a sliding window: a fixed one allows twice the rate across its edge), and holds
 * every start while the API has asked, by a 429's retry-after, to wait.
 */
export class RateLimiter {
  private readonly starts: number[] = []
  private pausedUntil = 0
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly perSecond: number,
    private readonly clock: Clock = realClock,
  ) {}

  /** Resolves when one more request may start, and counts it as started. */
  acquire(): Promise<void> {
    // One waiter at a time, so that starts are handed out in order and none jumps the window.
    const turn = this.queue.then(() => this.waitForSlot())
    this.queue = turn
    return turn
  }

  /** The API said "retry after": no request starts before then. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms)
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.clock.now()
      while (this.starts.length > 0 && now - this.starts[0]! >= 1000) this.starts.shift()
      const waitForPause = this.pausedUntil - now
      const waitForWindow = this.starts.length >= this.perSecond ? this.starts[0]! + 1000 - now : 0
      const wait = Math.max(waitForPause, waitForWindow)
      if (wait <= 0) {
        this.starts.push(now)
        return
      }
      await this.clock.sleep(wait)
    }
  }
}
