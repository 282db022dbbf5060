import { describe, expect, it } from 'vitest';
import { parseTrailers } from '../../src/extract/trailers.ts';

describe('parseTrailers', () => {
  it('reads the trailer block of a subject + trailers message, keys as written', () => {
    const msg =
      'Add hidden state mixing (#6566)\n\n' +
      'Signed-off-by: Yaniv G <yg@example.com>\n' +
      'Co-authored-by: Jared C <155158+jc@users.noreply.github.com>\n' +
      'Co-Authored-By: Claude <noreply@anthropic.com>\n';
    expect(parseTrailers(msg)).toEqual([
      ['Signed-off-by', 'Yaniv G <yg@example.com>'],
      ['Co-authored-by', 'Jared C <155158+jc@users.noreply.github.com>'],
      ['Co-Authored-By', 'Claude <noreply@anthropic.com>'],
    ]);
  });

  it('never takes the subject line, even when it looks like a trailer', () => {
    expect(parseTrailers('fix: handle empty input\n')).toEqual([]);
    expect(parseTrailers('fix: handle empty input\n\nFixes: #12\n')).toEqual([['Fixes', '#12']]);
  });

  it('skips leading blank lines before the subject and removes CR', () => {
    expect(parseTrailers('\n\nci: bump\r\n\r\nSigned-off-by: A <a@x>\r\n')).toEqual([['Signed-off-by', 'A <a@x>']]);
  });

  it('accepts trailer lines right under the subject (one-paragraph message)', () => {
    expect(parseTrailers('Bump version\nSigned-off-by: A <a@x>')).toEqual([['Signed-off-by', 'A <a@x>']]);
  });

  it('takes trailer-looking lines in earlier body paragraphs as well as the final one', () => {
    const msg = 'Subject\n\nProse paragraph.\nNote: this changes the API.\nMore prose.\n\nReviewed-by: B <b@x>\n';
    expect(parseTrailers(msg)).toEqual([
      ['Note', 'this changes the API.'],
      ['Reviewed-by', 'B <b@x>'],
    ]);
  });

  it('folds continuation lines (leading space or tab) into the value with one space', () => {
    const msg = 'Subject\n\nCo-authored-by: A Very\n   Long Name <a@x>\nSigned-off-by:\n\tB <b@x>\n';
    expect(parseTrailers(msg)).toEqual([
      ['Co-authored-by', 'A Very Long Name <a@x>'],
      ['Signed-off-by', 'B <b@x>'],
    ]);
  });

  it('does not fold an indented line that follows prose or a blank line', () => {
    const msg = 'Subject\n\nSome prose\n    indented code: x\n\nKey: v\n\n  not a continuation\n';
    expect(parseTrailers(msg)).toEqual([['Key', 'v']]);
  });

  it('rejects URLs, keys with spaces or other characters, and empty values; trims values', () => {
    const msg =
      'Subject\n\n' +
      'https://example.com/pull/1\n' +
      'Signed off by: A <a@x>\n' +
      'Key_with_underscore: v\n' +
      'Changes:\n' +
      '\n' +
      'Acked-by:    C <c@x>   \n' +
      'Ticket-2: 42\n';
    expect(parseTrailers(msg)).toEqual([
      ['Acked-by', 'C <c@x>'],
      ['Ticket-2', '42'],
    ]);
  });

  it('returns nothing for an empty message or a subject alone', () => {
    expect(parseTrailers('')).toEqual([]);
    expect(parseTrailers('\n\n')).toEqual([]);
    expect(parseTrailers('Just a subject')).toEqual([]);
  });
});
