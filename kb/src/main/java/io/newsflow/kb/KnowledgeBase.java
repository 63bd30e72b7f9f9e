package io.newsflow.kb;

import io.newsflow.avro.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Entities and the index of their names, in flat arrays so that a base of millions of aliases loads
 * in seconds and stays compact. Names are looked up by the 64-bit hash of their key ({@link
 * AliasKeys}); a name can belong to several entities ("Washington"), listed by prior, highest
 * first. Immutable and thread-safe once built.
 */
public final class KnowledgeBase {
  /** The base that ships with newsflow, built from its sources by the kb module's build. */
  public static final String DEFAULT_RESOURCE = "default-kb.tsv.gz";

  /** Common English words as name keys, one per line, built with the default base. */
  public static final String COMMON_WORDS_RESOURCE = "common-words.txt.gz";

  private static final int MAX_ALIAS_TOKENS = 12;
  private static final EntityType[] TYPES = EntityType.values();

  private final String[] ids;
  private final String[] names;
  private final byte[] types;
  private final float[] priors;
  private final long[] tableKeys;
  private final int[] tableValues;
  private final int[] candidates;
  private final int aliasCount;
  private final int maxAliasTokens;

  private KnowledgeBase(Builder b) {
    int n = b.size;
    this.ids = Arrays.copyOf(b.ids, n);
    this.names = Arrays.copyOf(b.names, n);
    this.types = Arrays.copyOf(b.types, n);
    this.priors = Arrays.copyOf(b.priors, n);
    int pairs = b.pairCount;
    long[] hashes = b.pairHashes;
    int[] owners = b.pairOwners;
    sortPairs(hashes, owners, 0, pairs - 1);
    int unique = 0;
    for (int i = 0; i < pairs; i++) {
      if (i == 0 || hashes[i] != hashes[i - 1]) {
        unique++;
      }
    }
    this.tableKeys = new long[tableCapacity(unique)];
    this.tableValues = emptyTable(tableKeys.length);
    int[] cands = new int[pairs + unique];
    int write = 0;
    int i = 0;
    while (i < pairs) {
      int j = i;
      while (j < pairs && hashes[j] == hashes[i]) {
        j++;
      }
      int countAt = write++;
      int count = 0;
      // candidates of one name: distinct, highest prior first, ties in the order entities were
      // added
      if (j - i == 1) {
        cands[write++] = owners[i];
        count = 1;
      } else {
        int[] group = Arrays.copyOfRange(owners, i, j);
        Arrays.sort(group);
        int distinct = 0;
        for (int k = 0; k < group.length; k++) {
          if (k == 0 || group[k] != group[k - 1]) {
            group[distinct++] = group[k];
          }
        }
        Integer[] ordered = new Integer[distinct];
        for (int k = 0; k < distinct; k++) {
          ordered[k] = group[k];
        }
        Arrays.sort(ordered, (x, y) -> Float.compare(priors[y], priors[x]));
        for (Integer e : ordered) {
          cands[write++] = e;
          count++;
        }
      }
      cands[countAt] = count;
      put(hashes[i], countAt);
      i = j;
    }
    this.candidates = Arrays.copyOf(cands, write);
    this.aliasCount = unique;
    this.maxAliasTokens = b.maxTokens;
  }

