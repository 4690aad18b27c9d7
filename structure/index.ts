import {CheckmarkCircleIcon} from '@sanity/icons/CheckmarkCircle'
import {CommentIcon} from '@sanity/icons/Comment'
import {DocumentTextIcon} from '@sanity/icons/DocumentText'
import {UserIcon} from '@sanity/icons/User'
import {UsersIcon} from '@sanity/icons/Users'
import type {DefaultDocumentNodeResolver, StructureResolver} from 'sanity/structure'

import {ArticleQuotesView} from './views/ArticleQuotesView'
import {EntityReferencesView} from './views/EntityReferencesView'

/**
 * The desk an editor sees: the four document types, quotes grouped by who said them, and the editors' decisions
 * (merges and rejections of people and organizations, which later imports honour; deleting one undoes it).
 */
export const structure: StructureResolver = (S) =>
  S.list()
    .id('news')
    .title('News')
    .items([
      S.documentTypeListItem('article').title('Articles').icon(DocumentTextIcon),
      S.documentTypeListItem('person').title('People').icon(UserIcon),
      S.documentTypeListItem('organization').title('Organizations').icon(UsersIcon),
      S.documentTypeListItem('quote').title('Quotes').icon(CommentIcon),
      S.divider(),
      S.listItem()
        .id('quotes-by-speaker')
        .title('Quotes by speaker')
        .icon(CommentIcon)
        .child(
          S.documentList()
            .apiVersion('2025-02-19')
            .id('speakers')
            .title('Speakers')
            .schemaType('person')
            .filter('_type == "person" && count(*[_type == "quote" && speaker._ref == ^._id]) > 0')
            .defaultOrdering([{field: 'name', direction: 'asc'}])
            .child((speakerId) =>
              S.documentList()
                .apiVersion('2025-02-19')
                .id(`quotes-${speakerId}`)
                .title('Quotes')
                .schemaType('quote')
                .filter('_type == "quote" && speaker._ref == $speakerId')
                .params({speakerId: speakerId.replace(/^drafts\./, '')}),
            ),
        ),
      S.divider(),
      S.documentTypeListItem('entityDecision').title('Editor decisions').icon(CheckmarkCircleIcon),
    ])

/** Beside the form: on a person or an organization what refers to it, on an article its quotes in order. */
export const defaultDocumentNode: DefaultDocumentNodeResolver = (S, {schemaType}) => {
  if (schemaType === 'person' || schemaType === 'organization') {
    return S.document().views([S.view.form(), S.view.component(EntityReferencesView).id('references').title('Quotes and articles')])
  }
  if (schemaType === 'article') return S.document().views([S.view.form(), S.view.component(ArticleQuotesView).id('quotes').title('Quotes')])
  return S.document()
}
