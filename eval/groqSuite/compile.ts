import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

/** A dataset entry of the compiled suite (the suite's README, "Using the test suite"). */
export interface SuiteDataset {
  _id: string
  _type: 'dataset'
  name: string
  url: string
  /** Absent for datasets the suite fetches from a URL (`movies`, used only by `perf/`). */
  documents?: SuiteDocument[]
}

export interface SuiteDocument {
  _id: string
  _type: string
  [field: string]: unknown
}

/** A test entry of the compiled suite; `result` is null for an invalid query, which must be refused. */
export interface SuiteTest {
  _id: string
  _type: 'test'
  name: string
  /** The YAML file it came from, relative to the suite's `test/` (`operator/in.yml`). */
  filename: string
  query: string
  result: unknown
  valid: boolean
  params: Record<string, unknown> | null
  /** A semver range of GROQ versions (`>= 1.1`); absent: every version. */
  version?: string
  features: string[]
  dataset: {_type: 'reference'; _ref: string}
}

export interface CompiledSuite {
  datasets: Map<string, SuiteDataset>
  tests: SuiteTest[]
}

/**
 * The project's node_modules, where build.js finds what it requires: js-yaml 3 (`safeLoad`, gone in 4), glob 8
 * (the callback API it promisifies), ndjson 1 (`serialize`, gone in 2), minimist, and prettier (required, unused).
 */
const NODE_MODULES = resolve(import.meta.dirname, '../../node_modules')

/**
 * Compiles the suite's YAML into tests and datasets with the suite's own compiler, `src/build.js`, run as it is
 * (not ported): its expansion rules (inherited fields, `~variable~` combinations, the generated filter, fetch and
 * join variants and their dataset) are the suite's definition of what a test is, and a port could drift from them.
 * It runs in a temporary directory (it writes its output file there) and reads the YAML from `suiteDir`.
 */
export function compileSuite(suiteDir: string): CompiledSuite {
  const buildScript = join(suiteDir, 'src/build.js')
  if (!existsSync(buildScript)) throw new Error(`${buildScript}: no such file; is ${suiteDir} the groq-test-suite?`)
  const workDir = mkdtempSync(join(tmpdir(), 'groq-suite-'))
  try {
    const out = join(workDir, 'suite.ndjson')
    const run = spawnSync(process.execPath, [buildScript, `--out=${out}`], {
      cwd: workDir,
      env: {...process.env, NODE_PATH: NODE_MODULES},
      encoding: 'utf8',
    })
    if (run.error) throw new Error(`${buildScript} could not be run: ${run.error.message}`)
    if (run.status !== 0) throw new Error(`${buildScript} failed (exit ${run.status}): ${(run.stderr || run.stdout).trim().split('\n')[0]}`)
    return readCompiled(readFileSync(out, 'utf8'))
  } finally {
    rmSync(workDir, {recursive: true, force: true})
  }
}

function readCompiled(ndjson: string): CompiledSuite {
  const datasets = new Map<string, SuiteDataset>()
  const tests: SuiteTest[] = []
  for (const line of ndjson.split('\n')) {
    if (line.trim() === '') continue
    const entry = JSON.parse(line) as SuiteDataset | SuiteTest
    if (entry._type === 'dataset') datasets.set(entry._id, entry)
    else tests.push(entry)
  }
  return {datasets, tests}
}
