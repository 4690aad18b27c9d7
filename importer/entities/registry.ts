import {KNOWN_ORGANIZATIONS, NAME_CONNECTORS, NICKNAMES, PLACES, SHORT_FORMS} from '../lexicon'
import type {FoundEntity, FoundPerson, OrganizationKind} from './found'
import {joinTokens, type Run} from './runs'

export interface Surfaces {
  /** Every surface form, longest first, by its first character. */
  byFirstCharacter: Map<string, string[]>
  entityOf: Map<string, string>
}

/** What the story names so far, and the surface forms that name each entity. */
export class Registry {
  readonly entities = new Map<string, FoundEntity>()
  private readonly bySurface = new Map<string, string>()
  private readonly byIdentity = new Map<string, string>()
  /** Roles read before a one-word name no rule made a person of yet ("Presiden Prabowo"), kept for when one does. */
  private readonly pendingRoles = new Map<string, {title: string; organization?: string}[]>()
  /** Regional bodies by the acronym they were written with ("BPBD" of "BPBD Tanah Datar"). */
  private readonly regional = new Map<string, Set<string>>()

  organization(name: string, acronym?: string, kind?: OrganizationKind): void {
    const existing =
      this.bySurface.get(name) ??
      (acronym ? this.bySurface.get(acronym) : undefined) ??
      this.byIdentity.get(organizationIdentity(name)) ??
      (acronym ? this.byIdentity.get(organizationIdentity(acronym)) : undefined) ??
      this.extending(name) ??
      (acronym ? this.extending(acronym) : undefined) ??
      this.spelledAlike(name)
    const known = KNOWN_ORGANIZATIONS.get(acronym ?? name) ?? KNOWN_ORGANIZATIONS.get(name)
    if (existing) {
      const entity = this.entities.get(existing)
      if (entity?.kind === 'organization') {
        if (acronym && !entity.acronym && acronym.length <= 20) entity.acronym = acronym
        else if (acronym && acronym !== entity.acronym) entity.aliases.add(acronym)
        if (name !== entity.name) {
          // The name is the fullest form the story uses; shorter ones become aliases.
          if (name.length > entity.name.length && name !== entity.acronym) {
            entity.aliases.add(entity.name)
            entity.name = name
          } else {
            entity.aliases.add(name)
          }
        }
        this.bySurface.set(name, existing)
        this.byIdentity.set(organizationIdentity(name), existing)
        if (acronym) this.bySurface.set(acronym, existing)
      }
      return
    }
    const key = `organization:${acronym ?? name}`
    // "Densus 88 Antiteror Polri" is a short form, not an acronym: the schema keeps acronyms to 20 characters.
    const short = acronym && acronym.length <= 20 ? acronym : undefined
    this.entities.set(key, {
      kind: 'organization',
      name,
      acronym: short,
      aliases: new Set(acronym && !short ? [acronym] : []),
      organizationKind: kind ?? known?.kind ?? guessKind(name),
    })
    this.bySurface.set(name, key)
    if (acronym) this.bySurface.set(acronym, key)
    for (const surface of [name, acronym]) if (surface) this.byIdentity.set(organizationIdentity(surface), key)
  }

  person(written: string, role?: {title: string; organization?: string}): void {
    // "Jokowi" is Joko Widodo: the person's document has the full name, the nickname is an alias.
    const name = NICKNAMES.get(written) ?? written
    // "Dedie A. Rachim" and "Dedie A Rachim": an initial with its dot or without is one person.
    const key = `person:${name.replace(/(?<=\b\p{Lu})\./gu, '')}`
    const existing = this.entities.get(key)
    if (existing?.kind === 'person') {
      existing.aliases.add(written)
      if (role) this.addRole(key, role)
      this.bySurface.set(written, key)
      this.takePendingRoles(key, written)
      return
    }
    const parts = name.split(' ').filter((part) => !NAME_CONNECTORS.has(part.toLowerCase()))
    const aliases = new Set<string>(written === name ? [] : [written])
    if (parts.length >= 2) aliases.add(parts.at(-1)!)
    this.entities.set(key, {kind: 'person', name, aliases, roles: role ? [role] : []})
    this.bySurface.set(name, key)
    this.bySurface.set(written, key)
    this.takePendingRoles(key, written)
    if (name !== written) this.takePendingRoles(key, name)
  }

  /**
   * A role read before a name of one word ("Presiden Prabowo"), which alone makes no person: it goes to the person
   * that name names now, or to the one it names once a rule or the tagger makes one.
   */
  roleOfOneWord(word: string, role: {title: string; organization?: string}): void {
    const key = this.personKey(word) ?? this.personWithToken(word)
    if (key) this.addRole(key, role)
    else this.pendingRoles.set(word, [...(this.pendingRoles.get(word) ?? []), role])
  }

