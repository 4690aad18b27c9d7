import {createClient, type ClientConfig} from '@sanity/client'
import {createMockAuthStore, type SourceOptions} from 'sanity'

import {LOCAL_API_VERSION, LOCAL_EDITOR, SAME_ORIGIN} from './local'

/**
 * The Studio configured for the local server instead of sanity.io: every client it makes goes to `apiHost`
 * (no project hostname, no CDN), and a mock auth store signs in LOCAL_EDITOR without a login screen. The server
 * recognises the Studio it serves by a same-site cookie, so writes need no token in the browser.
 */
export function withLocalApi<Config extends {projectId: string; dataset: string}>(
  config: Config,
  setting: string,
): Config & Pick<SourceOptions, 'apiHost' | 'auth' | 'unstable_clientFactory'> {
  const apiHost = localApiHost(setting)
  const clientFor = (options: ClientConfig) =>
    createClient({...options, apiHost, useProjectHostname: false, useCdn: false, withCredentials: true})
  const client = clientFor({projectId: config.projectId, dataset: config.dataset, apiVersion: LOCAL_API_VERSION, requestTagPrefix: 'sanity.studio'})
  return {
    ...config,
    apiHost,
    unstable_clientFactory: clientFor,
    auth: createMockAuthStore({client, currentUser: {...LOCAL_EDITOR, roles: [...LOCAL_EDITOR.roles]}}),
  }
}

/**
 * The server the page came from. Only that one: it is the server that gave the page its session cookie, which
 * browsers send to no other origin. (In Node, where the CLI reads this config, there is no page: any https host.)
 */
function localApiHost(setting: string): string {
  if (setting !== SAME_ORIGIN) throw new Error(`SANITY_STUDIO_LOCAL_API must be "${SAME_ORIGIN}" (got ${JSON.stringify(setting)})`)
  return typeof window === 'undefined' ? 'https://127.0.0.1' : window.location.origin
}
