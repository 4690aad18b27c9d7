import {DocumentTextIcon} from '@sanity/icons/DocumentText'
import {defineField, defineType} from '@sanity/types'

/** Where an imported article came from, so anyone can check it against the original. */
export const provenance = defineType({
  name: 'provenance',
  title: 'Provenance',
  type: 'object',
  icon: DocumentTextIcon,
  fields: [
    defineField({
      name: 'sourceName',
      title: 'Source',
      type: 'string',
      description: 'The file or corpus row the article was imported from.',
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'titleSource',
      title: 'Title taken from',
      type: 'string',
      description: 'Whether the title came from metadata or was derived from the text.',
      options: {list: ['metadata', 'derived from first sentence']},
    }),
    defineField({
      name: 'url',
      title: 'Original URL',
      type: 'url',
      validation: (rule) => rule.uri({scheme: ['http', 'https']}),
    }),
    defineField({name: 'originalText', title: 'Original text', type: 'text', rows: 8}),
    defineField({
      name: 'sha256',
      title: 'SHA-256 of the original text',
      type: 'string',
      validation: (rule) =>
        rule.regex(/^[0-9a-f]{64}$/, {name: 'hex digest'}).error('A SHA-256 is 64 lowercase hex digits'),
    }),
    defineField({name: 'importerVersion', title: 'Importer version', type: 'string'}),
    defineField({name: 'importedAt', title: 'Imported at', type: 'datetime'}),
  ],
})
