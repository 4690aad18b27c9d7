import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {StartupError} from '../model/errors'

export interface TlsCertificate {
  key: string
  cert: string
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with openssl each time the server starts and kept
 * only in memory: nothing to commit, nothing to trust. The Studio needs HTTPS only because browsers speak HTTP/2
 * over TLS alone, and over HTTP/1.1 Chromium's six connections per host are taken by the Studio's listeners.
 * Node can make keys but not certificates, and openssl is on every Debian machine (ca-certificates needs it).
 */
export function selfSignedCertificate(): TlsCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'local-tls-'))
  const [keyPath, certPath] = [join(dir, 'key.pem'), join(dir, 'cert.pem')]
  try {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '30',
        '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout', keyPath, '-out', certPath,
      ],
      {stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000},
    )
    return {key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8')}
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new StartupError('openssl is not installed; it makes the HTTPS certificate (apt-get install openssl)')
    const stderr = String((error as {stderr?: unknown}).stderr ?? '').trim().split('\n')[0]
    throw new StartupError(`openssl could not make a self-signed certificate${stderr ? `: ${stderr}` : ''}`)
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}
