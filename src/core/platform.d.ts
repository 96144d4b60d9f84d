// The few platform globals core relies on, present in every runtime it runs in
// (browsers, workers, Node ≥ 18). Declared here because core's tsconfig has no DOM or
// Node types on purpose.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { ignoreBOM?: boolean; fatal?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

// WebCrypto's digest, where the runtime has it: browsers give `crypto.subtle` only to secure
// contexts (https or localhost), so it may be missing and callers must check.
interface PlatformSubtleCrypto {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}
declare var crypto: { readonly subtle?: PlatformSubtleCrypto } | undefined;
