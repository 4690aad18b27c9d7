/**
 * Global setup of the browser tests: the local variant of the Studio is built once (`sanity build` with
 * SANITY_STUDIO_LOCAL_API, some 15 s) into a temporary folder that every e2e file serves, and removed at the end.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {TestProject} from 'vitest/node'

import {buildLocalStudio} from '../../studio/buildLocalStudio'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built local Studio, to serve with startServer({studioDir}). */
    studioDir: string
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'news-studio-'))
  const studioDir = join(dir, 'studio')
  buildLocalStudio(studioDir)
  project.provide('studioDir', studioDir)
  return () => rmSync(dir, {recursive: true, force: true})
}
