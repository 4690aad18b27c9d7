/** Recorded in each article's provenance; bump when the importer would write different documents for the same text. */
export const IMPORTER_VERSION = '0.1.0'
