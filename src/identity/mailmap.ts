/**
 * git's `.mailmap` format (gitmailmap(5)): maps the name and email recorded in
 * a commit to a canonical name and email.
 *
 * Supported line forms, exactly as git reads them:
 * ```
 * Proper Name <commit@email>
 * <proper@email> <commit@email>
 * Proper Name <proper@email> <commit@email>
 * Proper Name <proper@email> Commit Name <commit@email>
 * ```
 * Emails and names match case-insensitively; `#` starts a comment. An entry
 * that names a commit name applies only to that name+email pair and wins over
 * an email-only entry.
 *
 * @module
 */
import { readFileSync, existsSync } from 'node:fs';
import { DsqError } from '../core/errors.ts';
import { displayPath } from '../core/data-file.ts';

/** The replacement an entry gives; `undefined` fields keep the commit's value. */
export interface MailmapTarget {
  /** Canonical name, if the entry gives one. */
  readonly name?: string;
  /** Canonical email, if the entry gives one. */
  readonly email?: string;
}

/** A parsed mailmap: lookups by lower-cased commit email, then by commit name. */
export class Mailmap {
  /** Entries by lower-cased commit email: the email-only entry and name-specific ones. */
  private readonly byEmail = new Map<string, { any?: MailmapTarget; byName: Map<string, MailmapTarget> }>();

  /** Number of entries (lines that map something). */
  get size(): number {
    let n = 0;
    for (const e of this.byEmail.values()) n += (e.any ? 1 : 0) + e.byName.size;
    return n;
  }

  /**
   * Adds one mapping. Later entries for the same key replace earlier ones, as in git.
   *
   * @param commitEmail - email as recorded in commits (matched case-insensitively)
   * @param commitName - restrict to this recorded name (case-insensitive), or undefined for any name
   * @param target - canonical name and/or email
   */
  add(commitEmail: string, commitName: string | undefined, target: MailmapTarget): void {
    const key = commitEmail.toLowerCase();
    let entry = this.byEmail.get(key);
    if (!entry) {
      entry = { byName: new Map() };
      this.byEmail.set(key, entry);
    }
    if (commitName === undefined) entry.any = { ...entry.any, ...target };
    else entry.byName.set(commitName.toLowerCase(), target);
  }

  /**
   * Maps a recorded identity to its canonical one, as `git log --use-mailmap`
   * (`%aN`/`%aE`) would.
   *
   * @param name - recorded name
   * @param email - recorded email
   * @returns canonical `{ name, email }` (the inputs when nothing matches)
   */
  resolve(name: string, email: string): { name: string; email: string } {
    const entry = this.byEmail.get(email.toLowerCase());
    if (!entry) return { name, email };
    const t = entry.byName.get(name.toLowerCase()) ?? entry.any;
    if (!t) return { name, email };
    return { name: t.name ?? name, email: t.email ?? email };
  }
}

const LINE_RE = /^\s*([^<#]*?)\s*<([^>]*)>\s*(?:([^<#]*?)\s*<([^>]*)>)?\s*(?:#.*)?$/;

/**
 * Parses mailmap text.
 *
 * @param text - file contents
 * @param file - file name for error messages
 * @returns the mailmap
 * @throws {DsqError} naming file and line for a line that is neither blank, a comment, nor a mailmap entry
 */
export function parseMailmap(text: string, file = 'mailmap'): Mailmap {
  const map = new Mailmap();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = LINE_RE.exec(line);
    if (!m) throw new DsqError(`not a mailmap entry: "${line}"`, { file: displayPath(file), line: i + 1 });
    const [, name1, email1, name2, email2] = m;
    if (email2 === undefined) {
      // "Proper Name <commit@email>": only the name is replaced.
      if (!name1) throw new DsqError(`entry maps nothing: "${line}"`, { file: displayPath(file), line: i + 1 });
      map.add(email1!, undefined, { name: name1 });
      return;
    }
    const target: MailmapTarget = { ...(name1 ? { name: name1 } : {}), ...(email1 ? { email: email1 } : {}) };
    map.add(email2, name2 ? name2 : undefined, target);
  });
  return map;
}

/**
 * Reads a mailmap file; a missing file is an empty mailmap.
 *
 * @param file - path to the mailmap
 * @throws {DsqError} on a malformed line (file and line named)
 */
export function loadMailmap(file: string): Mailmap {
  if (!existsSync(file)) return new Mailmap();
  return parseMailmap(readFileSync(file, 'utf8'), file);
}
