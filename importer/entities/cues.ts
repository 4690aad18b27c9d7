/** The cue phrases of Indonesian news around a name, as patterns; the phrases themselves are data (cues.tsv). */
import {ATTRIBUTION_VERBS, CUES, SPEECH_VERBS} from '../lexicon'

const phrases = (kind: string) => [...(CUES.get(kind) ?? [])].sort((a, b) => b.length - a.length).join('|')

// "Pakta Pertahanan Atlantik Utara (NATO)": a capitalised name, then its acronym in brackets.
export const ACRONYM = /^(?=(?:.*\p{Lu}){2})[\p{Lu}\p{N}][\p{L}\p{N}&\-]{1,11}$/u

// "Jens Stoltenberg mengatakan", "..., Budi menambahkan", "Simanjutak juga mengaku": a speech verb right after a
// name, or after one adverb.
export const SPEECH_AFTER = new RegExp(`^\\s*,?\\s*(?:(?:${phrases('speech-adverb')})\\s+)?(?:${[...SPEECH_VERBS].join('|')})\\b`, 'i')

// `"...," kata Stoltenberg`: an attribution verb right before a name.
export const ATTRIBUTION_BEFORE = new RegExp(`\\b(?:${[...ATTRIBUTION_VERBS].join('|')})\\s*$`, 'i')

// "VIVA Militer melaporkan", "seperti dilansir Reuters", "dikutip dari Anadolu Agency", "mengutip Xinhua"
export const MEDIA_BEFORE = new RegExp(`\\b(?:${phrases('media-before')})\\s*$`, 'i')

// "seorang pria bernama Armi Siregar": the story says outright that this is a name.
export const NAMED = new RegExp(`\\b(?:${phrases('named')})\\s+$`, 'i')

// "Armi Siregar (27)", "Encep Nurjaman alias Hambali": an age in brackets or an alias follows a person's name.
export const AGE_OR_ALIAS = /^\s*(?:\(\d{1,3}\)|alias\s+\p{Lu})/u

// "VIVA Militer melaporkan": an outlet reporting.
export const MEDIA_AFTER = new RegExp(`^\\s*(?:${phrases('media-after')})\\b`, 'i')