  private addRole(key: string, role: {title: string; organization?: string}): void {
    const entity = this.entities.get(key)
    if (entity?.kind === 'person' && !entity.roles.some((known) => known.title === role.title)) entity.roles.push(role)
  }

  private takePendingRoles(key: string, surface: string): void {
    for (const role of this.pendingRoles.get(surface) ?? []) this.addRole(key, role)
    this.pendingRoles.delete(surface)
  }

  /**
   * An organization the rules cut at the wrong word gets its right name, and the wrong form no longer names it:
   * "Universitas Padjadjaran Ahmad Yani" swallowed the person after it and ends at "Universitas Padjadjaran";
   * "Partai Indonesia" stopped before "Baru". `name` must begin, or be begun by, the name it replaces.
   */
  recutOrganization(key: string, name: string): void {
    const entity = this.entities.get(key)
    if (entity?.kind !== 'organization') return
    const shorter = entity.name.startsWith(`${name} `)
    if (!shorter && (!name.startsWith(`${entity.name} `) || this.bySurface.has(name))) return
    if (this.bySurface.get(entity.name) === key) this.bySurface.delete(entity.name)
    entity.aliases.delete(name)
    entity.name = name
    this.bySurface.set(name, key)
    this.byIdentity.set(organizationIdentity(name), key)
  }

  /** "BPBD Tanah Datar": a region's own body, written as an acronym and the region. */
  regionalOrganization(name: string, acronym: string, kind?: OrganizationKind): void {
    this.organization(name, undefined, kind)
    const key = this.organizationKey(name)
    if (key) this.regional.set(acronym, new Set([...(this.regional.get(acronym) ?? []), key]))
  }

  /**
   * A bare "BPBD" in a story that names one regional BPBD is that body; in a story that names two, it stays the
   * body in general. Roles held in the general one move with it.
   */
  foldRegionalAcronyms(): void {
    for (const [acronym, keys] of this.regional) {
      const general = this.organizationKey(acronym)
      if (keys.size !== 1 || !general || keys.has(general)) continue
      const [into] = keys
      const target = this.entities.get(into!)
      if (target?.kind !== 'organization') continue
      target.aliases.add(acronym)
      this.fold(general, into!)
    }
  }

  /** One entity folded into another: every surface, identity and role organization that named it names `into`. */
  private fold(from: string, into: string): void {
    this.entities.delete(from)
    for (const [surface, key] of this.bySurface) if (key === from) this.bySurface.set(surface, into)
    for (const [identity, key] of this.byIdentity) if (key === from) this.byIdentity.set(identity, into)
    for (const entity of this.entities.values()) {
      if (entity.kind === 'person') for (const role of entity.roles) if (role.organization === from) role.organization = into
    }
  }

  /** How many tokens from `index` spell a known organization's name (longest first), or 0. */
  longestOrganizationAt(run: Run, index: number): number {
    for (let end = run.tokens.length; end > index + 1; end--) {
      if (this.organizationKey(joinTokens(run, index, end))) return end - index
    }
    return 0
  }

  /** "Densus 88" once "Densus 88 Antiteror Polri" is known: a name of two or more words that begins a longer one. */
  private extending(surface: string): string | undefined {
    if (!surface.includes(' ')) return undefined
    for (const [known, key] of this.bySurface) {
      if (!known.startsWith(`${surface} `) || !key.startsWith('organization:')) continue
      // Only a number, a place or another body may follow: "Densus 88" + "Antiteror Polri" is one unit, but
      // "Dewan Perwakilan Rakyat" + "Daerah" is another body.
      const rest = known.slice(surface.length + 1).split(' ')
      if (rest.some((word) => /^\d+$/.test(word) || KNOWN_ORGANIZATIONS.has(word) || PLACES.has(word))) return key
    }
    return undefined
  }

  /**
   * "Koperasi BLN" and "Koperasi Bahana Lintas Nusantara", "Kementerian ESDM" and "Kementerian Energi dan Sumber
   * Daya Mineral": one body, once with the initials of its name's capitalised words after the same head.
   */
  private spelledAlike(name: string): string | undefined {
    if (!name.includes(' ')) return undefined
    for (const [known, key] of this.bySurface) {
      if (key.startsWith('organization:') && (initialsOf(name, known) || initialsOf(known, name))) return key
    }
    return undefined
  }

