/** The article `npm run seed` imports when given no file: a byte-identical copy of the project's source text. */
export const DEFAULT_SOURCE = 'seed/sources/warta-ekonomi-armenia-minta-bantuan-nato.txt'
