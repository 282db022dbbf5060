/**
 * Hand-built repositories and the records derived from them by hand.
 *
 * Every expected path list below was worked out from the tree specs, not by
 * running either backend.
 */
import { join } from 'node:path';
import type { CommitRecord, Trailer } from '../../src/extract/types.ts';
import { RepoBuilder, type Ident } from './helpers.ts';

/** A hand-built repo: where it is, its commit ids by label, and its expected records. */
export interface Fixture {
  readonly repo: string;
  readonly gitdir: string;
  readonly branch: string;
  readonly ids: Record<string, string>;
  /** Expected records, in the order RepoRecords requires. */
  readonly expected: CommitRecord[];
}

export const T = 1_700_000_000;

// isomorphic-git's timezoneOffset is minutes WEST of UTC: -330 is +0530.
const alice = (timestamp: number): Ident => ({ name: 'Alice Example', email: 'alice@example.com', timestamp, timezoneOffset: -330 });
const bob = (timestamp: number): Ident => ({ name: 'Bob Example', email: 'Bob@Example.org', timestamp, timezoneOffset: 300 });
const carol = (timestamp: number): Ident => ({ name: 'Carol Committer', email: 'carol@example.com', timestamp, timezoneOffset: 0 });

interface Exp {
  parents: string[];
  author: [string, string, number, number];
  committer: [string, string, number];
  trailers?: Trailer[];
  paths: string[];
}

function record(id: string, e: Exp): CommitRecord {
  return {
    id,
    parents: e.parents,
    authorName: e.author[0],
    authorEmail: e.author[1],
    authorTime: e.author[2],
    authorTz: e.author[3],
    committerName: e.committer[0],
    committerEmail: e.committer[1],
    committerTime: e.committer[2],
    trailers: e.trailers ?? [],
    paths: e.paths,
  };
}

function sortExpected(records: CommitRecord[]): CommitRecord[] {
  return records.sort((a, b) => a.committerTime - b.committerTime || (a.id < b.id ? -1 : 1));
}

const SUB1 = '1111111111111111111111111111111111111111';
const SUB2 = '2222222222222222222222222222222222222222';

/**
 * A linear history with a side branch merged back: root commit, modification,
 * mode change, rename (no rename detection), nested directories, a deleted
 * directory, a directory replaced by a file, a file turned into a symlink with
 * the same blob, a merge (paths against its first parent), a submodule added
 * and moved, an empty commit, trailers.
 */
