import {ImportError} from '../../model/errors'

/** Where `--target sanity` writes, from the environment. The token is never printed: see `describeTarget`. */
export interface SanityConfig {
  projectId: string
  dataset: string
  token: string
  /** The API's base URL when SANITY_API_HOST is set (a local server in tests); otherwise the project's own host. */
  apiHost?: string
  /** How messages name the target, when not by project and dataset (a local server written through). */
  label?: string
  /** The variable the token came from, for messages; default SANITY_API_WRITE_TOKEN. */
  tokenVariable?: string
}

export const ENV = {
  projectId: 'SANITY_PROJECT_ID',
  dataset: 'SANITY_DATASET',
  token: 'SANITY_API_WRITE_TOKEN',
  apiHost: 'SANITY_API_HOST',
} as const

// Sanity's own rules: project ids are lowercase letters, digits and dashes; dataset names start with a letter or
// digit, then up to 63 of lowercase letters, digits, "_" and "-".
const PROJECT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/
const DATASET = /^[a-z0-9][a-z0-9_-]{0,63}$/
/** A token is printable ASCII without spaces or quotes: a pasted newline or surrounding quotes are the usual slips. */
const TOKEN = /^[\x21\x23-\x26\x28-\x7e]+$/

/**
 * Reads and checks the Sanity configuration before anything is sent: one ImportError naming the variable on the
 * first problem. The token's value never appears in a message, only whether it is missing or malformed.
 */
export function readSanityConfig(env: Readonly<Record<string, string | undefined>>): SanityConfig {
  const value = (name: string) => {
    const given = env[name]
    return given === undefined || given.trim() === '' ? undefined : given
  }
  const missing = [ENV.projectId, ENV.dataset, ENV.token].filter((name) => value(name) === undefined)
  if (missing.length > 0) {
    throw new ImportError(
      `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set; --target sanity needs ${ENV.projectId}, ${ENV.dataset} and ${ENV.token} (a token with write access)`,
    )
  }
  const projectId = value(ENV.projectId)!
  const dataset = value(ENV.dataset)!
  const token = value(ENV.token)!
  if (!PROJECT_ID.test(projectId)) {
    throw new ImportError(`${ENV.projectId} ${JSON.stringify(projectId.slice(0, 80))} is not a project id: lowercase letters, digits and "-" (see sanity.io/manage)`)
  }
  if (!DATASET.test(dataset)) {
    throw new ImportError(`${ENV.dataset} ${JSON.stringify(dataset.slice(0, 80))} is not a dataset name: lowercase letters, digits, "_" and "-", at most 64`)
  }
  if (!TOKEN.test(token)) {
    throw new ImportError(`${ENV.token} is malformed: it must be the token alone, without spaces, line breaks or quotes`)
  }
  const apiHost = value(ENV.apiHost)
  return {projectId, dataset, token, ...(apiHost === undefined ? {} : {apiHost: checkApiHost(apiHost)})}
}

/** `https://host[:port]`, or plain http only to this machine: the token goes in a header on every write. */
function checkApiHost(given: string): string {
  let url: URL
  try {
    url = new URL(given)
  } catch {
    throw new ImportError(`${ENV.apiHost} ${JSON.stringify(given.slice(0, 120))} is not a URL (e.g. https://abc12345.api.sanity.io)`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ImportError(`${ENV.apiHost} must be an http(s) URL (got ${url.protocol})`)
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new ImportError(`${ENV.apiHost} must be the API's base URL alone, without a path, query or credentials (e.g. https://abc12345.api.sanity.io)`)
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new ImportError(
      `${ENV.apiHost} ${url.origin} is plain http to another machine: the token would travel unencrypted; use https (http is allowed only for localhost)`,
    )
  }
  return url.origin
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase()
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
}

/** The target in words, for messages and the summary: never the token. */
export function describeTarget(config: SanityConfig): string {
  if (config.label) return config.label
  return `Sanity project "${config.projectId}", dataset "${config.dataset}"${config.apiHost ? ` at ${config.apiHost}` : ''}`
}

/** Puts `***` wherever the token appears in text that is about to be shown: a last guard, not the first one. */
export function redact(text: string, token: string | undefined): string {
  return token && token.length >= 4 ? text.split(token).join('***') : text
}
