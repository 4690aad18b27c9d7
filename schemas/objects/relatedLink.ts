import {LinkIcon} from '@sanity/icons/Link'
import {defineField, defineType} from '@sanity/types'

/** A "Baca Juga" (read also) headline the source placed inside the story. */
export const relatedLink = defineType({
  name: 'relatedLink',
  title: 'Related link',
  type: 'object',
  icon: LinkIcon,
  fields: [
    defineField({
      name: 'title',
      title: 'Headline',
      type: 'string',
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'url',
      title: 'URL',
      type: 'url',
      description: 'Optional: plain text sources give the headline only.',
      validation: (rule) => rule.uri({scheme: ['http', 'https']}),
    }),
  ],
  preview: {select: {title: 'title', subtitle: 'url'}},
})
