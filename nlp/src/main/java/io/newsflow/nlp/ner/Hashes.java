package io.newsflow.nlp.ner;

/** 64-bit hashes of feature values, computed from characters without building strings. */
final class Hashes {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Hashes() {}

  static long of(CharSequence s) {
    return of(s, 0, s.length());
  }

  static long of(CharSequence s, int from, int to) {
    long h = FNV_OFFSET;
    for (int i = from; i < to; i++) {
      h ^= s.charAt(i);
      h *= FNV_PRIME;
    }
    return mix(h);
  }

  /** The hash of a feature: its template and its value. */
  static long feature(int template, long value) {
    return mix(value ^ (template * 0x9E3779B97F4A7C15L));
  }

  static long feature(int template, long a, long b) {
    return feature(template, a * 0xC2B2AE3D27D4EB4FL + mix(b));
  }

  static long feature(int template, long a, long b, long c) {
    return feature(template, a * 0xC2B2AE3D27D4EB4FL + mix(b) * 31 + mix(c + 7));
  }

  /** Murmur3's finaliser. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
