import type {Clock} from '../../targets/sanity/rateLimit'

/**
 * A clock whose time moves only when everything that can run has run: `run(work)` lets pending callbacks go, then
 * jumps to the earliest sleeper's wake-up time and wakes it, until `work` settles. What a test sees is then the
 * schedule the code asked for, the same on a loaded machine as on an idle one. Code under test must wait only
 * through this clock (no real timers or I/O), or `run` would jump past them.
 */
export class VirtualClock implements Clock {
  private time = 0
  private readonly sleepers: {at: number; order: number; wake: () => void}[] = []
  private order = 0

  now(): number {
    return this.time
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.sleepers.push({at: this.time + Math.max(0, ms), order: this.order++, wake}))
  }

  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false
    const watched = work.finally(() => (settled = true))
    watched.catch(() => undefined)
    for (;;) {
      // setImmediate runs after every pending promise callback: what could run has run.
      await new Promise((resolve) => setImmediate(resolve))
      if (settled) return watched
      this.sleepers.sort((a, b) => a.at - b.at || a.order - b.order)
      const next = this.sleepers.shift()
      if (!next) throw new Error('VirtualClock: the work waits on something other than this clock')
      this.time = Math.max(this.time, next.at)
      next.wake()
    }
  }
}