  /** A base read back from a {@link KbSnapshot}: its arrays as they were written. */
  KnowledgeBase(
      String[] ids,
      String[] names,
      byte[] types,
      float[] priors,
      long[] aliasHashes,
      int[] aliasCandidates,
      int[] candidates,
      int maxAliasTokens) {
    this.ids = ids;
    this.names = names;
    this.types = types;
    this.priors = priors;
    this.candidates = candidates;
    this.aliasCount = aliasHashes.length;
    this.maxAliasTokens = maxAliasTokens;
    this.tableKeys = new long[tableCapacity(aliasCount)];
    this.tableValues = emptyTable(tableKeys.length);
    for (int i = 0; i < aliasHashes.length; i++) {
      put(aliasHashes[i], aliasCandidates[i]);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default base from the class path: from its snapshot ({@link KbSnapshot}, made by the kb
   * module's build with it) when there is one, which loads several times faster than parsing it.
   */
  public static KnowledgeBase loadDefault() {
    try (InputStream in = KnowledgeBase.class.getResourceAsStream(KbSnapshot.DEFAULT_RESOURCE)) {
      if (in != null) {
        return KbSnapshot.read(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + KbSnapshot.DEFAULT_RESOURCE, e);
    }
    return builder().addDefault().build();
  }

  /** Every name's hash with where its candidates are, in table order; for {@link KbSnapshot}. */
  void forEachAlias(AliasVisitor visitor) {
    for (int slot = 0; slot < tableKeys.length; slot++) {
      if (tableValues[slot] != -1) {
        visitor.visit(tableKeys[slot], tableValues[slot]);
      }
    }
  }

  /** See {@link #forEachAlias}. */
  interface AliasVisitor {
    void visit(long hash, int candidatesAt);
  }

  int[] candidates() {
    return candidates;
  }

  /** A base from files in {@link KbFormat}, later files adding to earlier ones. */
  public static KnowledgeBase load(List<Path> files) {
    Builder builder = builder();
    for (Path file : files) {
      KbFormat.read(file, builder::add);
    }
    return builder.build();
  }

  /** A power of two at least twice the number of names, so that probes stay short. */
  private static int tableCapacity(int aliases) {
    return Integer.highestOneBit(Math.max(16, aliases * 2 - 1)) << 1;
  }

  /** Slots for {@link #put}: -1 marks a free one. */
  private static int[] emptyTable(int capacity) {
    int[] values = new int[capacity];
    Arrays.fill(values, -1);
    return values;
  }

  private void put(long key, int value) {
    int mask = tableKeys.length - 1;
    int slot = (int) key & mask;
    while (tableValues[slot] != -1) {
      slot = (slot + 1) & mask;
    }
    tableKeys[slot] = key;
    tableValues[slot] = value;
  }

  /**
   * Where the candidates of a name are, or -1 when no entity has that name. Use {@link
   * #candidateCount} and {@link #candidate} on the result.
   */
  public int find(long aliasHash) {
    int mask = tableKeys.length - 1;
    int slot = (int) aliasHash & mask;
    int value;
    while ((value = tableValues[slot]) != -1) {
      if (tableKeys[slot] == aliasHash) {
        return value;
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  /** Candidates of a name, by {@link #find}. */
  public int find(String name) {
    return find(AliasKeys.hash(name));
  }

  public int candidateCount(int found) {
    return candidates[found];
  }

  /** The i-th candidate entity (by prior, highest first). */
  public int candidate(int found, int i) {
    return candidates[found + 1 + i];
  }

  public String id(int entity) {
    return ids[entity];
  }

  public String name(int entity) {
    return names[entity];
  }

  public EntityType type(int entity) {
    return TYPES[types[entity]];
  }

  public float prior(int entity) {
    return priors[entity];
  }

  /**
   * Where an entity's id says it comes from: wikidata, geonames, iso3166, wn31, newsflow or custom.
   */
  public String source(int entity) {
    String id = ids[entity];
    if (id.length() > 1 && id.charAt(0) == 'Q' && Character.isDigit(id.charAt(1))) {
      return "wikidata";
    }
    int colon = id.indexOf(':');
    return colon > 0 ? id.substring(0, colon) : "custom";
  }

  public int size() {
    return ids.length;
  }

  /** Distinct name keys. */
  public int aliasCount() {
    return aliasCount;
  }

  /** The most words any name has; longer spans need not be looked up. */
  public int maxAliasTokens() {
    return maxAliasTokens;
  }

  private static void sortPairs(long[] keys, int[] values, int lo, int hi) {
    while (lo < hi) {
      if (hi - lo < 16) {
        for (int i = lo + 1; i <= hi; i++) {
          long k = keys[i];
          int v = values[i];
          int j = i - 1;
          while (j >= lo && keys[j] > k) {
            keys[j + 1] = keys[j];
            values[j + 1] = values[j];
            j--;
          }
          keys[j + 1] = k;
          values[j + 1] = v;
        }
        return;
      }
      long pivot = keys[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (keys[i] < pivot) {
          i++;
        }
        while (keys[j] > pivot) {
          j--;
        }
        if (i <= j) {
          long k = keys[i];
          keys[i] = keys[j];
          keys[j] = k;
          int v = values[i];
          values[i] = values[j];
          values[j] = v;
          i++;
          j--;
        }
      }
      if (j - lo < hi - i) {
        sortPairs(keys, values, lo, j);
        lo = i;
      } else {
        sortPairs(keys, values, i, hi);
        hi = j;
      }
    }
  }

  /**
   * Collects entities, then builds the index. An id added twice is one entity: the later name, type
   * and prior win, aliases add up.
   */
  public static final class Builder {
    private String[] ids = new String[1024];
    private String[] names = new String[1024];
    private byte[] types = new byte[1024];
    private float[] priors = new float[1024];
    private int size;
    private long[] pairHashes = new long[4096];
    private int[] pairOwners = new int[4096];
    private int pairCount;
    private int maxTokens = 1;
    private final Map<String, Integer> byId = new HashMap<>();

    public Builder add(KbEntity entity) {
      Integer existing = byId.get(entity.id());
      int index;
      if (existing != null) {
        index = existing;
      } else {
        index = size++;
        if (index == ids.length) {
          int grown = ids.length * 2;
          ids = Arrays.copyOf(ids, grown);
          names = Arrays.copyOf(names, grown);
          types = Arrays.copyOf(types, grown);
          priors = Arrays.copyOf(priors, grown);
        }
        byId.put(entity.id(), index);
        ids[index] = entity.id();
      }
      names[index] = entity.name();
      types[index] = (byte) entity.type().ordinal();
      priors[index] = entity.prior();
      Set<String> keys = new LinkedHashSet<>();
      for (String name : entity.names()) {
        String key = AliasKeys.normalize(name);
        if (!key.isEmpty()) {
          keys.add(key);
        }
      }
      for (String key : keys) {
        int tokens = 1;
        for (int i = 0; i < key.length(); i++) {
          if (key.charAt(i) == ' ') {
            tokens++;
          }
        }
        if (tokens > MAX_ALIAS_TOKENS) {
          continue;
        }
        maxTokens = Math.max(maxTokens, tokens);
        if (pairCount == pairHashes.length) {
          pairHashes = Arrays.copyOf(pairHashes, pairCount * 2);
          pairOwners = Arrays.copyOf(pairOwners, pairCount * 2);
        }
        pairHashes[pairCount] = AliasKeys.finish(AliasKeys.extend(AliasKeys.start(), key));
        pairOwners[pairCount++] = index;
      }
      return this;
    }

    /** Adds the default base from the class path. */
    public Builder addDefault() {
      try (InputStream in = KnowledgeBase.class.getResourceAsStream(DEFAULT_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              DEFAULT_RESOURCE
                  + " is missing from the class path: the kb module's build"
                  + " makes it (see kb/fetch-sources)");
        }
        KbFormat.read(new GZIPInputStream(in, 1 << 16), DEFAULT_RESOURCE, this::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the default knowledge base", e);
      }
      return this;
    }

    public Builder addAll(Iterable<KbEntity> entities) {
      entities.forEach(this::add);
      return this;
    }

    public KnowledgeBase build() {
      return new KnowledgeBase(this);
    }
  }

  /** Ids of all entities a name may mean, highest prior first; for tests and tools. */
  public List<String> idsNamed(String name) {
    int found = find(name);
    List<String> out = new ArrayList<>();
    if (found >= 0) {
      for (int i = 0; i < candidateCount(found); i++) {
        out.add(id(candidate(found, i)));
      }
    }
    return out;
  }
}
