// Terminal escape sequences (colours, cursor moves, window titles) and control characters have no place in news
// text: pasted from a terminal or a broken export, they would reach editors and front ends, and a report printing
// them would drive the user's terminal.
const ESCAPE_SEQUENCES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]|\u009b[0-?]*[ -/]*[@-~]/g
// C0 controls but tab and line feed, DEL, and C1 controls.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g

/** The text without escape sequences and control characters (tabs and line breaks stay). */
export function stripControls(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROLS, '')
}
