/** Adapter folder names, sorted, postgres first (it also builds the CLI). */
export function adapterNames(): string[];
/** The package's peer dependencies: adapter libraries, never bundled, never imported by the core. */
export function peerLibraries(): string[];
