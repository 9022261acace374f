/**
 * The part of a fetch `Response` that tickler's fetch-based adapters read: what the global
 * `fetch`, undici's and most test doubles return. Adapters take a fetch function typed on
 * it, so a host can pass one with a proxy agent or its own instrumentation.
 */
export interface FetchResponseLike {
  /** The HTTP status. */
  status: number;
  /** Response headers. */
  headers: {
    /** A header's value (case-insensitive name), or null when absent. */
    get(name: string): string | null;
  };
  /** The body as text. */
  text(): Promise<string>;
}
