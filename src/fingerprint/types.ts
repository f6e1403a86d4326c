// Fingerprints of media content, robust to re-encoding, used to find credentials of stripped copies.

/** Algorithms, as named in CLI output, on-chain soft bindings and C2PA soft-binding assertions. */
export type FingerprintAlgorithm =
  | 'pdq' // 256-bit PDQ image hash (Meta's published algorithm)
  | 'pdq64' // 64-bit compact image hash, for on-chain multi-index Hamming search
  | 'pdq64-centre' // pdq64 of the centre 90% of each side: finds copies cropped at the edges
  | 'pdq64-trimmed' // pdq64 without a caption bar / letterbox band at the top or bottom (when there is one)
  | 'audio-chroma' // chroma-based audio fingerprint
  | 'video-keyframes'; // PDQ of key frames

export interface Fingerprint {
  algorithm: FingerprintAlgorithm;
  /** Lower-case hex. */
  value: string;
  /** Length of the value in bits. */
  bits: number;
  /** PDQ's quality score (0-100) where the algorithm has one: low quality means matches are unreliable. */
  quality?: number;
}

export interface MatchResult {
  algorithm: FingerprintAlgorithm;
  distance: number;
  threshold: number;
  same: boolean;
}
