/**
 * What a user loses when things go wrong around the importer: output into a pipe, two writers on one dataset file,
 * a process killed halfway, a dataset file that is not what it should be. Each test runs the command as a user
 * would (a child process) and checks what is on disk or in the pipe afterwards.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {afterAll, afterEach, describe, expect, it} from 'vitest'

import {selfSignedCertificate} from '../server/tlsCertificate'
import {DEFAULT_SOURCE} from '../seed/sources'
import {runSeedAsync, SANITY_TOKEN, SanityServers} from './helpers/sanityTarget'
import {linesOf, NODE, readDataset, ROOT, runSeed, scriptArgs, shown, TempDirs} from './helpers/seedCommand'
import {CORPUS, hasShared, NEEDS_SHARED} from './helpers/shared'

const BIN = join(ROOT, 'node_modules/.bin')
const dirs = new TempDirs()
afterAll(() => dirs.cleanup())

interface PipedRun {
  status: number | null
  lines: number
  stderr: string
}

/**
 * `scripts/seed.ts ARGS` with stdout into a real pipe whose reader takes nothing until the command has printed
 * its summary: whatever the command does not wait to flush is lost, as with a slow `| jq`.
 */
function runIntoSlowPipe(args: string[]): Promise<PipedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, scriptArgs('scripts/seed.ts', args), {
      cwd: ROOT,
      env: {...process.env, DO_NOT_TRACK: '1', NO_COLOR: '1', PATH: `${BIN}${delimiter}${process.env.PATH ?? ''}`},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').pause()
    child.stdout.on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      if (/Dry run: nothing written/.test(stderr)) setTimeout(() => child.stdout.resume(), 300)
    })
    child.on('error', reject)
    child.on('close', (status) => resolve({status, lines: stdout.split('\n').filter(Boolean).length, stderr}))
  })
}

describe('npm run seed -- --out - into a pipe', () => {
  it.skipIf(!hasShared(CORPUS))(`delivers every document of the corpus to a reader slower than the import ${NEEDS_SHARED}`, {timeout: 120_000}, async () => {
    const run = await runIntoSlowPipe(['--csv', CORPUS, '--out', '-'])

    expect(run.status, run.stderr.slice(-500)).toBe(0)
    const reported = Number(/(\d+) document\(s\)/.exec(run.stderr)?.[1])
    expect(reported).toBeGreaterThan(5000)
    expect(run.lines).toBe(reported)
  })
})

/** One writer per dataset file. */
describe('npm run seed on a dataset that a server is serving', () => {
  const servers = new SanityServers()
  afterEach(() => servers.closeAll())
  afterAll(() => servers.dirs.cleanup())

  it.skipIf(!hasShared(CORPUS))(
    `writes the corpus through the server while an editor saves every 20 ms, and loses none of either ${NEEDS_SHARED}`,
    {timeout: 240_000},
    async () => {
      const target = await servers.start()
      // An editor at work: a new note, then a change to the same document, each saved once the last is acknowledged.
      const acknowledged = new Map<string, string>()
      let editing = true
      const editor = (async () => {
        for (let n = 1; editing; n++) {
          const id = `editor-note-${n % 7}`
          const text = `catatan ${n}`
          await target.client.createOrReplace({_id: id, _type: 'editorNote', text})
          acknowledged.set(id, text)
          await sleep(20)
        }
      })()

      const run = await runSeedAsync(['--csv', CORPUS, '--dataset', target.path], {SANITY_LOCAL_TOKEN: SANITY_TOKEN}, 200_000)
      editing = false
      await editor

      expect(run.status, shown(run)).toBe(0)
      expect(run.stderr).toContain(`note: ${target.path} is served by npm run serve at ${target.server.url}`)
      const created = Number(/(\d+) document\(s\): (\d+) created/.exec(run.stdout)?.[2])
      expect(created).toBeGreaterThan(5000)
      const documents = readDataset(target.path)
      const imported = documents.filter((document) => ['article', 'person', 'organization', 'quote'].includes(document._type))
      expect(imported).toHaveLength(created)
      const notes = new Map(documents.filter((document) => (document._type as string) === 'editorNote').map((document) => [document._id, document.text]))
      expect(acknowledged.size).toBe(7)
      expect(notes).toEqual(acknowledged)
      expect(run.stdout + run.stderr).not.toContain(SANITY_TOKEN)
    },
  )

  it('refuses with one line naming the server when it has no token for it, and writes nothing', {timeout: 60_000}, async () => {
    const target = await servers.start()
    const before = readFileSync(target.path)

    const run = await runSeedAsync(['--dataset', target.path], {})

    expect(run.status, shown(run)).toBe(1)
    expect(linesOf(run.stderr)).toEqual([
      `error: ${target.path} is served by npm run serve at ${target.server.url} (pid ${process.pid}); set SANITY_LOCAL_TOKEN to that server's token to write through it, or stop the server; nothing was written`,
    ])
    expect(readFileSync(target.path).equals(before)).toBe(true)
  })

  it('refuses to write under the local Studio, whose certificate it cannot check, naming it', {timeout: 60_000}, async () => {
    const target = await servers.start({tls: selfSignedCertificate(), command: 'npm run studio:local'})

    const run = await runSeedAsync(['--dataset', target.path], {SANITY_LOCAL_TOKEN: SANITY_TOKEN})

    expect(run.status, shown(run)).toBe(1)
    expect(linesOf(run.stderr)).toEqual([
      `error: ${target.path} is open in npm run studio:local at ${target.server.url} (pid ${process.pid}); stop it (Ctrl-C), seed, then start it again; nothing was written`,
    ])
    expect(readFileSync(target.path, 'utf8')).toBe('')
  })

  it('lets a second server refuse the file, naming the first', {timeout: 30_000}, async () => {
    const target = await servers.start()
    await expect(servers.startOn(target.path)).rejects.toThrow(
      `${target.path} is already served by npm run serve at ${target.server.url} (pid ${process.pid}); use that server, or stop it first`,
    )
  })
})

