/**
 * npm run serve [-- --port 3334] [--dataset data/production.ndjson] [--name production] [--query-timeout SECONDS]
 *                  [--latency MS] [--failure-rate R] [--seed N] [--verbose] [--debug]
 *
 * Serves the local dataset on 127.0.0.1 with the part of Sanity's HTTP API that @sanity/client uses, so that code
 * written against Sanity runs against the local file. Public documents are readable by anyone; drafts, dotted ids
 * and mutations need `Authorization: Bearer $SANITY_LOCAL_TOKEN`, and the server does not start without that variable.
 */
import {parseArgs} from 'node:util'

import {StartupError} from '../model/errors'
import {DEFAULT_DATASET_NAME, DEFAULT_PORT, DEFAULT_QUERY_TIMEOUT_MS, startServer} from '../server/startServer'
import {describeHolder} from '../model/datasetLock'
import {DEFAULT_DATASET} from '../model/ndjson'
import {queryTimeoutMs, runCli, stopOnSignal} from './cli'

const USAGE =
  'usage: npm run serve -- [--port N] [--dataset PATH] [--name NAME] [--query-timeout SECONDS] [--latency MS] [--failure-rate 0..1] [--seed N] [--verbose]'

async function main(argv: string[]): Promise<void> {
  const {values} = parseArgs({
    args: argv,
    options: {
      port: {type: 'string', default: String(DEFAULT_PORT)},
      dataset: {type: 'string', default: DEFAULT_DATASET},
      name: {type: 'string', default: DEFAULT_DATASET_NAME},
      'query-timeout': {type: 'string', default: String(DEFAULT_QUERY_TIMEOUT_MS / 1000)},
      latency: {type: 'string', default: '0'},
      'failure-rate': {type: 'string', default: '0'},
      seed: {type: 'string'},
      verbose: {type: 'boolean', default: false},
      debug: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false},
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const token = process.env.SANITY_LOCAL_TOKEN
  if (!token) throw new StartupError('SANITY_LOCAL_TOKEN is not set; set it to the token clients must send to mutate and to read drafts')

  const server = await startServer({
    datasetPath: values.dataset,
    datasetName: values.name,
    port: number('--port', values.port),
    token,
    queryTimeoutMs: queryTimeoutMs(values['query-timeout'], USAGE),
    latencyMs: number('--latency', values.latency),
    failureRate: number('--failure-rate', values['failure-rate']),
    seed: values.seed === undefined ? undefined : number('--seed', values.seed),
    log: values.verbose ? (line) => console.log(line) : undefined,
    onWait: (holder) => console.log(`Waiting: ${values.dataset} is being written by ${describeHolder(holder)}`),
  })
  // Said once the query workers have read the dataset too: from then on a query does not wait for one to start.
  await server.queriesReady()
  const faults = Number(values['failure-rate']) > 0 ? `, failing ${values['failure-rate']} of requests` : ''
  const latency = Number(values.latency) > 0 ? `, ${values.latency} ms latency` : ''
  console.log(`Serving ${values.dataset} as dataset "${values.name}" at ${server.url}${latency}${faults} (Ctrl-C stops)`)

  stopOnSignal(server)
}

/** A numeric flag; anything else is a usage error naming the flag. */
function number(flag: string, text: string): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value)) throw new StartupError(`${flag} takes a number (got ${JSON.stringify(text)}); ${USAGE}`)
  return value
}

runCli(() => main(process.argv.slice(2)), {usage: USAGE})
