/**
 * Fails when the committed TypeGen output (schema.json, sanity.types.ts) is not what the current schema and
 * queries generate. Regenerates in place, compares, and puts the committed files back either way, so the
 * check never leaves the work tree changed.
 */
import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'

import {exitWhenFlushed} from './cli'

const GENERATED = ['schema.json', 'sanity.types.ts']

const committed = new Map(GENERATED.map((file) => [file, readFileSync(file, 'utf8')]))
let stale: string[] = []
try {
  execFileSync('npm', ['run', '--silent', 'typegen'], {stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, DO_NOT_TRACK: '1'}})
  stale = GENERATED.filter((file) => readFileSync(file, 'utf8') !== committed.get(file))
} finally {
  for (const [file, text] of committed) writeFileSync(file, text)
}
if (stale.length > 0) {
  console.error(`TypeGen output is stale: ${stale.join(', ')}. Run \`npm run typegen\` and commit the result.`)
  await exitWhenFlushed(1)
}
console.log(`TypeGen output is up to date (${GENERATED.join(', ')}).`)
