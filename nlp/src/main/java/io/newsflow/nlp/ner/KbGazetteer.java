package io.newsflow.nlp.ner;

import io.newsflow.avro.EntityType;
import io.newsflow.kb.AliasKeys;
import io.newsflow.kb.KnowledgeBase;
import java.util.List;

/**
 * What the knowledge base tells the recogniser: where a run of words is a name it knows, with the
 * types of the entities of that name and the prior of the likeliest; and which words are given
 * names and surnames of the people it knows.
 */
public final class KbGazetteer {
  /** Longest name looked up, in words. */
  static final int MAX_WORDS = 8;

  private final KnowledgeBase kb;

  /** Given names and surnames of the people it knows, as {@code FieldText} class bits. */
  private final LongIntMap nameParts = new LongIntMap(1 << 12);

  public KbGazetteer(KnowledgeBase kb) {
    this.kb = kb;
    for (int e = 0; e < kb.size(); e++) {
      if (kb.type(e) != EntityType.PERSON) {
        continue;
      }
      String[] words = AliasKeys.normalize(kb.name(e)).split(" ");
      if (words.length >= 2) {
        nameParts.or(Hashes.of(words[0]), 1 << FieldText.KB_GIVEN);
        nameParts.or(Hashes.of(words[words.length - 1]), 1 << FieldText.KB_SURNAME);
      }
    }
  }

  public KnowledgeBase knowledgeBase() {
    return kb;
  }

  /** {@code FieldText.KB_GIVEN} and {@code KB_SURNAME} bits of a word's name key, by its hash. */
  int classes(long keyHash) {
    return nameParts.get(keyHash);
  }

  /**
   * Marks the names of the knowledge base in a field, longest first from the left: {@code tags[i]}
   * gets {@link #tag} of the name covering word i, 0 where none does.
   *
   * @param keys each word's name key (empty for punctuation)
   * @param classes each word's classes ({@code FieldText} bits)
   * @param anyCase whether a name may start with a lower-case word (a text in capitals)
   */
  void tag(List<Word> words, String[] keys, int[] classes, boolean anyCase, int[] tags) {
    int n = words.size();
    int i = 0;
    while (i < n) {
      Word first = words.get(i);
      if (!first.word || keys[i].isEmpty() || !(anyCase || first.capitalized)) {
        tags[i++] = 0;
        continue;
      }
      long state = AliasKeys.start();
      int bestEnd = -1;
      int bestFound = -1;
      int count = 0;
      for (int j = i; j < n && count < MAX_WORDS; j++) {
        Word w = words.get(j);
        if (keys[j].isEmpty()) {
          if (w.is('-') || w.is(',') || w.is('/')) {
            continue;
          }
          break;
        }
        if (j > i
            && !anyCase
            && !w.capitalized
            && !w.is('&')
            && (classes[j] & (1 << FieldText.CONNECTOR)) == 0
            && !Character.isDigit(w.text.charAt(0))) {
          // names go on over capitalised words, numbers and connectors ("Bank of Japan"), not
          // others
          break;
        }
        if (count > 0) {
          state = AliasKeys.extend(state, ' ');
        }
        state = AliasKeys.extend(state, keys[j]);
        count++;
        int found = kb.find(AliasKeys.finish(state));
        if (found >= 0) {
          bestEnd = j;
          bestFound = found;
        }
      }
      if (bestEnd < 0) {
        tags[i++] = 0;
        continue;
      }
      int types = 0;
      int candidates = kb.candidateCount(bestFound);
      for (int c = 0; c < candidates; c++) {
        types |= 1 << kb.type(kb.candidate(bestFound, c)).ordinal();
      }
      int top = kb.candidate(bestFound, 0);
      int prior = Math.min(3, (int) (kb.prior(top) * 4));
      int typeOfTop = kb.type(top).ordinal();
      for (int k = i; k <= bestEnd; k++) {
        int pos = bestEnd == i ? 3 : k == i ? 0 : k == bestEnd ? 2 : 1;
        tags[k] = tag(pos, typeOfTop, types, prior);
      }
      i = bestEnd + 1;
    }
  }

  /** Packs a name's position (B I L U as 0-3), its likeliest type, all its types and a prior. */
  static int tag(int pos, int type, int types, int prior) {
    return 1 | pos << 1 | type << 3 | types << 6 | prior << 10;
  }

  static int position(int tag) {
    return (tag >>> 1) & 3;
  }

  static int type(int tag) {
    return (tag >>> 3) & 7;
  }

  static int types(int tag) {
    return (tag >>> 6) & 15;
  }

  static int prior(int tag) {
    return (tag >>> 10) & 3;
  }
}
