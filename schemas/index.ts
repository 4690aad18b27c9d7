// Schemas import define* from @sanity/types (which `sanity` re-exports) so that the importer and tests can load
// the content model in Node without loading the whole Studio.
import {article} from './documents/article'
import {entityDecision} from './documents/entityDecision'
import {organization} from './documents/organization'
import {person} from './documents/person'
import {quote} from './documents/quote'
import {articleBody} from './objects/articleBody'
import {mention} from './objects/mention'
import {provenance} from './objects/provenance'
import {relatedLink} from './objects/relatedLink'
import {role} from './objects/role'
import {sameAs} from './objects/sameAs'

export const documentTypes = [article, person, organization, quote, entityDecision]

export const schemaTypes = [...documentTypes, articleBody, mention, relatedLink, role, provenance, sameAs]
