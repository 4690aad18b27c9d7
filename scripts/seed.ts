/**
 * npm run seed [-- FILE [--meta FILE]] [--csv FILE] [--dataset PATH] [--out -] [--replace] [--debug]
 * npm run seed -- --target sanity [FILE | --csv FILE] [--replace] [--dry-run]
 *
 * Imports Indonesian news text into linked Sanity documents. Without arguments: the source article in
 * seed/sources/ into the local dataset (data/production.ndjson). With `--target sanity`: into the Sanity dataset
 * that SANITY_PROJECT_ID, SANITY_DATASET and SANITY_API_WRITE_TOKEN name (SANITY_API_HOST for another API host).
 * The import itself is targets/runImport.ts; this script reads the arguments and the input files, picks the target
 * and prints what happened (scripts/seedReport.ts).
 */
import {parseArgs} from 'node:util'

import {SingleBar} from 'cli-progress'

import {AnalysisCache} from '../importer/analysisCache'
import {describeHolder, HeldByServer, type LockHolder} from '../model/datasetLock'
import {ImportError} from '../model/errors'
import {DEFAULT_DATASET} from '../model/ndjson'
import {LocalTarget} from '../targets/localTarget'
import {runImport, type Progress} from '../targets/runImport'
import {ENV, readSanityConfig, redact, type SanityConfig} from '../targets/sanity/config'
import type {Target} from '../targets/target'
import {DEFAULT_SOURCE} from '../seed/sources'
import {interrupted, runCli} from './cli'
import {readInputs} from './inputFiles'
import {printReport} from './seedReport'

/** The token of a local server (`npm run serve`), for writing through it. */
const LOCAL_TOKEN = 'SANITY_LOCAL_TOKEN'
/** Where analyses of texts already read are kept (default node_modules/.cache/sanity-news/analyses). */
const CACHE_DIR = 'NEWS_CACHE_DIR'

const USAGE =
  'usage: npm run seed -- [FILE [--meta FILE] | --csv FILE] [--dataset PATH] [--out -] [--replace] [--target local|sanity] [--dry-run] [--no-cache]'

async function main(argv: string[]): Promise<number> {
  const {values, positionals} = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      meta: {type: 'string'},
      csv: {type: 'string'},
      dataset: {type: 'string'},
      out: {type: 'string'},
      replace: {type: 'boolean', default: false},
      target: {type: 'string', default: 'local'},
      'dry-run': {type: 'boolean', default: false},
      'no-cache': {type: 'boolean', default: false},
      debug: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false},
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (positionals.length > 1) throw new ImportError(`one source file at a time (got ${positionals.length}); ${USAGE}`)
  if (values.csv && positionals.length > 0) throw new ImportError(`give a FILE or --csv, not both; ${USAGE}`)
  if (values.out !== undefined && values.out !== '-') throw new ImportError(`--out takes only "-" (print to stdout)`)
  if (values.target !== 'local' && values.target !== 'sanity') throw new ImportError(`--target is "local" or "sanity" (got ${JSON.stringify(values.target)})`)
  if (values.target === 'sanity') {
    if (values.dataset !== undefined) throw new ImportError(`--dataset names a local dataset file; with --target sanity the dataset is ${ENV.dataset}`)
    if (values.out !== undefined) throw new ImportError('--out - prints documents for the local dataset; with --target sanity use --dry-run')
  } else if (values['dry-run']) {
    throw new ImportError('--dry-run is for --target sanity; for the local dataset, --out - prints the documents and writes nothing')
  }
  // The Sanity configuration is checked before anything is read or sent.
  const sanity = values.target === 'sanity' ? readSanityConfig(process.env) : undefined
  const printDocuments = values.out === '-'
  const dryRun = printDocuments || values['dry-run']

  const {inputs, rejected} = readInputs(values.csv, positionals[0] ?? (values.csv ? undefined : DEFAULT_SOURCE), values.meta)
  const showProgress = inputs.length > 1 && process.stderr.isTTY
  const datasetPath = values.dataset ?? DEFAULT_DATASET
  const target = sanity ? await sanityTarget(sanity) : await openLocal(datasetPath, {write: !dryRun})
  const cache = values['no-cache'] ? undefined : new AnalysisCache(process.env[CACHE_DIR] || undefined)
  try {
    const result = await runImport(inputs, target, {
      rejected,
      replace: values.replace,
      dryRun,
      importedAt: new Date().toISOString(),
      progress: progressBars(showProgress),
      signal: interrupted.signal,
      cache,
    })
    const {outcomes, failed, written} = result
    const inputsFailed = failed.length > 0 && outcomes.length === failed.length ? 1 : 0
    // --out -: the documents on stdout, for `sanity datasets import -` or jq; everything else on stderr.
    const log = printDocuments ? console.error : console.log
    if (cache && cache.hits > 0 && inputs.length > 1) log(`note: ${cache.hits} of ${inputs.length} text(s) read before by this importer, not read again (--no-cache reads every text)`)
    printReport(result, target, inputs.length, log, printDocuments)
    if (!written) return inputsFailed
    for (const {id, problem} of written.unverified) console.error(`error: ${id}: after the import the dataset's document ${problem}`)
    const documentsFailed = written.outcomes.filter((outcome) => outcome.action === 'failed').length
    if (written.unverified.length > 0 || documentsFailed > 0) {
      console.error(`error: ${documentsFailed} document(s) failed and ${written.unverified.length} were not found as written; run again to retry them`)
      return 1
    }
    return inputsFailed
  } finally {
    target.close()
  }
}

