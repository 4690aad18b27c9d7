import {visionTool} from '@sanity/vision'
import {defineConfig} from 'sanity'
import {structureTool} from 'sanity/structure'

import {schemaTypes} from './schemas'
import {structure} from './structure'
import {dataset, projectId} from './studio.env'

export default defineConfig({
  name: 'default',
  title: 'News',
  projectId,
  dataset,
  plugins: [structureTool({structure}), visionTool({defaultApiVersion: '2025-02-19'})],
  schema: {types: schemaTypes},
})