export async function buildHistory(root: string): Promise<Fixture> {
  const gitdir = join(root, 'acme', 'history.git');
  const b = await RepoBuilder.create(gitdir, 'main');
  const tree1 = {
    'README.md': 'readme v1',
    'run.sh': 'echo hi',
    src: { 'a.py': 'a v1', util: { 'b.py': 'b v1' } },
    docs: { guide: { 'intro.md': 'intro', 'setup.md': 'setup' } },
  };
  const c1 = await b.commit({ tree: tree1, message: 'Initial commit\n', author: alice(T), committer: carol(T + 10) });

  const tree2 = {
    'README.md': 'readme v1',
    'run.sh': { content: 'echo hi', mode: '100755' as const },
    src: { 'a.py': 'a v1', util: { 'b.py': 'b v2', 'c.py': 'c v1' } },
    docs: { guide: { 'intro.md': 'intro', 'setup.md': 'setup' } },
  };
  const c2 = await b.commit({
    tree: tree2,
    parents: [c1],
    message:
      'Tweak util helpers\n\nMake b faster and add c.\nSee: https://example.com/issue/1\n\n' +
      'Co-authored-by: Dana Dev <dana@example.net>\nSigned-off-by: Bob Example <Bob@Example.org>\n',
    author: bob(T + 100),
    committer: carol(T + 110),
  });

  const tree3 = {
    'README.md': 'readme v1',
    'run.sh': { content: 'echo hi', mode: '100755' as const },
    src: { core: { 'a.py': 'a v1' }, util: { 'b.py': 'b v2', 'c.py': 'c v1' } },
  };
  const c3 = await b.commit({
    tree: tree3,
    parents: [c2],
    message: 'Move a.py into core and drop the guide\n\nCo-Authored-By: Erin <erin@example.com>\n',
    author: alice(T + 200),
    committer: carol(T + 300),
  });

  const treeS1 = {
    ...tree2,
    feature: { 'x.py': 'x v1' },
    src: { 'a.py': 'a v1', util: { 'b.py': 'b v3', 'c.py': 'c v1' } },
  };
  // Same committer time as c3: the two are ordered by id.
  const s1 = await b.commit({ tree: treeS1, parents: [c2], message: 'Side feature\n', author: alice(T + 250), committer: alice(T + 300) });

  const tree4 = {
    'README.md': { symlink: 'readme v1' },
    'run.sh': { content: 'echo hi', mode: '100755' as const },
    src: { core: { 'a.py': 'a v1' }, util: 'util is a file now' },
  };
  const c4 = await b.commit({ tree: tree4, parents: [c3], message: 'Flatten util\n', author: bob(T + 400), committer: carol(T + 400) });

  const treeM = { ...tree4, feature: { 'x.py': 'x v1' } };
  const m = await b.commit({ tree: treeM, parents: [c4, s1], message: "Merge branch 'side'\n", author: carol(T + 500) });

  const gitmodules = '[submodule "vendor/lib"]\n\tpath = vendor/lib\n\turl = https://example.com/lib.git\n';
  const tree5 = { ...treeM, '.gitmodules': gitmodules, vendor: { lib: { gitlink: SUB1 } } };
  const c5 = await b.commit({ tree: tree5, parents: [m], message: 'Add lib submodule\n', author: alice(T + 600), committer: carol(T + 600) });

  const tree6 = { ...treeM, '.gitmodules': gitmodules, vendor: { lib: { gitlink: SUB2 } } };
  const c6 = await b.commit({ tree: tree6, parents: [c5], message: 'Bump lib\n', author: alice(T + 700), committer: carol(T + 700) });
  const c7 = await b.commit({ tree: tree6, parents: [c6], message: 'Empty commit\n', author: bob(T + 800), committer: carol(T + 800) });
  await b.setBranch('main', c7);

  const A = ['Alice Example', 'alice@example.com'] as const;
  const B = ['Bob Example', 'Bob@Example.org'] as const;
  const C = ['Carol Committer', 'carol@example.com'] as const;
  const expected = sortExpected([
    record(c1, {
      parents: [],
      author: [...A, T, 330],
      committer: [...C, T + 10],
      paths: ['README.md', 'docs/guide/intro.md', 'docs/guide/setup.md', 'run.sh', 'src/a.py', 'src/util/b.py'],
    }),
    record(c2, {
      parents: [c1],
      author: [...B, T + 100, -300],
      committer: [...C, T + 110],
      trailers: [
        ['See', 'https://example.com/issue/1'],
        ['Co-authored-by', 'Dana Dev <dana@example.net>'],
        ['Signed-off-by', 'Bob Example <Bob@Example.org>'],
      ],
      // mode change of run.sh, b.py modified, c.py added
      paths: ['run.sh', 'src/util/b.py', 'src/util/c.py'],
    }),
    record(c3, {
      parents: [c2],
      author: [...A, T + 200, 330],
      committer: [...C, T + 300],
      trailers: [['Co-Authored-By', 'Erin <erin@example.com>']],
      // rename listed as delete + add; the whole docs/ tree deleted
      paths: ['docs/guide/intro.md', 'docs/guide/setup.md', 'src/a.py', 'src/core/a.py'],
    }),
    record(s1, {
      parents: [c2],
      author: [...A, T + 250, 330],
      committer: [...A, T + 300],
      paths: ['feature/x.py', 'src/util/b.py'],
    }),
    record(c4, {
      parents: [c3],
      author: [...B, T + 400, -300],
      committer: [...C, T + 400],
      // README.md: same blob, file -> symlink; src/util: directory -> file
      paths: ['README.md', 'src/util', 'src/util/b.py', 'src/util/c.py'],
    }),
    record(m, {
      parents: [c4, s1],
      author: [...C, T + 500, 0],
      committer: [...C, T + 500],
      // against the first parent c4 only
      paths: ['feature/x.py'],
    }),
    record(c5, { parents: [m], author: [...A, T + 600, 330], committer: [...C, T + 600], paths: ['.gitmodules', 'vendor/lib'] }),
    record(c6, { parents: [c5], author: [...A, T + 700, 330], committer: [...C, T + 700], paths: ['vendor/lib'] }),
    record(c7, { parents: [c6], author: [...B, T + 800, -300], committer: [...C, T + 800], paths: [] }),
  ]);
  return { repo: 'acme/history', gitdir, branch: 'main', ids: { c1, c2, c3, s1, c4, m, c5, c6, c7 }, expected };
}

