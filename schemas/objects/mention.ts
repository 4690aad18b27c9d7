import {UserIcon} from '@sanity/icons/User'
import {defineField, defineType} from '@sanity/types'

/** A body span that names a person or an organization, linked to its document. */
export const mention = defineType({
  name: 'mention',
  title: 'Mention',
  type: 'object',
  icon: UserIcon,
  fields: [
    defineField({
      name: 'reference',
      title: 'Who or what is named',
      type: 'reference',
      to: [{type: 'person'}, {type: 'organization'}],
      validation: (rule) => rule.required(),
    }),
  ],
})
