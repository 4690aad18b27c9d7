import {spawnSync} from 'node:child_process'
import {renameSync, rmSync} from 'node:fs'
import {delimiter, join, resolve} from 'node:path'

import {StartupError} from '../model/errors'
import {SAME_ORIGIN} from '../model/localStudio'

const ROOT = resolve(import.meta.dirname, '..')
/** Where `npm run studio:local` builds the local Studio (gitignored). */
export const LOCAL_STUDIO_DIR = join(ROOT, 'dist-local')

/**
 * `sanity build` of the local variant, into a folder beside `outDir` that then replaces it, so that another
 * running studio:local serving `outDir` never sees half a build.
 */
export function buildLocalStudio(outDir: string): void {
  const bin = join(ROOT, 'node_modules/.bin')
  const building = `${outDir}.tmp-${process.pid}`
  const run = spawnSync(join(bin, 'sanity'), ['build', building, '--yes'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {...process.env, SANITY_STUDIO_LOCAL_API: SAME_ORIGIN, DO_NOT_TRACK: '1', NO_COLOR: '1', PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`},
    timeout: 300_000,
  })
  if (run.error || run.status !== 0) {
    rmSync(building, {recursive: true, force: true})
    const said = `${run.stderr ?? ''}\n${run.stdout ?? ''}`.trim().split('\n').filter(Boolean).slice(-5).join('\n')
    throw new StartupError(`sanity build of the local Studio failed${run.error ? ` (${run.error.message})` : ''}:\n${said}`)
  }
  rmSync(outDir, {recursive: true, force: true})
  renameSync(building, outDir)
}

