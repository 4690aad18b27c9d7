/**
 * npm run studio:local [-- --port 3335] [--dataset data/production.ndjson] [--query-timeout SECONDS] [--no-build] [--verbose]
 *                       [--debug]
 *
 * Sanity Studio without an account or a network: builds the Studio's local variant (SANITY_STUDIO_LOCAL_API) into
 * dist-local/ and serves it, with the local dataset behind it, over HTTPS on 127.0.0.1 (a self-signed certificate
 * made at start). Edits and publishes are written to the dataset file as they happen.
 */
import {existsSync} from 'node:fs'
import {request} from 'node:https'
import {join} from 'node:path'
import {parseArgs} from 'node:util'

import {randomId} from '../server/ids'
import {StartupError} from '../model/errors'
import {DatasetServedError, DEFAULT_QUERY_TIMEOUT_MS, startServer} from '../server/startServer'
import {selfSignedCertificate} from '../server/tlsCertificate'
import {buildLocalStudio, LOCAL_STUDIO_DIR} from '../studio/buildLocalStudio'
import {describeHolder} from '../model/datasetLock'
import {DEFAULT_DATASET} from '../model/ndjson'
import {queryTimeoutMs, runCli, stopOnSignal} from './cli'

const DEFAULT_PORT = 3335
const USAGE = 'usage: npm run studio:local -- [--port N] [--dataset PATH] [--query-timeout SECONDS] [--no-build] [--verbose]'

async function main(argv: string[]): Promise<void> {
  const {values} = parseArgs({
    args: argv,
    options: {
      port: {type: 'string', default: String(DEFAULT_PORT)},
      dataset: {type: 'string', default: DEFAULT_DATASET},
      'query-timeout': {type: 'string', default: String(DEFAULT_QUERY_TIMEOUT_MS / 1000)},
      'no-build': {type: 'boolean', default: false},
      verbose: {type: 'boolean', default: false},
      debug: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false},
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const port = Number(values.port)
  if (values.port.trim() === '' || !Number.isInteger(port)) throw new StartupError(`--port takes a whole number (got ${JSON.stringify(values.port)}); ${USAGE}`)
  // Writes from scripts need the token; the Studio writes with its own key and cookie (server/studioSession.ts).
  const token = process.env.SANITY_LOCAL_TOKEN || randomId(32)
  const server = await startServer({
    datasetPath: values.dataset,
    port,
    token,
    queryTimeoutMs: queryTimeoutMs(values['query-timeout'], USAGE),
    tls: selfSignedCertificate(),
    studioDir: LOCAL_STUDIO_DIR,
    log: values.verbose ? (line) => console.log(line) : undefined,
    command: 'npm run studio:local',
    onWait: (holder) => console.log(`Waiting: ${values.dataset} is being written by ${describeHolder(holder)}`),
  }).catch(async (error: unknown) => {
    if (error instanceof DatasetServedError && error.holder.command === 'npm run studio:local' && error.holder.url) {
      throw new StartupError(`npm run studio:local is already running at ${error.holder.url}/ for ${values.dataset}; open that, or stop it (Ctrl-C) first`)
    }
    if (error instanceof StartupError && error.message.includes('already in use') && (await isLocalStudio(port))) {
      throw new StartupError(`npm run studio:local is already running at https://127.0.0.1:${port}/; open that, or stop it (Ctrl-C) first`)
    }
    throw error
  })
  stopOnSignal(server)

  if (values['no-build'] && !existsSync(join(LOCAL_STUDIO_DIR, 'index.html'))) {
    await server.close()
    throw new StartupError(`there is no Studio build in ${LOCAL_STUDIO_DIR}; run without --no-build`)
  }
  if (!values['no-build']) {
    const started = performance.now()
    try {
      buildLocalStudio(LOCAL_STUDIO_DIR)
    } catch (error) {
      await server.close()
      throw error
    }
    console.log(`Built the local Studio into ${LOCAL_STUDIO_DIR} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  console.log(`Studio: ${server.url}/ (dataset ${values.dataset}; self-signed certificate, accept it once; Ctrl-C stops)`)
}

/** Whether what listens on the port is this server: it answers its project endpoint as the local project. */
function isLocalStudio(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const asking = request(
      {host: '127.0.0.1', port, path: '/v2025-02-19/projects/local', rejectUnauthorized: false, timeout: 1000},
      (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (body += chunk))
        response.on('end', () => resolve(body.includes('"News (local)"')))
      },
    )
    asking.on('error', () => resolve(false))
    asking.on('close', () => resolve(false))
    asking.on('timeout', () => asking.destroy())
    asking.end()
  })
}

runCli(() => main(process.argv.slice(2)), {usage: USAGE})
