// Type declarations for JavaScript-only packages the charts import.

declare module 'wawoff2' {
  /** Google's woff2 decoder (WebAssembly): a WOFF2 file's bytes to the TrueType/OpenType font it wraps. Rejects when the input is not WOFF2. */
  export function decompress(woff2: Uint8Array): Promise<Uint8Array>;
  /** TrueType/OpenType bytes to WOFF2. */
  export function compress(font: Uint8Array): Promise<Uint8Array>;
  const wawoff2: { decompress: typeof decompress; compress: typeof compress };
  export default wawoff2;
}