/** Two unrelated root commits merged: the merge lists the second root's files only. */
export async function buildTwoRoots(root: string): Promise<Fixture> {
  const gitdir = join(root, 'acme', 'two-roots.git');
  const b = await RepoBuilder.create(gitdir, 'trunk');
  const r1 = await b.commit({ tree: { 'a.txt': 'a' }, message: 'Root one\n', author: alice(T) });
  const r2 = await b.commit({ tree: { lib: { 'b.txt': 'b' } }, message: 'Root two\n', author: bob(T + 10) });
  const m = await b.commit({ tree: { 'a.txt': 'a', lib: { 'b.txt': 'b' } }, parents: [r1, r2], message: 'Join histories\n', author: carol(T + 20) });
  await b.setBranch('trunk', m);
  const expected = [
    record(r1, { parents: [], author: ['Alice Example', 'alice@example.com', T, 330], committer: ['Alice Example', 'alice@example.com', T], paths: ['a.txt'] }),
    record(r2, { parents: [], author: ['Bob Example', 'Bob@Example.org', T + 10, -300], committer: ['Bob Example', 'Bob@Example.org', T + 10], paths: ['lib/b.txt'] }),
    record(m, { parents: [r1, r2], author: ['Carol Committer', 'carol@example.com', T + 20, 0], committer: ['Carol Committer', 'carol@example.com', T + 20], paths: ['lib/b.txt'] }),
  ];
  return { repo: 'acme/two-roots', gitdir, branch: 'trunk', ids: { r1, r2, m }, expected };
}

/**
 * Commits written byte by byte: two spaces before `<` (git trims the name),
 * a Latin-1 name and message under an `encoding ISO-8859-1` header (decoded
 * from Latin-1, as git log converts it), invalid UTF-8 in a commit without an
 * encoding header (U+FFFD), a Shift_JIS commit, a `-0000` timezone (0, not
 * -0), a CRLF message.
 */
