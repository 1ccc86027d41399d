/** The message of an error that lists every problem found in content files: a count, then one line each (20 at most). */
export function problemListMessage(what: string, lines: readonly string[]): string {
  const shown = lines.slice(0, 20).map((line) => `  ${line}`);
  if (lines.length > 20) shown.push(`  … and ${lines.length - 20} more`);
  return `${what} is invalid (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n${shown.join('\n')}`;
}
