/**
 * npm run query -- '<GROQ>' [--param name=value ...] [--dataset PATH] [--perspective published|raw]
 *
 * Runs a GROQ query against the local dataset and prints the result as JSON. A parameter's value is read as
 * JSON when it is JSON (`--param limit=5`, `--param ids='["a","b"]'`) and as a string otherwise
 * (`--param slug=jens-stoltenberg`).
 */
import {existsSync} from 'node:fs'
import {parseArgs} from 'node:util'

import {GroqSyntaxError} from 'groq-js'

import {DocumentStore} from '../dataset/documentStore'
import {ImportError} from '../model/errors'
import {isDraftId} from '../server/perspective'
import {DEFAULT_DATASET, readLocalDataset} from '../model/ndjson'
import {runCli} from './cli'

let query = ''

const USAGE = "usage: npm run query -- '<GROQ>' [--param name=value ...] [--dataset PATH] [--perspective published|raw]"

async function main(): Promise<number> {
  const {values, positionals} = parseArgs({
    allowPositionals: true,
    options: {
      param: {type: 'string', multiple: true, default: []},
      dataset: {type: 'string', default: DEFAULT_DATASET},
      perspective: {type: 'string', default: 'published'},
    },
  })
  query = positionals[0] ?? ''
  if (!query || positionals.length > 1) throw new ImportError(`give exactly one query; ${USAGE}`)
  if (values.perspective !== 'published' && values.perspective !== 'raw') {
    throw new ImportError(`--perspective must be "published" or "raw", not "${values.perspective}"`)
  }
  const params: Record<string, unknown> = {}
  for (const pair of values.param) {
    const at = pair.indexOf('=')
    const name = pair.slice(0, at)
    if (at < 1 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ImportError(`--param "${pair}": write it as name=value`)
    params[name] = parseValue(pair.slice(at + 1))
  }
  if (!existsSync(values.dataset)) throw new ImportError(`${values.dataset}: no dataset here yet; run \`npm run seed\` first`)
  const documents = [...readLocalDataset(values.dataset).documents.values()]
  // As Sanity's published perspective: drafts (ids under `drafts.`) are not part of the answer.
  const visible = values.perspective === 'raw' ? documents : documents.filter((document) => !isDraftId(document._id))
  const result = await new DocumentStore(visible).query(query, params)
  console.log(JSON.stringify(result ?? null, null, 2))
  return 0
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

runCli(main, {
  usage: USAGE,
  explain: (error) => {
    if (!(error instanceof GroqSyntaxError)) return undefined
    const line = query.split('\n')[error.line - 1] ?? ''
    const where = `error: GROQ syntax error at line ${error.line}, column ${error.column} (position ${error.position}): ${error.message}`
    return line ? [where, `  ${line}\n  ${' '.repeat(Math.max(0, error.column - 1))}^`] : [where]
  },
})
