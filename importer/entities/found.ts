/** What the entity stage finds in one story: the people and organizations it names, and where. */

export type OrganizationKind = 'intergovernmental' | 'government' | 'media' | 'company' | 'party' | 'ngo' | 'other'

export interface FoundPerson {
  kind: 'person'
  /** Full name without titles: "Jens Stoltenberg". */
  name: string
  aliases: Set<string>
  roles: {title: string; organization?: string}[]
}

export interface FoundOrganization {
  kind: 'organization'
  name: string
  acronym?: string
  aliases: Set<string>
  organizationKind: OrganizationKind
}

export type FoundEntity = FoundPerson | FoundOrganization

export interface Mention {
  paragraphKey: string
  start: number
  end: number
  /** Key into `Entities.byKey`. */
  entity: string
}

export interface Entities {
  byKey: Map<string, FoundEntity>
  /** Every occurrence in the body of a name, alias or acronym of a found entity, in text order. */
  mentions: Mention[]
  /** Places the story names, in order of first appearance. Places are never organizations. */
  places: string[]
  /** Organizations the story credits as its source ("VIVA Militer melaporkan", "dikutip dari Anadolu Agency"). */
  citedSources: string[]
}
