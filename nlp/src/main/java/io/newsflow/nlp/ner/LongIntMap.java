package io.newsflow.nlp.ner;

/**
 * An open-addressing map from 64-bit hashes to ints, for the lookups on every word (word classes,
 * what a document taught about a word): no boxing, no string hashing. A missing key reads as 0.
 */
final class LongIntMap {
  private long[] keys;
  private int[] values;
  private boolean[] used;
  private int size;

  LongIntMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    values = new int[capacity];
    used = new boolean[capacity];
  }

  int get(long key) {
    int mask = keys.length - 1;
    int slot = (int) key & mask;
    while (used[slot]) {
      if (keys[slot] == key) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
    return 0;
  }

  boolean contains(long key) {
    int mask = keys.length - 1;
    int slot = (int) key & mask;
    while (used[slot]) {
      if (keys[slot] == key) {
        return true;
      }
      slot = (slot + 1) & mask;
    }
    return false;
  }

  /** Sets the bits {@code bits} in the key's value (adding the key with them when missing). */
  void or(long key, int bits) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int slot = (int) key & mask;
    while (used[slot]) {
      if (keys[slot] == key) {
        values[slot] |= bits;
        return;
      }
      slot = (slot + 1) & mask;
    }
    used[slot] = true;
    keys[slot] = key;
    values[slot] = bits;
    size++;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    boolean[] oldUsed = used;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    used = new boolean[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldUsed[i]) {
        or(oldKeys[i], oldValues[i]);
      }
    }
  }
}
