import {GENERIC_ORGANIZATION_WORDS, KNOWN_ORGANIZATION_NAMES, KNOWN_ORGANIZATIONS, NAME_OPENERS, ORGANIZATION_HEADS, ORGANIZATION_STOPS, ORGANIZATION_TAILS, PERSON_TITLES, PLACE_HEADS, PLACES, ROLE_COMPLEMENTS, ROLE_WORDS, SENTENCE_STARTERS} from '../../lexicon'
import {ACRONYM, MEDIA_AFTER, MEDIA_BEFORE, SPEECH_AFTER} from '../cues'
import type {Registry} from '../registry'
import {joinTokens, stripLeading, words, type Run} from '../runs'
import {isCapitalised} from '../tokens'
import {continuationAfterBracket, isAcronymOf} from './acronymDefinitions'
import {isNameWord} from './persons'
import {placeLengthAt, placesIn} from './places'

export function findOrganizations(run: Run, found: Registry, places: Set<string>): void {
  const tokens = run.tokens
  for (let index = 0; index < tokens.length; index++) {
    const word = tokens[index]!.text
    // A name the story already defined ("Pakta Pertahanan Atlantik Utara (NATO)") is not cut short again.
    const known = found.longestOrganizationAt(run, index)
    if (known > 0) {
      index += known - 1
      continue
    }
    // "Kantor Dinas Pendidikan ...": the office of the body, named by the body.
    if (ORGANIZATION_HEADS.has(word) && ORGANIZATION_HEADS.has(tokens[index + 1]?.text ?? '')) continue
    // "Presiden Amerika Serikat Donald Trump": a head that ends a place's name opens no body.
    if (ORGANIZATION_HEADS.has(word) && [1, 2].some((back) => index >= back && placeLengthAt(run, index - back) > back)) continue
    if (ORGANIZATION_HEADS.has(word)) {
      // "Pemprov Riau", "Dinas Tanaman Pangan", "Polres Tanah Karo": the head and the words that name it. After a
      // place, a known organization or a number ("Komisi II DPR", "Wilayah V") only more of those follow, so a
      // person's name after it is not swallowed.
      let end = index + 1
      let anchored = false
      while (end < tokens.length) {
        const next = tokens[end]!.text
        // "Komisi Fatwa Majelis Ulama Indonesia": a body the story names, inside this one's name.
        const inner = found.longestOrganizationAt(run, end)
        if (inner > 0) {
          end += inner
          anchored = true
          continue
        }
        const place = placeLengthAt(run, end)
        if (place > 0) {
          end += place
          anchored = true
          continue
        }
        // "Kantor Presiden dan Istana Negara": "dan" before another body or a place joins two names; not before the
        // words of a ministry's name ("Kementerian Perumahan dan Kawasan Permukiman").
        const joined = tokens[end + 1]?.text ?? ''
        if (next === 'dan' && (end + 1 >= tokens.length || ORGANIZATION_HEADS.has(joined) || (PLACE_HEADS.has(joined) && !ROLE_COMPLEMENTS.has(joined)))) break
        if (!ROLE_COMPLEMENTS.has(next) && (ROLE_WORDS.has(next) || PERSON_TITLES.has(next))) break
        // "Putusan Mahkamah Agung Nomor 5834": a number cited after a body is a ruling's, not part of its name.
        if (ORGANIZATION_STOPS.has(next)) break
        // "Komisi X DPR RI Lalu Hadrian Irfani": a word that opens names, before a name, is the person's.
        const following = tokens[end + 1]?.text ?? ''
        if (NAME_OPENERS.has(next) && following.length > 1 && isNameWord(following, found)) break
        const anchor = KNOWN_ORGANIZATIONS.has(next) || found.isOrganizationWord(next) || /^(?:[IVXL]+|\d+)$/.test(next) || /^\p{Lu}{2,}$/u.test(next)
        // "Kementerian Haji dan Umrah Kerajaan Arab Saudi": a word before a place goes on with it.
        if (anchored && !anchor && !ROLE_COMPLEMENTS.has(next) && !(isCapitalised(next) && end + 1 < tokens.length && placeLengthAt(run, end + 1) > 0)) break
        if (anchor) anchored = true
        end++
        // "Kementerian Dalam Negeri La Ode Ahmad P. Bolombo": a name the lists know in full is a whole name, and
        // only what continues a body's name may follow it.
        if (KNOWN_ORGANIZATION_NAMES.has(joinTokens(run, index, end))) anchored = true
      }
      while (end > index + 1 && tokens[end - 1]!.text === 'dan') end--
      // "Kepala Badan Pangan Nasional Arief Prasetyo Adi": after a role word, the name words that follow the
      // organization's last known word are the person holding the role.
      if (tokens.slice(0, index).some((token) => ROLE_WORDS.has(token.text))) {
        let last = end - 1
        while (last > index && isNameWord(tokens[last]!.text, found)) last--
        if (last > index && end - (last + 1) >= 2) end = last + 1
      }
      // "Kantor Wilayah", "Bank Sentral", "Detasemen Khusus": kinds of body, not the name of one.
      const generic = tokens.slice(index, end).every((token) => ORGANIZATION_HEADS.has(token.text) || GENERIC_ORGANIZATION_WORDS.has(token.text))
      if (end > index + 1 && (!generic || end === tokens.length)) {
        let name = joinTokens(run, index, end)
        const rest = run.paragraph.text.slice(tokens[end - 1]!.end)
        let acronym = /^\s*\(([^()]{2,12})\)/.exec(rest)?.[1]
        if (acronym && !isAcronymOf(acronym, name)) acronym = undefined
        // "Kepolisian Resor Kota (Polresta) Bogor Kota", "Detasemen Khusus (Densus) 88 Antiteror Polri": the short
        // form sits inside the name, and what follows it belongs to both.
        const continued = acronym && end === tokens.length ? continuationAfterBracket(rest) : undefined
        let written: string | undefined
        if (continued) {
          written = `${name} (${acronym}) ${continued}`
          name = `${name} ${continued}`
          acronym = `${acronym} ${continued}`
        } else if (generic) {
          continue
        }
        if (!found.has(name)) found.organization(name, acronym)
        if (written) found.writtenAs(name, written)
        index = end - 1
        continue
      }
    }
    const tail = tokens.findIndex((token, at) => at > index && ORGANIZATION_TAILS.has(token.text))
    // A head inside the run ("Saham PT Antam Tbk") starts the name there, and the head's own reading finds it; so
    // does a word that may end a name or begin one, where a name goes on after it ("Grameen Bank", "DBS Bank Ltd",
    // but "yang Dikeluarkan Bank Indonesia").
    const after = tokens[tail + 1]?.text
    const opens = tail > index && ORGANIZATION_HEADS.has(tokens[tail]!.text) && after !== undefined && !ORGANIZATION_TAILS.has(after)
    if (tail > index && index === 0 && !opens && !tokens.slice(1, tail).some((token) => ORGANIZATION_HEADS.has(token.text))) {
      // "Anadolu Agency", "Advanced Technology Research Council": capitalised words ending in an organization word.
      // "DBS Bank Ltd": tails after the tail are part of the name.
      let last = tail
      while (ORGANIZATION_TAILS.has(tokens[last + 1]?.text ?? '')) last++
      const stripped = stripLeading(tokens.slice(0, last + 1), run)
      // "Gedung Islamic Center": a place's head before it makes a building of it.
      if (stripped.length >= 2 && stripped.every((token) => isCapitalised(token.text)) && !PLACE_HEADS.has(stripped[0]!.text)) found.organization(words(stripped).join(' '))
    }
  }
  // Known organizations by the form a story uses: "DPR", "KPK", "Anadolu Agency"; the longest form wins, so
  // "Anadolu" inside "Anadolu Agency" is not a second name for it.
  const covered = new Set<number>()
  for (let size = Math.min(4, tokens.length); size >= 1; size--) {
    for (let index = 0; index + size <= tokens.length; index++) {
      let free = true
      for (let at = index; at < index + size && free; at++) free = !covered.has(at)
      if (!free) continue
      const surface = joinTokens(run, index, index + size)
      const known = KNOWN_ORGANIZATIONS.get(surface)
      if (!known) continue
      for (let at = index; at < index + size; at++) covered.add(at)
      // "BPBD Tanah Datar", "KPU Kabupaten Bogor": an acronym and the region it serves name that region's own body,
      // as written (what a regional "DKPP" stands for differs from the national one's).
      const place = surface !== known.name && /^\p{Lu}{2,}$/u.test(surface) && index + size < tokens.length ? placeLengthAt(run, index + size) : 0
      if (place > 0) {
        for (let at = index + size; at < index + size + place; at++) covered.add(at)
        const regional = joinTokens(run, index, index + size + place)
        if (!found.has(regional)) found.regionalOrganization(regional, surface, known.kind)
        continue
      }
      if (!found.has(surface)) found.organization(known.name, surface === known.name ? undefined : surface, known.kind)
    }
  }
  // "TNI-Polri": two known organizations written as one word.
  for (const token of tokens) {
    const parts = token.text.split('-')
    if (parts.length > 1 && parts.every((part) => KNOWN_ORGANIZATIONS.has(part))) {
      for (const part of parts) {
        const known = KNOWN_ORGANIZATIONS.get(part)!
        if (!found.has(part)) found.organization(known.name, part === known.name ? undefined : part, known.kind)
      }
    }
  }
  // A media outlet the story cites by name, known or not: "VIVA Militer melaporkan".
  if (MEDIA_AFTER.test(run.after) || MEDIA_BEFORE.test(run.before)) {
    let named = stripLeading(tokens, run)
    // "dilansir AFP Minggu (19/10/2025)": the day of a date is no part of the outlet's name.
    if (named.length > 1 && /^\s*\(\d/.test(run.after) && SENTENCE_STARTERS.has(named.at(-1)!.text)) named = named.slice(0, -1)
    const name = words(named).join(' ')
    // "Jokowi melaporkan ..." is a person reporting to the police: an unknown outlet has two words or capitals.
    if (named.length < 2 && !ACRONYM.test(name)) return
    if (!found.has(name) && !PLACES.has(name) && !isPersonLike(run)) found.organization(name, undefined, 'media')
  }
  for (const place of placesIn(run)) places.add(place)
}

function isPersonLike(run: Run): boolean {
  return SPEECH_AFTER.test(run.after) && run.tokens.length <= 3 && !run.tokens.some((t) => ACRONYM.test(t.text))
}
