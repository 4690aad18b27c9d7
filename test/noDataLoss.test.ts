/**
 * What a user loses when things go wrong around the importer: output into a pipe, two writers on one dataset file,
 * a process killed halfway, a dataset file that is not what it should be. Each test runs the command as a user
 * would (a child process) and checks what is on disk or in the pipe afterwards.
 */
import {spawn} from 'node:child_process'
import {delimiter, join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {ROOT, TempDirs} from './helpers/seedCommand'
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
 * `tsx scripts/seed.ts ARGS` with stdout into a real pipe whose reader takes nothing until the command has printed
 * its summary: whatever the command does not wait to flush is lost, as with a slow `| jq`.
 */
function runIntoSlowPipe(args: string[]): Promise<PipedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(BIN, 'tsx'), ['scripts/seed.ts', ...args], {
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