  /** "Walkot Dedie" found before "Dedie A Rachim": one person, known by both. */
  foldShortNames(): void {
    for (const [key, entity] of [...this.entities]) {
      if (entity.kind !== 'person' || entity.name.includes(' ')) continue
      const full = this.personWithToken(entity.name) ?? this.personCalled(entity.name) ?? this.personSpeltAlike(entity.name)
      if (!full) continue
      const target = this.entities.get(full) as FoundPerson
      target.aliases.add(entity.name)
      // "Fauzi alias Pablo": every name the short form went by names the full one now.
      for (const alias of entity.aliases) if (alias !== target.name) target.aliases.add(alias)
      for (const role of entity.roles) this.addRole(full, role)
      this.fold(key, full)
      this.bySurface.set(entity.name, full)
    }
  }

  has(surface: string): boolean {
    return this.bySurface.has(surface)
  }

  organizationKey(surface: string): string | undefined {
    const key = this.bySurface.get(surface)
    return key?.startsWith('organization:') ? key : undefined
  }

  isOrganizationWord(word: string): boolean {
    return this.organizationKey(word) !== undefined
  }

  organizationIn(run: Run): string | undefined {
    for (let size = run.tokens.length; size >= 1; size--) {
      for (let index = 0; index + size <= run.tokens.length; index++) {
        const key = this.organizationKey(joinTokens(run, index, index + size))
        if (key) return key
      }
    }
    return undefined
  }

  /** The one person whose longer name contains these words in order: "Sri Mulyani" -> Sri Mulyani Indrawati. */
  personContaining(name: string): string | undefined {
    const parts = name.split(' ')
    const matches = [...this.entities].filter(([, entity]) => {
      if (entity.kind !== 'person') return false
      const full = entity.name.split(' ')
      return full.length > parts.length && full.some((_, at) => parts.every((part, offset) => full[at + offset] === part))
    })
    return matches.length === 1 ? matches[0]![0] : undefined
  }

  personKey(name: string): string | undefined {
    const key = this.bySurface.get(name)
    return key?.startsWith('person:') ? key : undefined
  }

  /**
   * A form the text writes an organization in that is no name of its own: "Kepolisian Resor Kota (Polresta) Bogor
   * Kota", the short form inside the name. Mentions find it (findMentions marks the words that name the body in
   * it); the organization's names and aliases do not change.
   */
  writtenAs(name: string, surface: string): void {
    const key = this.organizationKey(name)
    if (key && !this.bySurface.has(surface)) this.bySurface.set(surface, key)
  }

  alias(key: string, name: string): void {
    const entity = this.entities.get(key)
    if (!entity) return
    entity.aliases.add(name)
    this.bySurface.set(name, key)
    this.takePendingRoles(key, name)
  }

  /**
   * The one person whose name has a word ending in this one, as Indonesian nicknames are made: "Tika" -> Dyah
   * Kartika Permanasari, "Harsono" -> Suharsono. At least three letters (four for a name of one word), and shorter
   * than the word it ends.
   */
  private personCalled(nickname: string): string | undefined {
    if (nickname.includes(' ') || nickname.length < 3) return undefined
    const ending = nickname.toLowerCase()
    return this.onePersonWithWord((word) => word.length > ending.length && word.toLowerCase().endsWith(ending), ending.length >= 4)
  }

  /**
   * The one person whose name has this word written with a letter doubled or not: "Kenneth" -> Keneth Rompas, as
   * the same story spells him both ways. Five letters at least.
   */
  private personSpeltAlike(written: string): string | undefined {
    if (written.includes(' ') || written.length < 5) return undefined
    const single = undoubled(written)
    return this.onePersonWithWord((word) => word !== written && undoubled(word) === single)
  }

  /** The person whose full name has this single word as a part: "Stoltenberg" -> Jens Stoltenberg. */
  personWithToken(token: string): string | undefined {
    if (token.includes(' ')) return undefined
    return this.onePersonWithWord((word) => word === token)
  }

  /** The key of the one person with a word in their name that `fits`, or undefined for none or several; full names only unless `oneWordNames`. */
  private onePersonWithWord(fits: (word: string) => boolean, oneWordNames = false): string | undefined {
    let found: string | undefined
    for (const [key, entity] of this.entities) {
      if (entity.kind !== 'person') continue
      const words = entity.name.split(' ')
      if ((words.length > 1 || oneWordNames) && words.some(fits)) {
        if (found !== undefined) return undefined
        found = key
      }
    }
    return found
  }

  /** Every surface form with the entity it names, and one pattern that finds them all. */
  surfaces(): Surfaces {
    const entityOf = new Map(this.surfaceList())
    const byFirstCharacter = new Map<string, string[]>()
    for (const surface of entityOf.keys()) {
      const first = String.fromCodePoint(surface.codePointAt(0)!)
      byFirstCharacter.set(first, [...(byFirstCharacter.get(first) ?? []), surface])
    }
    return {entityOf, byFirstCharacter}
  }