export async function buildRawIdents(root: string): Promise<Fixture> {
  const gitdir = join(root, 'acme', 'raw.git');
  const b = await RepoBuilder.create(gitdir, 'main');
  const tree = await b.tree({ 'x.txt': 'x' });
  const r1 = await b.rawCommit(
    Buffer.concat([
      Buffer.from(`tree ${tree}\nauthor Eve  Example  <eve@example.com> ${T} -0130\ncommitter J`, 'latin1'),
      Buffer.from([0xfc]),
      Buffer.from(`rgen <jurgen@example.de> ${T + 100} +0100\nencoding ISO-8859-1\n\nCaf`, 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from(' subject\n\nSigned-off-by: J', 'latin1'),
      Buffer.from([0xfc]),
      Buffer.from('rgen <jurgen@example.de>\n', 'latin1'),
    ]),
  );
  const tree2 = await b.tree({ 'x.txt': 'x2' });
  const r2 = await b.rawCommit(
    Buffer.from(
      `tree ${tree2}\nparent ${r1}\nauthor Zed <zed@example.com> ${T + 200} -0000\ncommitter Zed <zed@example.com> ${T + 200} -0000\n\n` +
        'Subject\r\n\r\nReviewed-by: Yan <yan@example.com>\r\n',
      'utf8',
    ),
  );
  const r3 = await b.rawCommit(
    Buffer.concat([
      Buffer.from(`tree ${tree2}\nparent ${r2}\nauthor M`, 'latin1'),
      Buffer.from([0xfc]),
      Buffer.from(`ller <m@example.com> ${T + 300} +0000\ncommitter Zed <zed@example.com> ${T + 300} +0000\n\nNo encoding header\n`, 'latin1'),
    ]),
  );
  // 山田 in Shift_JIS, declared by the header
  const r4 = await b.rawCommit(
    Buffer.concat([
      Buffer.from(`tree ${tree2}\nparent ${r3}\nauthor `, 'latin1'),
      Buffer.from([0x8e, 0x52, 0x93, 0x63]),
      Buffer.from(` <yamada@example.jp> ${T + 400} +0900\ncommitter Zed <zed@example.com> ${T + 400} +0000\nencoding Shift_JIS\n\nSubject\n\nAcked-by: `, 'latin1'),
      Buffer.from([0x8e, 0x52, 0x93, 0x63]),
      Buffer.from(' <yamada@example.jp>\n', 'latin1'),
    ]),
  );
  await b.setBranch('main', r4);
  const expected = [
    record(r1, {
      parents: [],
      author: ['Eve  Example', 'eve@example.com', T, -90],
      committer: ['J\u00fcrgen', 'jurgen@example.de', T + 100],
      trailers: [['Signed-off-by', 'J\u00fcrgen <jurgen@example.de>']],
      paths: ['x.txt'],
    }),
    record(r2, {
      parents: [r1],
      author: ['Zed', 'zed@example.com', T + 200, 0],
      committer: ['Zed', 'zed@example.com', T + 200],
      trailers: [['Reviewed-by', 'Yan <yan@example.com>']],
      paths: ['x.txt'],
    }),
    record(r3, { parents: [r2], author: ['M\uFFFDller', 'm@example.com', T + 300, 0], committer: ['Zed', 'zed@example.com', T + 300], paths: [] }),
    record(r4, {
      parents: [r3],
      author: ['\u5c71\u7530', 'yamada@example.jp', T + 400, 540],
      committer: ['Zed', 'zed@example.com', T + 400],
      trailers: [['Acked-by', '\u5c71\u7530 <yamada@example.jp>']],
      paths: [],
    }),
  ];
  return { repo: 'acme/raw', gitdir, branch: 'main', ids: { r1, r2, r3, r4 }, expected };
}

/**
 * Commits with identity lines git reads leniently or not at all (git's
 * `split_ident_line` and `show_ident_date`), written byte by byte, one oddity
 * each, as a chain on one tree: a `+99999` timezone (kept: 999 h 99 min is
 * 60,039 minutes), a negative timestamp, a missing `>`, no email, no
 * timestamp, no timezone, a committer without a date, a stray `>` and
 * trailing junk, two `author` lines (git reads the last), a NUL in the
 * message (git's `%B` stops there), an empty name and email, a timestamp too
 * large to hold, a timezone beyond `INT_MAX` (read as 0), no author line, and
 * leading spaces in a name (kept).
 */
export async function buildMalformed(root: string): Promise<Fixture> {
  const gitdir = join(root, 'acme', 'malformed.git');
  const b = await RepoBuilder.create(gitdir, 'main');
  const tree = await b.tree({ 'x.txt': 'x' });
  const committer = (k: number): string => `committer Carol Committer <carol@example.com> ${T + k} +0000`;
  const ids: Record<string, string> = {};
  let parent: string | undefined;
  const raw = async (label: string, headers: string[], message = `${label}\n`): Promise<string> => {
    const text = [`tree ${tree}`, ...(parent ? [`parent ${parent}`] : []), ...headers].join('\n') + `\n\n${message}`;
    parent = await b.rawCommit(Buffer.from(text, 'utf8'));
    ids[label] = parent;
    return parent;
  };
  await raw('far-zone', [`author Tess Zone <tz@example.com> ${T} +99999`, committer(10)]);
  await raw('negative-time', ['author Neg Time <neg@example.com> -5 +0000', committer(20)]);
  await raw('no-close', [`author No Close <nc@example.com ${T} +0000`, committer(30)]);
  await raw('no-email', [`author No Email ${T} +0000`, committer(40)]);
  await raw('no-time', ['author No Time <nt@example.com>', committer(50)]);
  await raw('no-zone', [`author No Zone <nz@example.com> ${T}`, committer(60)]);
  await raw('undated-committer', [`author Good Author <good@example.com> ${T + 70} +0100`, 'committer Carol Committer <carol@example.com>']);
  await raw('stray', [`author Stray <st@example.com>x> ${T + 80} +0130 trailing junk`, committer(80)]);
  await raw('two-authors', [`author First <first@example.com> ${T + 90} +0000`, `author Second <second@example.com> ${T + 90} +0200`, committer(90)], 'Two authors\n\nSigned-off-by: X <x@example.com>\n');
  await raw('nul', [`author Nora Nul <nora@example.com> ${T + 100} -0000`, committer(100)], 'Nul\n\nAcked-by: Y <y@example.com>\n\0\nSigned-off-by: Z <z@example.com>\n');
  await raw('empty-ident', [`author <> ${T + 110} +0000`, committer(110)]);
  await raw('huge-time', ['author Big Time <big@example.com> 99999999999999999999 +0000', committer(120)]);
  await raw('wide-zone', [`author Wide Zone <wz@example.com> ${T + 130} +12345678901`, committer(130)]);
  await raw('no-author', [committer(140)]);
  await raw('lead-space', [`author   Lead Space <ls@example.com> ${T + 150} +0000`, committer(150)]);
  await b.setBranch('main', parent!);

  const C = ['Carol Committer', 'carol@example.com'] as const;
  const order = Object.keys(ids);
  const parentOf = (label: string): string[] => {
    const i = order.indexOf(label);
    return i === 0 ? [] : [ids[order[i - 1]!]!];
  };
  const rec = (label: string, author: [string, string, number, number], committerTime: number, extra: Partial<CommitRecord> = {}): CommitRecord => ({
    ...record(ids[label]!, { parents: parentOf(label), author, committer: [...C, committerTime], paths: label === 'far-zone' ? ['x.txt'] : [] }),
    ...extra,
  });
  const bad = { malformed: ['author'] as const };
  const expected = sortExpected([
    rec('far-zone', ['Tess Zone', 'tz@example.com', T, 999 * 60 + 99], T + 10),
    rec('negative-time', ['Neg Time', 'neg@example.com', 0, 0], T + 20, bad),
    rec('no-close', ['', '', 0, 0], T + 30, bad),
    rec('no-email', ['', '', 0, 0], T + 40, bad),
    rec('no-time', ['No Time', 'nt@example.com', 0, 0], T + 50, bad),
    rec('no-zone', ['No Zone', 'nz@example.com', 0, 0], T + 60, bad),
    rec('undated-committer', ['Good Author', 'good@example.com', T + 70, 60], 0, { malformed: ['committer'] }),
    rec('stray', ['Stray', 'st@example.com', T + 80, 90], T + 80),
    rec('two-authors', ['Second', 'second@example.com', T + 90, 120], T + 90, { trailers: [['Signed-off-by', 'X <x@example.com>']] }),
    rec('nul', ['Nora Nul', 'nora@example.com', T + 100, 0], T + 100, { trailers: [['Acked-by', 'Y <y@example.com>']] }),
    rec('empty-ident', ['', '', T + 110, 0], T + 110, bad),
    rec('huge-time', ['Big Time', 'big@example.com', 0, 0], T + 120, bad),
    rec('wide-zone', ['Wide Zone', 'wz@example.com', T + 130, 0], T + 130),
    rec('no-author', ['', '', 0, 0], T + 140, bad),
    rec('lead-space', ['  Lead Space', 'ls@example.com', T + 150, 0], T + 150),
  ]);
  return { repo: 'acme/malformed', gitdir, branch: 'main', ids, expected };
}
