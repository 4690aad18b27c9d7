import type {ScopedSuite, ScopedTest} from './scope'

/** Which implementations pass one test in scope; a test that is not run passes for none. */
export interface Verdict {
  test: ScopedTest
  groqJs: boolean
  store: boolean
  server: boolean
}

export interface AreaFigures {
  /** The suite's top folder (`operator`, `function`, ...), or `all`. */
  area: string
  inScope: number
  groqJs: number
  store: number
  server: number
}

/** Passes per area, areas by name, then the total. */
export function figuresByArea(verdicts: Verdict[], notRun: ScopedSuite['notRun']): AreaFigures[] {
  const areas = new Map<string, AreaFigures>()
  const row = (area: string) => {
    let figures = areas.get(area)
    if (!figures) areas.set(area, (figures = {area, inScope: 0, groqJs: 0, store: 0, server: 0}))
    return figures
  }
  for (const {test} of notRun) row(test.area).inScope++
  for (const verdict of verdicts) {
    const figures = row(verdict.test.area)
    figures.inScope++
    figures.groqJs += Number(verdict.groqJs)
    figures.store += Number(verdict.store)
    figures.server += Number(verdict.server)
  }
  const rows = [...areas.values()].sort((a, b) => a.area.localeCompare(b.area))
  const total = rows.reduce((sum, figures) => ({
    area: 'all',
    inScope: sum.inScope + figures.inScope,
    groqJs: sum.groqJs + figures.groqJs,
    store: sum.store + figures.store,
    server: sum.server + figures.server,
  }), {area: 'all', inScope: 0, groqJs: 0, store: 0, server: 0})
  return [...rows, total]
}

/** The figures as a Markdown table, as the README shows them. */
export function figuresTable(rows: AreaFigures[]): string {
  const number = (value: number) => value.toLocaleString('en-US')
  const lines = ['| area | in scope | groq-js | store | server |', '| --- | ---: | ---: | ---: | ---: |']
  for (const figures of rows) {
    const area = figures.area === 'all' ? '**all**' : `\`${figures.area}/\``
    lines.push(`| ${area} | ${[figures.inScope, figures.groqJs, figures.store, figures.server].map(number).join(' | ')} |`)
  }
  return lines.join('\n')
}

/** Tests that groq-js passes and `implementation` does not: what the project must never have. */
export function regressions(verdicts: Verdict[], implementation: 'store' | 'server'): ScopedTest[] {
  return verdicts.filter((verdict) => verdict.groqJs && !verdict[implementation]).map((verdict) => verdict.test)
}
