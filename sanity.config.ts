import {visionTool} from '@sanity/vision'
import {defineConfig} from 'sanity'
import {structureTool} from 'sanity/structure'

import {documentActions} from './actions'
import {schemaTypes} from './schemas'
import {defaultDocumentNode, structure} from './structure'
import {withLocalApi} from './studio/localApi'
import {dataset, projectId} from './studio.env'

const config = defineConfig({
  name: 'default',
  title: 'News',
  projectId,
  dataset,
  plugins: [structureTool({structure, defaultDocumentNode}), visionTool({defaultApiVersion: '2025-02-19'})],
  schema: {types: schemaTypes},
  document: {actions: documentActions},
})

// `npm run studio:local` builds with SANITY_STUDIO_LOCAL_API set: the same Studio, against the local server.
const localApi = process.env.SANITY_STUDIO_LOCAL_API

export default localApi ? defineConfig(withLocalApi(config, localApi)) : config
