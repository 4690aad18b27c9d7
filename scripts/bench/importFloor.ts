/**
 * The floor of an import, as a process: read the corpus CSV, split each body into paragraphs, write NDJSON. No
 * extraction, no validation: what any importer of this corpus must at least do. `npm run bench:import` runs it.
 */
import {readFileSync, writeFileSync} from 'node:fs'

import {readCorpus} from '../../importer/source/readCorpus'

const [csv, out] = process.argv.slice(2)
const corpus = readCorpus(readFileSync(csv!))
const lines = corpus.rows.map((row) =>
  JSON.stringify({_id: `article-${row.id}`, _type: 'article', title: row.meta.title, body: new TextDecoder().decode(row.body).split(/\r?\n/).filter((line) => line.trim())}),
)
writeFileSync(out!, lines.map((line) => `${line}\n`).join(''))
