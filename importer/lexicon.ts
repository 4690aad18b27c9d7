/**
 * The importer's knowledge of Indonesian news, as its stages import it. The data itself lives in files, one kind per
 * file, in `importer/language/id/` (see the README there).
 */
export * from './language/id'
