// The few platform globals core relies on, present in every runtime it runs in
// (browsers, workers, Node ≥ 18). Declared here because core's tsconfig has no DOM or
// Node types on purpose.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
