import {CommentIcon} from '@sanity/icons/Comment'
import {defineField, defineType} from '@sanity/types'

import {importFingerprintField} from '../objects/importFingerprint'

const PARAGRAPH_IN_ARTICLE = `count(*[_id in [$id, "drafts." + $id]].body[_key == $key]) > 0`

/** Words a person said, as an article reports them. */
export const quote = defineType({
  name: 'quote',
  title: 'Quote',
  type: 'document',
  icon: CommentIcon,
  fields: [
    defineField({
      name: 'text',
      title: 'Quoted text',
      type: 'text',
      rows: 4,
      description: 'Exactly as between the quote marks.',
      validation: (rule) =>
        rule.required().custom((text) => (text === undefined || text.trim() ? true : 'The quote is empty')),
    }),
    defineField({
      name: 'speaker',
      title: 'Speaker',
      type: 'reference',
      to: [{type: 'person'}],
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'article',
      title: 'Article',
      type: 'reference',
      to: [{type: 'article'}],
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'paragraphKey',
      title: 'Paragraph',
      type: 'string',
      description: 'The _key of the body block the quote sits in.',
      validation: (rule) =>
        rule.custom(async (key, context) => {
          const articleId = (context.document?.article as {_ref?: string} | undefined)?._ref
          if (!key || !articleId) return true
          const found = await context
            .getClient({apiVersion: '2025-02-19'})
            .fetch<boolean>(PARAGRAPH_IN_ARTICLE, {id: articleId, key}, {perspective: 'raw'})
          return found ? true : `The article has no paragraph with key "${key}"`
        }),
    }),
    defineField({
      name: 'position',
      title: 'Position in the article',
      type: 'number',
      description: "1 for the article's first quote, 2 for the next: front ends list an article's quotes in this order.",
      validation: (rule) => rule.integer().min(1),
    }),
    defineField({
      name: 'verb',
      title: 'Attribution verb',
      type: 'string',
      description: 'As written: "kata", "ujar", "ujarnya", "mengatakan".',
    }),
    defineField({
      name: 'quotedVia',
      title: 'Quoted via',
      type: 'reference',
      to: [{type: 'organization'}],
      description: 'The outlet the story took the quote from ("dikutip dari Anadolu Agency").',
    }),
    defineField({
      name: 'kind',
      title: 'Kind',
      type: 'string',
      options: {
        list: [
          {title: 'Direct', value: 'direct'},
          {title: 'Indirect (reported speech)', value: 'indirect'},
        ],
        layout: 'radio',
      },
      initialValue: 'direct',
      validation: (rule) => rule.required(),
    }),
    importFingerprintField,
  ],
  preview: {
    select: {text: 'text', speaker: 'speaker.name', article: 'article.title'},
    prepare: ({text, speaker, article}) => ({
      title: text ? `“${text.length > 80 ? `${text.slice(0, 79)}…` : text}”` : 'Empty quote',
      subtitle: [speaker ?? 'No speaker', article].filter(Boolean).join(' — '),
    }),
  },
})
