import {DocumentTextIcon} from '@sanity/icons/DocumentText'
import {defineArrayMember, defineField, defineType} from '@sanity/types'

import {importFingerprintField} from '../objects/importFingerprint'

/** A news story: its text, who made and published it, whom it names, and where it came from. */
export const article = defineType({
  name: 'article',
  title: 'Article',
  type: 'document',
  icon: DocumentTextIcon,
  groups: [
    {name: 'content', title: 'Content', default: true},
    {name: 'credits', title: 'Credits'},
    {name: 'context', title: 'Context'},
    {name: 'provenance', title: 'Provenance'},
  ],
  fields: [
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      group: 'content',
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      group: 'content',
      options: {source: 'title', maxLength: 96},
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'language',
      title: 'Language',
      type: 'string',
      group: 'content',
      description: 'A BCP 47 tag: "id" for Indonesian, "en" for English.',
      initialValue: 'id',
      validation: (rule) => [
        rule.required(),
        rule
          .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, {name: 'BCP 47 tag'})
          .error('Use a BCP 47 language tag such as "id" or "en-GB"'),
      ],
    }),
    defineField({
      name: 'lead',
      title: 'Lead',
      type: 'text',
      rows: 3,
      group: 'content',
      description: 'Optional standfirst shown under the title.',
    }),
    defineField({
      name: 'body',
      title: 'Body',
      type: 'articleBody',
      group: 'content',
      validation: (rule) => rule.required().min(1),
    }),
    defineField({
      name: 'publishedAt',
      title: 'Published at',
      type: 'datetime',
      group: 'content',
      description: 'Optional: plain source texts often carry no date.',
    }),
    defineField({
      name: 'publisher',
      title: 'Publisher',
      type: 'reference',
      to: [{type: 'organization'}],
      group: 'credits',
    }),
    defineField({
      name: 'editor',
      title: 'Editor',
      type: 'reference',
      to: [{type: 'person'}],
      group: 'credits',
      description: 'The editor credited by the outlet; not an author.',
    }),
    defineField({
      name: 'authors',
      title: 'Authors (byline)',
      type: 'array',
      group: 'credits',
      of: [defineArrayMember({type: 'reference', to: [{type: 'person'}]})],
      validation: (rule) => rule.unique(),
    }),
    defineField({
      name: 'citedSources',
      title: 'Cited sources',
      type: 'array',
      group: 'credits',
      description: 'Organizations the story credits, e.g. "VIVA Militer melaporkan" or "dikutip dari Anadolu Agency".',
      of: [defineArrayMember({type: 'reference', to: [{type: 'organization'}]})],
      validation: (rule) => rule.unique(),
    }),
    defineField({
      name: 'places',
      title: 'Places named',
      type: 'array',
      group: 'context',
      description: 'Countries, regions and cities the story names. Places are not organizations.',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
      validation: (rule) => rule.unique(),
    }),
    defineField({
      name: 'relatedLinks',
      title: 'Related links',
      type: 'array',
      group: 'context',
      description: '"Baca Juga" headlines the source placed inside the story.',
      of: [defineArrayMember({type: 'relatedLink'})],
    }),
    defineField({
      name: 'tags',
      title: 'Tags',
      type: 'array',
      group: 'context',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
      validation: (rule) => rule.unique(),
    }),
    defineField({
      name: 'provenance',
      title: 'Provenance',
      type: 'provenance',
      group: 'provenance',
      readOnly: true,
    }),
    importFingerprintField,
  ],
  preview: {
    select: {title: 'title', publisher: 'publisher.name', publishedAt: 'publishedAt'},
    prepare: ({title, publisher, publishedAt}) => ({
      title,
      subtitle: [publisher, publishedAt?.slice(0, 10)].filter(Boolean).join(' · ') || 'No publisher',
    }),
  },
  orderings: [
    {title: 'Newest first', name: 'publishedAtDesc', by: [{field: 'publishedAt', direction: 'desc'}]},
  ],
})
