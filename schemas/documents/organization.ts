import {UsersIcon} from '@sanity/icons/Users'
import {defineArrayMember, defineField, defineType} from '@sanity/types'

import {importFingerprintField} from '../objects/importFingerprint'

export const ORGANIZATION_KINDS = [
  {title: 'Intergovernmental', value: 'intergovernmental'},
  {title: 'Government body', value: 'government'},
  {title: 'Media', value: 'media'},
  {title: 'Company', value: 'company'},
  {title: 'Political party', value: 'party'},
  {title: 'NGO', value: 'ngo'},
  {title: 'Other', value: 'other'},
] as const

/** A named organization: an alliance, a ministry, a news outlet, a company. Not a place. */
export const organization = defineType({
  name: 'organization',
  title: 'Organization',
  type: 'document',
  icon: UsersIcon,
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      description: 'The name as the source language writes it, e.g. Pakta Pertahanan Atlantik Utara.',
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      options: {source: 'name', maxLength: 96},
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'acronym',
      title: 'Acronym',
      type: 'string',
      validation: (rule) => rule.max(20),
    }),
    defineField({
      name: 'aliases',
      title: 'Aliases',
      type: 'array',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
      validation: (rule) => rule.unique(),
    }),
    defineField({
      name: 'kind',
      title: 'Kind',
      type: 'string',
      options: {list: [...ORGANIZATION_KINDS], layout: 'dropdown'},
      initialValue: 'other',
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'parent',
      title: 'Parent organization',
      type: 'reference',
      to: [{type: 'organization'}],
      validation: (rule) =>
        rule.custom((parent, context) => {
          const id = context.document?._id.replace(/^drafts\./, '')
          return parent && parent._ref === id ? 'An organization cannot be its own parent' : true
        }),
    }),
    defineField({name: 'sameAs', title: 'Same as', type: 'sameAs'}),
    importFingerprintField,
  ],
  preview: {
    select: {title: 'name', acronym: 'acronym', kind: 'kind'},
    prepare: ({title, acronym, kind}) => ({
      title: acronym && acronym !== title ? `${title} (${acronym})` : title,
      subtitle: ORGANIZATION_KINDS.find((k) => k.value === kind)?.title,
    }),
  },
})
