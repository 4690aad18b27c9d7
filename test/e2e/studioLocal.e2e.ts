/**
 * `npm run studio:local` when it cannot start: one `error:` line a user can act on, exit 1, and the dataset file
 * exactly as it was. Runs the script as a user would (tsx in a child process), with --no-build so that it fails
 * before building (the checks come first in any case).
 */
import {spawn} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {createServer, type Server, type Socket} from 'node:net'
import {delimiter, join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {startServer} from '../../server/startServer'
import {selfSignedCertificate} from '../../server/tlsCertificate'
import {TOKEN} from '../helpers/server'
import {linesOf, ROOT, runSeed, TempDirs} from '../helpers/seedCommand'

const dirs = new TempDirs()
afterAll(() => dirs.cleanup())

/** Runs the command; asynchronously, since one test answers it from a server in this process. */
function studioLocal(args: string[]): Promise<{status: number | null; stderr: string}> {
  const bin = join(ROOT, 'node_modules/.bin')
  const child = spawn(join(bin, 'tsx'), ['scripts/studio-local.ts', '--no-build', ...args], {
    cwd: ROOT,
    env: {...process.env, NO_COLOR: '1', PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`},
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 25_000,
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (status) => resolve({status, stderr}))
  })
}

function seededDataset(): string {
  const path = join(dirs.make(), 'production.ndjson')
  expect(runSeed(['--dataset', path]).status).toBe(0)
  return path
}

/** A port something else listens on, until `close()`. */
async function takenPort(): Promise<{port: number; close: () => Promise<void>}> {
  const server: Server = createServer()
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => sockets.add(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      for (const socket of sockets) socket.destroy()
    })
  return {port, close}
}

describe('npm run studio:local when it cannot start', () => {
  it('names a missing dataset file and how to make one', async () => {
    const missing = join(dirs.make(), 'nothing-here.ndjson')
    const run = await studioLocal(['--dataset', missing, '--port', '0'])
    expect(run.status).toBe(1)
    expect(linesOf(run.stderr)).toEqual([`error: ${missing}: no such dataset file; run \`npm run seed\` first or give --dataset PATH`])
  })

  it('names the line of a corrupt dataset file and leaves the file as it was', async () => {
    const path = join(dirs.make(), 'production.ndjson')
    const corrupt = '{"_id": "person-a", "_type": "person"}\n{"_id": "person-b", \n'
    writeFileSync(path, corrupt)
    const run = await studioLocal(['--dataset', path, '--port', '0'])
    expect(run.status).toBe(1)
    expect(linesOf(run.stderr)).toEqual([`error: ${path}: line 2 is not valid JSON; fix or remove the file`])
    expect(readFileSync(path, 'utf8')).toBe(corrupt)
  })

  it('refuses a --query-timeout that is not a number of seconds above 0', async () => {
    const run = await studioLocal(['--dataset', seededDataset(), '--port', '0', '--query-timeout', 'soon'])
    expect(run.status).toBe(1)
    expect(linesOf(run.stderr)).toEqual([
      'error: --query-timeout takes a number of seconds above 0 (got "soon"); usage: npm run studio:local -- [--port N] [--dataset PATH] [--query-timeout SECONDS] [--no-build] [--verbose]',
    ])
  })

  it('says when the port is taken by something else', async () => {
    const dataset = seededDataset()
    const before = readFileSync(dataset, 'utf8')
    const taken = await takenPort()
    try {
      const run = await studioLocal(['--dataset', dataset, '--port', String(taken.port)])
      expect(run.status).toBe(1)
      expect(linesOf(run.stderr)).toEqual([`error: 127.0.0.1:${taken.port} is already in use; stop what listens there or choose another --port`])
    } finally {
      await taken.close()
    }
    expect(readFileSync(dataset, 'utf8')).toBe(before)
  }, 30_000)

  it('says when it is already running on that port, and where', async () => {
    const dataset = seededDataset()
    const before = readFileSync(dataset, 'utf8')
    const running = await startServer({datasetPath: dataset, port: 0, token: TOKEN, tls: selfSignedCertificate(), command: 'npm run studio:local'})
    try {
      const run = await studioLocal(['--dataset', dataset, '--port', String(running.port)])
      expect(run.status).toBe(1)
      expect(linesOf(run.stderr)).toEqual([
        `error: npm run studio:local is already running at https://127.0.0.1:${running.port}/ for ${dataset}; open that, or stop it (Ctrl-C) first`,
      ])
    } finally {
      await running.close()
    }
    expect(readFileSync(dataset, 'utf8')).toBe(before)
  }, 30_000)
})
