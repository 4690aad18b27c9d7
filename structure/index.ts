import {CommentIcon} from '@sanity/icons/Comment'
import {DocumentTextIcon} from '@sanity/icons/DocumentText'
import {UserIcon} from '@sanity/icons/User'
import {UsersIcon} from '@sanity/icons/Users'
import type {StructureResolver} from 'sanity/structure'

/** The desk an editor sees: the four document types, and quotes grouped by who said them. */
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
    ])
