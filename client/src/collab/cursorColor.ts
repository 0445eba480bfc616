/**
 * A stable colour per person: the same person has the same cursor colour in every browser.
 * Dark enough (lightness 36%) for the white cursor label text to stay readable.
 */
export function cursorColor(personId: string): string {
  let hash = 0;
  for (const char of personId) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) | 0;
  const hue = Math.abs(hash) % 360;
  return `hsl(${hue} 70% 36%)`;
}
