import {UserIcon} from '@sanity/icons/User'
import {defineArrayMember, defineField, defineType} from '@sanity/types'

import {importFingerprintField} from '../objects/importFingerprint'

/** A real person a story names, quotes or credits. */
export const person = defineType({
  name: 'person',
  title: 'Person',
  type: 'document',
  icon: UserIcon,
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      description: 'Full name without titles or honorifics (Jens Stoltenberg, not Sekjen Jens Stoltenberg).',
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
      name: 'aliases',
      title: 'Aliases',
      type: 'array',
      description: 'Other names stories use, such as the surname alone.',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
      validation: (rule) => rule.unique(),
    }),
    defineField({
      name: 'description',
      title: 'Short description',
      type: 'text',
      rows: 2,
      validation: (rule) => rule.max(300),
    }),
    defineField({
      name: 'roles',
      title: 'Roles and affiliations',
      type: 'array',
      of: [defineArrayMember({type: 'role'})],
    }),
    defineField({name: 'sameAs', title: 'Same as', type: 'sameAs'}),
    importFingerprintField,
  ],
  preview: {
    select: {title: 'name', role: 'roles.0.title', organization: 'roles.0.organization.name'},
    prepare: ({title, role, organization}) => ({
      title,
      subtitle: [role, organization].filter(Boolean).join(', ') || undefined,
    }),
  },
})
