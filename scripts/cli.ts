/**
 * What every command-line entry point does the same way: one `error:` line a user can act on, a non-zero exit,
 * a stack trace only with --debug, and a clean stop on Ctrl-C for the long-running ones.
 */
import {ImportError, StartupError} from '../model/errors'

export interface CliOptions {
  usage: string
  /** Lines for an error this command knows better than the generic message (a GROQ syntax error's position). */
  explain?: (error: unknown) => string[] | undefined
  /** Applied to everything printed about an error: the seed command takes its token out. */
  redact?: (text: string) => string
}

/**
 * Runs a command's main. A number it resolves to is the exit code; nothing (a server that keeps running) leaves
 * the process alive.
 */
export function runCli(main: () => Promise<number | void>, options: CliOptions): void {
  const redact = options.redact ?? ((text: string) => text)
  stopQuietlyWhenStdoutCloses()
  // Ctrl-C, or `kill` of `npm run ...` (npm passes the signal on; the scripts `exec` tsx, which passes it to the
  // command): stop now. Writes are atomic renames and a lock is released on exit, so stopping never leaves half a
  // dataset. A server replaces this with its graceful close (stopOnSignal).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => onSignal(signal))
  main().then(
    (code) => {
      if (typeof code === 'number') void exitWhenFlushed(code)
    },
    (error: unknown) => {
      const lines = options.explain?.(error) ?? [errorLine(error, options.usage)]
      for (const line of lines) console.error(redact(line))
      if (process.argv.includes('--debug') && error instanceof Error) console.error(redact(error.stack ?? ''))
      void exitWhenFlushed(1)
    },
  )
}

/**
 * Exits once everything written to stdout and stderr has left the process. Output to a pipe is written
 * asynchronously: exiting at once would cut off what the reader (`| jq`, `| sanity datasets import -`) has not
 * taken yet.
 */
export async function exitWhenFlushed(code: number): Promise<void> {
  process.exitCode = code
  await Promise.all([flushed(process.stdout), flushed(process.stderr)])
  process.exit(code)
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve()
  // A write's callback runs once it, and so everything written before it, is flushed (or the stream failed).
  return new Promise((resolve) => stream.write('', () => resolve()))
}

/**
 * A reader that goes away (`| head`) closes the pipe: the next write fails with EPIPE. That is no reason for a stack
 * trace; the command says once what happened and stops.
 */
function stopQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    process.stderr.write('error: the reader of stdout closed the pipe; the rest of the output was not written\n', () => process.exit(1))
  })
}

function errorLine(error: unknown, usage: string): string {
  if (error instanceof ImportError || error instanceof StartupError) return `error: ${error.message}`
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) return `error: ${error.message}; ${usage}`
  return `error: ${error instanceof Error ? error.message : String(error)}`
}

/**
 * Aborted the moment Ctrl-C or a TERM signal arrives: work that is about to write (runImport) looks at it last, so
 * that nothing is written once the user has asked to stop, while the command waits for its output to drain.
 */
export const interrupted = new AbortController()

let onSignal = (signal: NodeJS.Signals): void => {
  // Ctrl-C can reach the command twice: from the terminal, and passed on by a parent.
  if (interrupted.signal.aborted) return
  interrupted.abort(signal)
  console.error(`error: stopped by ${signal}`)
  void exitWhenFlushed(signal === 'SIGINT' ? 130 : 143)
}

/** Ctrl-C or a TERM signal closes the server (which finishes a write in progress) and exits; a second one exits at once. */
export function stopOnSignal(server: {close(): Promise<void>}): void {
  let stopping = false
  onSignal = () => {
    if (stopping) process.exit(1)
    stopping = true
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
}

/** `--query-timeout SECONDS` (serve, studio:local) in milliseconds; anything but a number above 0 is a usage error. */
export function queryTimeoutMs(text: string, usage: string): number {
  const seconds = Number(text)
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new StartupError(`--query-timeout takes a number of seconds above 0 (got ${JSON.stringify(text)}); ${usage}`)
  }
  return Math.round(seconds * 1000)
}
