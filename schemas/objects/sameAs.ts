import {defineArrayMember, defineType} from '@sanity/types'

const WIKIDATA_QID = /^Q[1-9][0-9]*$/

/** Identifiers of the same entity elsewhere: a Wikidata QID (Q37226) or a URL. */
export const sameAs = defineType({
  name: 'sameAs',
  title: 'Same as',
  type: 'array',
  description: 'A Wikidata QID such as Q57624, or the URL of an authoritative page.',
  of: [
    defineArrayMember({
      type: 'string',
      validation: (rule) =>
        rule.custom((value) => {
          if (!value || WIKIDATA_QID.test(value)) return true
          try {
            const url = new URL(value)
            return url.protocol === 'https:' || url.protocol === 'http:'
              ? true
              : 'Use a Wikidata QID (Q57624) or an http(s) URL'
          } catch {
            return 'Use a Wikidata QID (Q57624) or an http(s) URL'
          }
        }),
    }),
  ],
  options: {layout: 'tags'},
  validation: (rule) => rule.unique(),
})
