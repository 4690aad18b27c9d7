import {existsSync, readFileSync} from 'node:fs'
import nodeModule from 'node:module'

import type {validateDocuments} from '../dataset/validateDocuments'

export type Validate = typeof validateDocuments

/**
 * The validator, loaded when it is first needed: it brings the schema, @sanity/schema and @sanity/validation
 * (date-fns, lodash, i18next), most of a second of module loading. A run that writes nothing never loads it; a run
 * whose texts are read in worker threads and that will write loads it meanwhile (runImport).
 */
export function loadValidator(): Promise<Validate> {
  resolveInsideDateFnsDirectly()
  const loading = import('../dataset/validateDocuments').then((module) => module.validateDocuments)
  // Awaited only when there is something to validate; a failure to load is reported then, not as an unhandled rejection.
  loading.catch(() => {})
  return loading
}

let registered = false

/**
 * Node 24 parses a package's whole "exports" map again for every file it resolves inside that package
 * (getPackageScopeConfig in its package_json_reader spreads the cached package.json, whose "exports" getter parses
 * it). date-fns's map is 190 KB, and @sanity/validation loads some 220 of its files (through date-fns/parse): 0.4 s
 * of JSON parsing, the largest part of loading the validator. Those files import one another by relative `.js`
 * paths, which "exports" does not govern: this hook resolves them as Node does, to the same URL, with the format
 * the package.json nearest to the file declares ("type": "module"), without the lookup. The rest is Node's.
 */
function resolveInsideDateFnsDirectly(): void {
  if (registered || typeof nodeModule.registerHooks !== 'function') return
  registered = true
  const isModule = new Map<string, boolean>()
  /** Whether the package.json nearest to `url`, a file below `root`, is the root's, and it says "type": "module". */
  const inModulePackage = (root: string, url: string): boolean => {
    const directory = new URL('.', url).href
    let answer = isModule.get(directory)
    if (answer === undefined) {
      if (directory === root) answer = typeOf(new URL('package.json', root)) === 'module'
      else answer = !existsSync(new URL('package.json', directory)) && inModulePackage(root, new URL('..', directory).href)
      isModule.set(directory, answer)
    }
    return answer
  }
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      const root = context.parentURL?.match(DATE_FNS_ROOT)?.[0]
      if (root && RELATIVE_JS.test(specifier)) {
        const url = new URL(specifier, context.parentURL).href
        if (url.startsWith(root) && inModulePackage(root, url)) return {url, format: 'module', shortCircuit: true}
      }
      return nextResolve(specifier, context)
    },
  })
}

function typeOf(packageJson: URL): unknown {
  try {
    return (JSON.parse(readFileSync(packageJson, 'utf8')) as {type?: unknown}).type
  } catch {
    return undefined
  }
}

/** `file:///.../node_modules/date-fns/` at the start of a module's URL. */
const DATE_FNS_ROOT = /^file:\/\/.*\/node_modules\/date-fns\//
/** `./parse/_lib/parsers.js`, `../constructFrom.js`: paths, which no "exports" or "imports" map. */
const RELATIVE_JS = /^\.\.?\/[^?#]*\.js$/
