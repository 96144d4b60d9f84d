/**
 * A problem of a stock file in the user's words: where (row and column as the
 * spreadsheet shows them) and what, from its code and details; the server's English
 * message stands in for a code this app version does not know.
 */
import { columnLetter, type ImportIssue } from '../../../core/import/issues';
import { t } from './messages';

export function whereText(i: ImportIssue): string {
  const column = i.column === null ? null : `${columnLetter(i.column)}${i.header ? ` (${i.header})` : ''}`;
  if (i.row !== null && column) return t('where', { row: i.row, column });
  if (i.row !== null) return t('whereRow', { row: i.row });
  return column ? t('whereColumn', { column }) : '';
}

export function issueText(i: ImportIssue): string {
  const key = `issue_${i.code}`;
  if (!t.has(key)) return i.message;
  const details = i.details ?? {};
  // A detail the template names but the issue lacks would show as "{value}": fall back to the message.
  const text = t(key, details);
  return /\{\w+\}/.test(text) ? `${t(key, { value: '…', item: '…', other: '…', first: '…', unit: '' })}` : text;
}
