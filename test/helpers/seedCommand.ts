import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, join, resolve} from 'node:path'

import type {NewsDocument} from '../../model/documents'

export const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'node_modules/.bin')

export interface SeedRun {
  args: string[]
  status: number | null
  stdout: string
  stderr: string
}

/**
 * How `npm run <script>` runs a script: the project's Node with tsx's loader (`node --import tsx scripts/x.ts`),
 * one process that gets the signals itself.
 */
export const NODE = join(BIN, 'node')
export const scriptArgs = (script: string, args: readonly string[]): string[] => ['--import', 'tsx', script, ...args]

/**
 * Runs `scripts/seed.ts ARGS` as `npm run seed` would, from the project root. node_modules/.bin goes first on PATH
 * so that anything it starts finds the project's Node, not whatever the machine has.
 */
export function runSeed(args: string[], env: Record<string, string> = {}): SeedRun {
  const result = spawnSync(NODE, scriptArgs('scripts/seed.ts', args), {
    cwd: ROOT,
    encoding: 'utf8',
    env: {...process.env, DO_NOT_TRACK: '1', NO_COLOR: '1', FORCE_COLOR: '0', PATH: `${BIN}${delimiter}${process.env.PATH ?? ''}`, ...env},
    maxBuffer: 64 * 1024 * 1024,
    timeout: 25_000,
  })
  if (result.error) throw result.error
  return {args, status: result.status, stdout: result.stdout, stderr: result.stderr}
}

/** The whole run, for assertion messages: what a user would have seen in the terminal. */
export function shown(run: SeedRun): string {
  return `seed ${run.args.join(' ')}\nexit ${run.status}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`
}

/** Non-empty lines of a stream. */
export const linesOf = (text: string): string[] => text.split('\n').filter((line) => line.trim() !== '')

/** Parses NDJSON strictly: every non-empty line must be one JSON document with `_id` and `_type`. */
export function parseNdjson(text: string): NewsDocument[] {
  return linesOf(text).map((line, at) => {
    const document = JSON.parse(line) as NewsDocument
    if (typeof document?._id !== 'string' || typeof document._type !== 'string') {
      throw new Error(`line ${at + 1} is not a document: ${line.slice(0, 120)}`)
    }
    return document
  })
}

export const readDataset = (path: string): NewsDocument[] => parseNdjson(readFileSync(path, 'utf8'))

/** Fresh directories under the system temp dir, removed by `cleanup()`. */
export class TempDirs {
  private readonly made: string[] = []

  make(): string {
    const dir = mkdtempSync(join(tmpdir(), 'seed-command-'))
    this.made.push(dir)
    return dir
  }

  cleanup(): void {
    for (const dir of this.made.splice(0)) if (existsSync(dir)) rmSync(dir, {recursive: true, force: true})
  }
}

/** The source article's title, and what it becomes (see seedArticle.test.ts): 1 article, 3 persons, 5 organizations, 2 quotes. */
export const SEED_TITLE =
  'Langkah Presiden Armenia, Armen Sarkissian, meminta bantuan Pakta Pertahanan Atlantik Utara (NATO) menjadi sorotan.'
export const SEED_DOCUMENTS = 11

/** A small hand-written story: a minister, one quote attributed with "kata Tito", an editor credit. */
export const TITO_LINES = [
  'Menteri Dalam Negeri Tito Karnavian mengatakan pemerintah siap.',
  '"Kami akan bekerja keras untuk rakyat," kata Tito di Jakarta, Senin (1/1/2024).',
  'Editor: Budi Santoso',
]
export const TITO = `${TITO_LINES.join('\n')}\n`

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** A line of the per-document report: `  created        person        Jens Stoltenberg`. */
export const reportLine = (action: string, type: string, description: string): RegExp =>
  new RegExp(`^  ${escapeRegExp(action)}\\s+${type}\\s+${escapeRegExp(description)}`, 'm')

export function writeInput(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

/** Replaces one document's line in an NDJSON file, keeping every other line byte for byte; returns the new text. */
export function editLine(path: string, id: string, edit: (document: NewsDocument) => NewsDocument): string {
  let found = false
  const edited = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => {
      if (line.trim() === '' || (JSON.parse(line) as NewsDocument)._id !== id) return line
      found = true
      return JSON.stringify(edit(JSON.parse(line) as NewsDocument))
    })
    .join('\n')
  if (!found) throw new Error(`${path} has no document ${id}`)
  writeFileSync(path, edited)
  return edited
}
