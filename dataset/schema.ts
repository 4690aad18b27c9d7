import {Schema} from '@sanity/schema'
import {builtinTypes} from '@sanity/schema/_internal'

import {schemaTypes} from '../schemas'

/** The content model compiled the way the Studio compiles it, for validating documents outside the Studio. */
export const compiledSchema = Schema.compile({
  name: 'news',
  types: schemaTypes,
  parent: Schema.compile({name: 'builtins', types: builtinTypes}),
})
