/**
 * Which Sanity project and dataset the Studio and CLI talk to.
 *
 * Set SANITY_STUDIO_PROJECT_ID and SANITY_STUDIO_DATASET (in the environment or a .env file) to use a real
 * project. Without them the placeholder below is used: it lets `sanity build` and `sanity schemas validate`
 * run offline, and it is no project of anyone's.
 */
export const PLACEHOLDER_PROJECT_ID = 'placeholder'

export const projectId = process.env.SANITY_STUDIO_PROJECT_ID || PLACEHOLDER_PROJECT_ID
export const dataset = process.env.SANITY_STUDIO_DATASET || 'production'
