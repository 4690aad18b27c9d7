import type {ServerResponse} from 'node:http'

import {LOCAL_EDITOR} from '../../model/localStudio'
import type {JsonAnswer, StreamAnswer} from './context'

/**
 * What the Studio asks sanity.io about its project, its user and their grants, answered for the one local
 * dataset and the one local editor, who may do everything. Paths are under `/v{version}/`. Endpoints the Studio
 * only reports to or asks optional things of (features, key-value settings, onboarding, telemetry) get empty
 * answers, so that it shows no errors. Returns undefined for a path that is none of these.
 */
export function projectRoute(pathname: string, method: string, datasetName: string): JsonAnswer | StreamAnswer | undefined {
  const match = /^\/v[^/]+\/(.+?)\/?$/.exec(pathname)
  if (!match) return undefined
  const path = match[1]!
  const ok = (body: unknown): JsonAnswer => ({status: 200, body})
  let parts: RegExpExecArray | null

  if ((parts = /^projects\/([^/]+)$/.exec(path))) return ok(project(parts[1]!, datasetName))
  if (/^projects\/[^/]+\/datasets$/.test(path)) return ok([{name: datasetName, aclMode: 'public', createdAt: EPOCH, createdByUserId: LOCAL_EDITOR.id}])
  if (/^projects\/[^/]+\/datasets\/[^/]+\/acl$/.test(path)) return ok([{filter: '_id in path("**")', permissions: ['read', 'create', 'update', 'history', 'editHistory', 'manage']}])
  if ((parts = /^projects\/[^/]+\/users\/(.+)$/.exec(path))) return ok(parts[1]!.split(',').map(user))
  if (path === 'users/me') return ok({...user(LOCAL_EDITOR.id), email: LOCAL_EDITOR.email, role: LOCAL_EDITOR.role, roles: LOCAL_EDITOR.roles})
  // Grants by resource: none beyond the dataset ACL above (no deploy, no member management).
  if (/^projects\/[^/]+\/grants$/.test(path)) return ok({})
  if (/^projects\/[^/]+\/user-applications$/.test(path)) return ok([])
  if (path === 'features' || /^projects\/[^/]+\/features(\/.*)?$/.test(path)) return ok([])
  if (/^schedules\/[^/]+\/[^/]+$/.test(path)) return ok({schedules: []})
  // Reachability and version checks, and the help menu's content.
  if (path === 'ping' || path === 'help') return ok({})
  if (path.startsWith('users/me/keyvalue')) return ok(method === 'GET' ? [] : {})
  if (/^data\/history\/[^/]+\/documents\//.test(path)) return ok({documents: []})
  // History: none kept. Transactions come as NDJSON, one per line: here no line at all.
  if (/^data\/history\/[^/]+\/events\//.test(path)) return ok({events: {}, nextCursor: ''})
  if (/^data\/history\/[^/]+\/transactions\//.test(path)) return {status: 200, stream: emptyNdjson}
  if (path.startsWith('journey/') || path.startsWith('intake/') || path.startsWith('telemetry/')) return ok({})
  return undefined
}

const EPOCH = '2020-01-01T00:00:00Z'

async function emptyNdjson(response: ServerResponse): Promise<void> {
  response.writeHead(200, {'content-type': 'application/x-ndjson', 'content-length': '0'})
  response.end()
}

function project(id: string, datasetName: string): Record<string, unknown> {
  return {
    id,
    displayName: 'News (local)',
    studioHost: null,
    isBlocked: false,
    isDisabled: false,
    isDisabledByUser: false,
    metadata: {},
    createdAt: EPOCH,
    organizationId: null,
    members: [{id: LOCAL_EDITOR.id, role: LOCAL_EDITOR.role, roles: LOCAL_EDITOR.roles, isCurrentUser: true, isRobot: false, createdAt: EPOCH}],
    features: [],
    pendingInvites: 0,
    datasets: [datasetName],
  }
}

function user(id: string): Record<string, unknown> {
  return id === LOCAL_EDITOR.id || id === 'me'
    ? {id: LOCAL_EDITOR.id, displayName: LOCAL_EDITOR.name, familyName: null, givenName: null, middleName: null, imageUrl: null, isCurrentUser: true, projectId: 'local', sanityUserId: LOCAL_EDITOR.id}
    : {id, displayName: 'Unknown user', imageUrl: null, isCurrentUser: false}
}