  /** Surface forms longest first, so that "Jens Stoltenberg" wins over "Stoltenberg". */
  private surfaceList(): [string, string][] {
    const result = new Map(this.bySurface)
    for (const [key, entity] of this.entities) {
      for (const alias of entity.aliases) if (!result.has(alias)) result.set(alias, key)
      if (entity.kind === 'person') {
        for (const part of entity.name.split(' ')) {
          if (part.length > 2 && !NAME_CONNECTORS.has(part.toLowerCase()) && !result.has(part) && this.personWithToken(part) === key) {
            result.set(part, key)
          }
        }
      }
    }
    return [...result].sort(([a], [b]) => b.length - a.length)
  }
}

/** A word with every doubled letter written once, case ignored: "Kenneth" and "Keneth" alike. */
const undoubled = (word: string) => word.toLowerCase().replace(/(\p{L})\1+/gu, '$1')

/** Whether `short` is `long` with the words after their shared head written as one acronym of their initials. */
export function initialsOf(short: string, long: string): boolean {
  const shortWords = short.split(' ')
  const acronym = shortWords.pop()!
  if (shortWords.length === 0 || !/^\p{Lu}{2,}$/u.test(acronym)) return false
  const longWords = long.split(' ')
  if (longWords.length < shortWords.length + 2 || shortWords.some((word, at) => longWords[at] !== word)) return false
  const spelt = longWords.slice(shortWords.length)
  if (!/^\p{Lu}/u.test(spelt[0]!) || !/^\p{Lu}/u.test(spelt.at(-1)!)) return false
  const initials = spelt.filter((word) => /^\p{Lu}/u.test(word)).map((word) => word[0]).join('')
  return initials === acronym
}

const withoutCountry = (name: string) => name.replace(/[ -](?:RI|Republik Indonesia)$/, '')

/** "PT Antam Tbk", "PT Pertamina (Persero)": the company's legal form is no part of which company it is. */
const withoutLegalForm = (name: string) => {
  let bare = name
  for (let before = ''; before !== bare; ) {
    before = bare
    bare = bare.replace(/\s+(?:\(Persero\)|Persero|Tbk\.?|Ltd\.?|Inc\.?|Corp\.?)$/, '')
  }
  return bare
}

/**
 * "DPR" inside a name is Dewan Perwakilan Rakyat: an acronym the word lists know, written out. So is a short form
 * after the head its full name begins with, the head written once: "Partai Golkar" is Partai Golongan Karya,
 * "Kementerian ESDM" Kementerian Energi dan Sumber Daya Mineral.
 */
const writtenOut = (word: string, previous: string | undefined) => {
  const known = KNOWN_ORGANIZATIONS.get(word)
  if (!known || known.name.includes('(')) return word
  if (previous !== undefined && known.name.startsWith(`${previous} `)) return known.name.slice(previous.length + 1)
  return /^\p{Lu}{2,}$/u.test(word) ? known.name : word
}

/**
 * The form two names of one organization share: short forms and known acronyms written out, "RI" and a company's
 * legal form dropped, case ignored.
 */
export function organizationIdentity(name: string): string {
  let identity = identities.get(name)
  if (identity === undefined) {
    const words = withoutCountry(withoutLegalForm(name)).split(' ')
    identity = words
      .map((word, at) => SHORT_FORMS.get(word) ?? writtenOut(word, words[at - 1]))
      .join(' ')
      .toLowerCase()
    // Names recur from story to story; the cache starts again past a size no corpus needs.
    if (identities.size >= 100_000) identities.clear()
    identities.set(name, identity)
  }
  return identity
}

const identities = new Map<string, string>()

function guessKind(name: string): OrganizationKind {
  const head = name.split(' ')[0] ?? ''
  if (/^(Kementerian|Badan|Dinas|Dewan|Komisi|Pemerintah|Pemprov|Pemkab|Pemkot|Polda|Polres|Polresta|Polsek|Kepolisian|Kejaksaan|Pengadilan|Mahkamah|Direktorat|Kantor|Majelis|Lembaga|Satuan)$/.test(head)) return 'government'
  if (/^(PT|CV|Bank)$/.test(head) || /\b(Tbk|Persero)\b/.test(name)) return 'company'
  if (head === 'Partai') return 'party'
  if (/^(Pakta|Organisasi)$/.test(head)) return 'intergovernmental'
  if (/^(Yayasan|Lembaga|Asosiasi|Perhimpunan|Ikatan|Himpunan)$/.test(head)) return 'ngo'
  if (/\b(Agency|News|Times|Post)\b/.test(name)) return 'media'
  return 'other'
}
