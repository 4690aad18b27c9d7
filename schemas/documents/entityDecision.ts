import {CheckmarkCircleIcon} from '@sanity/icons/CheckmarkCircle'
import {defineArrayMember, defineField, defineType} from '@sanity/types'

export const ENTITY_DECISION_KINDS = [
  {title: 'Merged into another', value: 'merge'},
  {title: 'Rejected (not this type)', value: 'reject'},
] as const

export const ENTITY_TYPES = [
  {title: 'Person', value: 'person'},
  {title: 'Organization', value: 'organization'},
] as const

/**
 * An editor's correction of the importer, made once in the Studio (Merge into…, Not a person, Not an
 * organization) and honoured by every later import: merged names link to the survivor and the merged id is never
 * made again; a rejected name is never made into that type again. Deleting the decision undoes it for later imports.
 */
export const entityDecision = defineType({
  name: 'entityDecision',
  title: 'Editor decision',
  type: 'document',
  icon: CheckmarkCircleIcon,
  fields: [
    defineField({
      name: 'decision',
      title: 'Decision',
      type: 'string',
      options: {list: [...ENTITY_DECISION_KINDS], layout: 'radio'},
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'entityType',
      title: 'Of a',
      type: 'string',
      options: {list: [...ENTITY_TYPES], layout: 'radio'},
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'names',
      title: 'Names',
      type: 'array',
      description: 'A later import links these names to the survivor (merge), or makes nothing of them of this type (reject).',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
      validation: (rule) => rule.required().min(1).unique(),
    }),
    defineField({
      name: 'entityId',
      title: 'Document id',
      type: 'string',
      description: 'The id of the merged or rejected document: a later import never makes a document with it (merge).',
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'survivor',
      title: 'Merged into',
      type: 'reference',
      to: [{type: 'person'}, {type: 'organization'}],
      // Weak: the survivor may be merged or deleted in its turn (a later merge moves this reference like any other);
      // a merge whose survivor is gone still keeps the merged id from being made again.
      weak: true,
      description: 'Merges only: the document that stayed.',
    }),
    defineField({name: 'decidedAt', title: 'Decided at', type: 'datetime'}),
    defineField({name: 'decidedBy', title: 'Decided by', type: 'string'}),
    defineField({name: 'note', title: 'Note', type: 'text', rows: 2}),
  ],
  preview: {
    select: {decision: 'decision', entityType: 'entityType', names: 'names', survivor: 'survivor.name'},
    prepare: ({decision, entityType, names, survivor}) => ({
      title: Array.isArray(names) ? names.join(', ') : 'No names',
      subtitle: decision === 'merge' ? `merged into ${survivor ?? 'a deleted document'}` : `not a ${entityType ?? 'person or organization'}`,
    }),
  },
})
