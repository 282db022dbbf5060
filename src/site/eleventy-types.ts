/**
 * The part of Eleventy's `UserConfig` API the site plugins use. Eleventy 3
 * ships JavaScript without type declarations; this interface names the
 * calls (see https://www.11ty.dev/docs/config/) so plugins type-check.
 *
 * @module
 */

/** Eleventy's `UserConfig`, as far as the site uses it. */
export interface EleventyConfigLike {
  addShortcode(name: string, fn: (...args: never[]) => unknown): void;
  addFilter(name: string, fn: (...args: never[]) => unknown): void;
  addAsyncFilter(name: string, fn: (...args: never[]) => Promise<unknown>): void;
  addGlobalData(name: string, data: unknown): void;
  addPassthroughCopy(spec: string | Record<string, string>): void;
  addWatchTarget(path: string): void;
  addPlugin(plugin: unknown, options?: unknown): void;
  setLibrary(name: string, lib: unknown): void;
  ignores: { add(glob: string): void };
  on(event: string, fn: (...args: never[]) => unknown): void;
  addCollection(name: string, fn: (api: unknown) => unknown): void;
  setInputDirectory(dir: string): void;
  setOutputDirectory(dir: string): void;
  setIncludesDirectory(dir: string): void;
  setLayoutsDirectory(dir: string): void;
  setUseGitIgnore(use: boolean): void;
  setQuietMode(quiet: boolean): void;
  addTransform(name: string, fn: (...args: never[]) => unknown): void;
  readonly globalData: Record<string, unknown>;
}

