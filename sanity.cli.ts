import {defineCliConfig} from 'sanity/cli'

import {dataset, projectId} from './studio.env'

export default defineCliConfig({
  api: {projectId, dataset},
  typegen: {
    path: './queries/**/*.ts',
    schema: './schema.json',
    generates: './sanity.types.ts',
  },
})
