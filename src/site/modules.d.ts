// Type declarations for the Eleventy packages the site imports (they ship JavaScript only).

declare module '@11ty/eleventy-plugin-rss' {
  /** Adds `absoluteUrl`, `dateToRfc3339`, `dateToRfc822`, `getNewestCollectionItemDate`, `htmlToAbsoluteUrls` filters. */
  export const rssPlugin: (eleventyConfig: unknown, options?: unknown) => void;
  /** Rewrites every `href`/`src` of an HTML string against an absolute base URL. */
  export function convertHtmlToAbsoluteUrls(html: string, base: string, processOptions?: object): Promise<string>;
  export default rssPlugin;
}

declare module '@11ty/eleventy' {
  /** Eleventy's programmatic API (https://www.11ty.dev/docs/programmatic/). */
  export default class Eleventy {
    constructor(
      input?: string,
      output?: string,
      options?: {
        configPath?: string;
        quietMode?: boolean;
        runMode?: 'build' | 'watch' | 'serve';
        source?: 'script' | 'cli';
        config?: (eleventyConfig: unknown) => void | Promise<void>;
      },
    );
    init(): Promise<void>;
    write(): Promise<unknown>;
    /** Renders every template as `write()` does and returns the pages (`url` false for a template with `permalink: false`), writing nothing. */
    toJSON(): Promise<{ url?: string | false; inputPath?: string; outputPath?: string | false; content?: string }[]>;
    watch(): Promise<void>;
    serve(port?: number): Promise<void>;
    setIsVerbose(verbose: boolean): void;
    stopWatch(): Promise<void>;
    /** Renders every template in memory and returns the pages without writing them. */
    toJSON(): Promise<{ url: string | false; inputPath: string; outputPath: string | false; content: string }[]>;
    /** Eleventy's console logger; `overrideLogger` routes its output (methods `log`, `warn`, `error`, `info`). */
    readonly logger: { overrideLogger(logger: Record<'log' | 'warn' | 'error' | 'info', (message: string) => void> | false): void };
  }
}
