import {createClient, type ClientConfig} from '@sanity/client'
import {createMockAuthStore, type SourceOptions} from 'sanity'

import {LOCAL_API_VERSION, LOCAL_EDITOR, SAME_ORIGIN, STUDIO_KEY_META} from '../model/localStudio'

/**
 * The Studio configured for the local server instead of sanity.io: every client it makes goes to `apiHost`
 * (no project hostname, no CDN), and a mock auth store signs in LOCAL_EDITOR without a login screen. The server
 * recognises the Studio it serves by the key it put in the page, sent as the clients' token, together with the
 * session cookie it set (server/studioSession.ts): the key is good only from this page, with that cookie.
 */
export function withLocalApi<Config extends {projectId: string; dataset: string}>(
  config: Config,
  setting: string,
): Config & Pick<SourceOptions, 'apiHost' | 'auth' | 'unstable_clientFactory'> {
  const apiHost = localApiHost(setting)
  const token = studioKey()
  const clientFor = (options: ClientConfig) =>
    createClient({
      ...options,
      apiHost,
      useProjectHostname: false,
      useCdn: false,
      // The cookie goes with every request to the page's own origin anyway; `withCredentials` would drop the token.
      withCredentials: false,
      token,
      // The warning is about tokens that outlive the page; this key is good for one server run, from this page.
      ignoreBrowserTokenWarning: true,
    })
  const client = clientFor({projectId: config.projectId, dataset: config.dataset, apiVersion: LOCAL_API_VERSION, requestTagPrefix: 'sanity.studio'})
  return {
    ...config,
    apiHost,
    unstable_clientFactory: clientFor,
    auth: createMockAuthStore({client, currentUser: {...LOCAL_EDITOR, roles: [...LOCAL_EDITOR.roles]}}),
  }
}

/**
 * The server the page came from. Only that one: it is the server that gave the page its key and session cookie,
 * which are good at no other. (In Node, where the CLI reads this config, there is no page: any https host.)
 */
function localApiHost(setting: string): string {
  if (setting !== SAME_ORIGIN) throw new Error(`SANITY_STUDIO_LOCAL_API must be "${SAME_ORIGIN}" (got ${JSON.stringify(setting)})`)
  return typeof window === 'undefined' ? 'https://127.0.0.1' : window.location.origin
}

/** The key the server put in the page; none outside a browser, or in a page the local server did not serve. */
function studioKey(): string | undefined {
  if (typeof document === 'undefined') return undefined
  return document.querySelector<HTMLMetaElement>(`meta[name="${STUDIO_KEY_META}"]`)?.content || undefined
}