describe('two seeds on one dataset file', () => {
  it.skipIf(!hasShared(CORPUS))(`run one after the other: the second waits, and the file ends with both imports ${NEEDS_SHARED}`, {timeout: 240_000}, async () => {
    const dataset = join(dirs.make(), 'production.ndjson')
    const corpus = runSeedAsync(['--csv', CORPUS, '--dataset', dataset], {}, 200_000)
    await until(() => existsSync(`${dataset}.lock`))
    const article = runSeedAsync(['--dataset', dataset], {}, 200_000)
    const [first, second] = await Promise.all([corpus, article])

    expect(first.status, shown(first)).toBe(0)
    expect(second.status, shown(second)).toBe(0)
    expect(second.stderr).toMatch(new RegExp(`^waiting: ${escape(dataset)} is being written by npm run seed \\(pid \\d+\\)$`, 'm'))
    const articles = readDataset(dataset).filter((document) => document._type === 'article')
    expect(articles.length).toBeGreaterThan(990)
    expect(articles.some((document) => (document.provenance as {sourceName: string}).sourceName === DEFAULT_SOURCE)).toBe(true)
    expect(existsSync(`${dataset}.lock`)).toBe(false)
  })

  it('takes over the lock of a seed that was killed', {timeout: 30_000}, () => {
    const dir = dirs.make()
    const dataset = join(dir, 'production.ndjson')
    writeFileSync(`${dataset}.lock`, JSON.stringify({pid: 999_999, kind: 'seed', command: 'npm run seed', startedAt: '2026-01-01T00:00:00.000Z'}))

    const run = runSeed(['--dataset', dataset])

    expect(run.status, shown(run)).toBe(0)
    expect(readDataset(dataset).length).toBeGreaterThan(5)
    expect(readdirSync(dir)).toEqual(['production.ndjson'])
  })
})

describe('npm run seed stopped halfway', () => {
  /**
   * `npm run seed -- ARGS` as a terminal runs it: in a process group of its own, which Ctrl-C signals as a whole.
   * With an empty analysis cache, so that it is still reading the texts when the signal comes.
   */
  function npmSeed(args: string[]): ChildProcess {
    return spawn('npm', ['run', '--silent', 'seed', '--', ...args], {
      cwd: ROOT,
      detached: true,
      env: {...process.env, DO_NOT_TRACK: '1', PATH: `${BIN}${delimiter}${process.env.PATH ?? ''}`, NEWS_CACHE_DIR: dirs.make()},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  }

  it.skipIf(!hasShared(CORPUS) || process.platform !== 'linux').each([
    {how: 'kill of npm (SIGTERM)', stop: (child: ChildProcess) => process.kill(child.pid!, 'SIGTERM')},
    {how: 'Ctrl-C (SIGINT to the process group)', stop: (child: ChildProcess) => process.kill(-child.pid!, 'SIGINT')},
  ])(`stops the import at $how: no process left to write later, no dataset, no lock, no temp file ${NEEDS_SHARED}`, {timeout: 60_000}, async ({stop}) => {
    const dir = dirs.make()
    const dataset = join(dir, 'production.ndjson')
    const child = npmSeed(['--csv', CORPUS, '--dataset', dataset])
    const exited = new Promise((resolve) => child.on('exit', resolve))
    // The lock is taken once the corpus is read: the import is under way.
    await until(() => existsSync(`${dataset}.lock`))

    stop(child)
    await exited

    await until(() => processesNaming(dataset).length === 0, 10_000)
    expect(processesNaming(dataset)).toEqual([])
    expect(readdirSync(dir)).toEqual([])
  })
})

/** Processes whose command line names `text` (Linux /proc). */
function processesNaming(text: string): string[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid).flatMap((pid) => {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
      return command.includes(text) ? [`${pid}: ${command}`] : []
    } catch {
      return []
    }
  })
}

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waited too long')
    await sleep(25)
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
