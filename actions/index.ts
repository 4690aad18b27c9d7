import type {DocumentActionsResolver} from 'sanity'

import {MergeIntoAction} from './MergeIntoAction'
import {RejectEntityAction} from './RejectEntityAction'

/** People and organizations get the editor's two corrections of the importer after the Studio's own actions. */
export const documentActions: DocumentActionsResolver = (previous, context) =>
  context.schemaType === 'person' || context.schemaType === 'organization' ? [...previous, MergeIntoAction, RejectEntityAction] : previous
