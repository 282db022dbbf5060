/**
 * `npm run email`: the email edition of an issue, written to a folder for
 * preview (rules: `src/email/`, docs/email.md).
 *
 * ```
 * npm run email -- 2026-Q2 --out /tmp/mail            # /tmp/mail/2026-Q2.html, .eml and 2026-Q2/*.png
 * npm run email -- 2026-Q3 --out /tmp/mail --drafts   # preview a draft
 * ```
 * Prints the size of the HTML part (Gmail clips over 102 KB), the text part,
 * the images and the message. Exit codes: 0 written; 1 no such issue, the
 * site does not build, or the HTML part is over the clipping size (the
 * files are written all the same, for a look); 2 usage error.
 */
import { resolve } from 'node:path';
import bytes from 'bytes';
import { Command } from 'commander';
import { displayPath } from '../src/core/data-file.ts';
import { isQuarterLabel } from '../src/core/quarter.ts';
import { buildEmailEdition, writeEmailFiles } from '../src/email/edition.ts';
import { GMAIL_CLIP_BYTES } from '../src/email/html.ts';
import { unsubscribeBase } from '../src/email/unsubscribe.ts';
import { BuildError, editorMessage } from '../src/site/build.ts';

const program = new Command()
  .name('npm run email --')
  .description('Write the email edition of an issue (HTML preview and .eml) into a folder.')
  .argument('<quarter>', 'the issue, e.g. 2026-Q2')
  .requiredOption('--out <dir>', 'output folder')
  .option('--drafts', 'allow a draft issue (preview only: npm run send refuses drafts)', false)
  .showHelpAfterError();
program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
program.parse();
const [quarter] = program.args as [string];
const opts = program.opts<{ out: string; drafts: boolean }>();
if (!isQuarterLabel(quarter)) program.error(`not a quarter: "${quarter}" (expected e.g. 2026-Q2)`);

try {
  const edition = await buildEmailEdition(quarter, { drafts: opts.drafts });
  const out = resolve(opts.out);
  const f = await writeEmailFiles(edition, out, unsubscribeBase(edition.site.url));
  const kb = (n: number): string => bytes(n, { unitSeparator: ' ', decimalPlaces: 1 }) ?? `${n} B`;
  process.stdout.write(
    `Wrote ${displayPath(f.eml)} and ${displayPath(f.html)} (${edition.isDraft ? 'DRAFT, ' : ''}${edition.subject})\n` +
      `  HTML part  ${kb(f.htmlBytes)} (${f.htmlBytes} bytes; Gmail clips at ${kb(GMAIL_CLIP_BYTES)})${f.underClipLimit ? '' : '  OVER THE LIMIT'}\n` +
      `  text part  ${kb(f.textBytes)}\n` +
      `  images     ${f.images} PNG, ${kb(f.imageBytes)} (attached, cid:; preview copies in ${displayPath(f.imagesDir)}/)\n` +
      `  message    ${kb(f.emlBytes)}\n`,
  );
  if (!f.underClipLimit) {
    process.stderr.write(`email: the HTML part is ${f.htmlBytes} bytes, over Gmail's ${GMAIL_CLIP_BYTES}: Gmail would clip it. Shorten the issue or the template.\n`);
    process.exit(1);
  }
} catch (e) {
  process.stderr.write(`email: ${e instanceof BuildError ? e.message : editorMessage(e)}\n`);
  if (e instanceof BuildError && !e.located) process.stderr.write(`${e.log.join('\n')}\n`);
  process.exit(1);
}
