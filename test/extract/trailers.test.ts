import { describe, expect, it } from 'vitest';
import { parseTrailerBytes, parseTrailers } from '../../src/extract/trailers.ts';

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

describe('parseTrailerBytes', () => {
  it('gives exactly what parseTrailers gives on the decoded message, for messages built from awkward pieces', () => {
    // Pieces chosen to hit every branch: blank and whitespace-only lines, keys with digits and hyphens,
    // a colon without whitespace, tabs, continuation lines, U+2028 in a value, non-ASCII and invalid UTF-8,
    // CR (handed to the string parser), NBSP (trimmed by JavaScript), a lone key line.
    const pieces = [
      '\n', ' \n', '\t\n', 'Subject line\n', 'Signed-off-by: A <a@x>\n', 'Co-authored-by:\tB <b@y>\n', 'Key:\n', '  folded value\n',
      '\tmore\n', 'https://example.com\n', 'Fixes: #12\n', 'X-1: v\u2028w\n', 'Ünïcode: välue\n', 'Note: \u00a0padded\u00a0\n',
      'a-b: c\r\n', 'Reviewed-by: R <r@z>', '9x: y\n', '-bad: key\n', 'Key : spaced\n', 'K:  \n', '   \n',
    ];
    const invalid = [Buffer.from([0xe2, 0x80]), Buffer.from([0xff]), Buffer.from([0xc3])];
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 3000; round++) {
      const parts: Buffer[] = [];
      const n = 1 + rand(9);
      for (let k = 0; k < n; k++) parts.push(rand(12) === 0 ? invalid[rand(invalid.length)]! : Buffer.from(pieces[rand(pieces.length)]!, 'utf8'));
      const bytes = Buffer.concat(parts);
      expect(parseTrailerBytes(bytes), JSON.stringify(bytes.toString('latin1'))).toEqual(parseTrailers(bytes.toString('utf8')));
    }
  });

  it('reads a slice of a larger buffer', () => {
    const buf = Buffer.from('xxSubject\n\nAcked-by: A <a@x>\nyy');
    expect(parseTrailerBytes(buf, 2, buf.length - 3)).toEqual([['Acked-by', 'A <a@x>']]);
  });
});