/**
 * The local dataset, held for this run; or, when a server holds it, that server's API as the target (the Sanity
 * target's code path, revision-checked, so nothing the server writes meanwhile is lost). That needs the server's
 * token; the Studio's server speaks HTTPS with a certificate made at its start, which this process cannot check.
 */
async function openLocal(path: string, options: {write: boolean}): Promise<Target> {
  try {
    return await LocalTarget.open(path, {write: options.write, onWait: (holder) => console.error(`waiting: ${path} is being written by ${describeHolder(holder)}`)})
  } catch (error) {
    if (!(error instanceof HeldByServer)) throw error
    const target = await sanityTarget(throughServer(path, error.holder))
    console.error(`note: ${path} is served by ${describeHolder(error.holder)}: writing through it`)
    return target
  }
}

/** A Sanity dataset (or a local server's API) as the target; its client is loaded only for such a run. */
async function sanityTarget(config: SanityConfig): Promise<Target> {
  const {SanityTarget} = await import('../targets/sanity/sanityTarget')
  return new SanityTarget(config)
}

function throughServer(datasetPath: string, holder: LockHolder): SanityConfig {
  const server = describeHolder(holder)
  if (!holder.url || !holder.datasetName) throw new ImportError(`${datasetPath} is being opened by ${server}; try again in a moment`)
  if (holder.url.startsWith('https:')) {
    throw new ImportError(`${datasetPath} is open in ${server}; stop it (Ctrl-C), seed, then start it again; nothing was written`)
  }
  const token = process.env[LOCAL_TOKEN]
  if (!token) {
    throw new ImportError(`${datasetPath} is served by ${server}; set ${LOCAL_TOKEN} to that server's token to write through it, or stop the server; nothing was written`)
  }
  return {projectId: 'local', dataset: holder.datasetName, token, apiHost: holder.url, label: `the local server at ${holder.url}`, tokenVariable: LOCAL_TOKEN}
}

/** Bars on a terminal for a batch's import and validation, and for writes that take a while. */
function progressBars(batch: boolean): Progress | undefined {
  if (!process.stderr.isTTY) return undefined
  let bar: SingleBar | undefined
  const labels = {importing: 'importing articles ', validating: 'validating documents', writing: 'writing documents   '}
  return {
    start(stage, total) {
      bar = batch || (stage === 'writing' && total > 100) ? new SingleBar({format: `${labels[stage]} [{bar}] {value}/{total}`, stream: process.stderr}) : undefined
      bar?.start(total, 0)
    },
    update: (done) => bar?.update(done),
    stop() {
      bar?.stop()
      bar = undefined
    },
  }
}

// The token is never in a message this script makes; redacting guards against one that a library made.
runCli(() => main(process.argv.slice(2)), {usage: USAGE, redact: (text) => redact(redact(text, process.env[ENV.token]), process.env[LOCAL_TOKEN])})
