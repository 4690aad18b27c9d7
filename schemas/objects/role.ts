import {CaseIcon} from '@sanity/icons/Case'
import {defineField, defineType} from '@sanity/types'

/** A role or affiliation of a person, as a story states it. */
export const role = defineType({
  name: 'role',
  title: 'Role',
  type: 'object',
  icon: CaseIcon,
  fields: [
    defineField({
      name: 'title',
      title: 'Role as written',
      type: 'string',
      description: 'In the words of the source, e.g. "Presiden Armenia" or "Sekretaris Jenderal".',
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'organization',
      title: 'Organization',
      type: 'reference',
      to: [{type: 'organization'}],
    }),
    defineField({name: 'start', title: 'Start', type: 'date'}),
    defineField({
      name: 'end',
      title: 'End',
      type: 'date',
      validation: (rule) =>
        rule.custom((end, context) => {
          const start = (context.parent as {start?: string} | undefined)?.start
          return !end || !start || end >= start ? true : 'The end date is before the start date'
        }),
    }),
    defineField({
      name: 'source',
      title: 'Learned from',
      type: 'reference',
      to: [{type: 'article'}],
      // Weak: a person outlives the article that introduced them, and people and articles refer to each other,
      // so a strong reference here would make neither writable first.
      weak: true,
      description: 'The article that states this role.',
    }),
  ],
  preview: {
    select: {title: 'title', organization: 'organization.name'},
    prepare: ({title, organization}) => ({title, subtitle: organization}),
  },
})
