/** What the local Studio variant, its build and the local server agree on. */

/**
 * The value of SANITY_STUDIO_LOCAL_API that builds the local variant: the Studio then talks to the server that
 * serves it (`npm run studio:local`), whatever its port, so one build serves every port.
 */
export const SAME_ORIGIN = 'same-origin'

/**
 * The one editor of a Studio running against the local server: the Studio shows this user as signed in (no login
 * screen), and the server names it as the identity behind every change it reports.
 */
export const LOCAL_EDITOR = {
  id: 'local-editor',
  name: 'Local editor',
  email: 'editor@localhost',
  role: 'administrator',
  roles: [{name: 'administrator', title: 'Administrator'}],
} as const

/** The API version the local Studio's clients default to (Sanity's default perspective changed at this one). */
export const LOCAL_API_VERSION = '2025-02-19'

/**
 * The `<meta name>` under which the local server puts the Studio's key in the page it serves (server/studioSession.ts);
 * the Studio's clients send it as their token.
 */
export const STUDIO_KEY_META = 'local-studio-key'
