package io.newsflow.nlp.entities;

import io.newsflow.kb.AliasKeys;
import io.newsflow.kb.KnowledgeBase;

/**
 * Links a recognised name to the knowledge base: the entity of the highest prior among those that
 * have the name (as its key: case, accents, dots and "&amp;" do not matter) and the type the
 * recogniser gave it; a leading "The" may be dropped, and a place followed by a lower-case place
 * noun is looked up with it first ("Washington" in "Washington state" is the state). A name the
 * base does not know, or knows only as something else ("Washington" the person when the text means
 * the city), stays unlinked.
 */
final class Linker {
  private final KnowledgeBase kb;

  Linker(KnowledgeBase kb) {
    this.kb = kb;
  }

  private static final java.util.Set<String> PLACE_NOUNS =
      java.util.Set.of("state", "province", "county", "city", "river", "region", "island");

  /** Links a candidate found in {@code source} (its title or text). */
  void link(Candidate c, String source) {
    if (c.type == io.newsflow.avro.EntityType.LOCATION) {
      String next = nextWord(source, c.end);
      if (PLACE_NOUNS.contains(next)) {
        c.kbEntity = find(c, c.key + " " + next);
        if (c.kbEntity >= 0) {
          return;
        }
      }
    }
    c.kbEntity = find(c, c.key);
    if (c.kbEntity < 0 && c.key.startsWith("the ")) {
      c.kbEntity = find(c, c.key.substring(4));
    }
  }

  /** The word after {@code end} when it is in lower case, else "". */
  private static String nextWord(String source, int end) {
    int i = end;
    if (i >= source.length() || source.charAt(i) != ' ') {
      return "";
    }
    i++;
    int j = i;
    while (j < source.length() && Character.isLowerCase(source.charAt(j))) {
      j++;
    }
    return j < source.length() && Character.isLetterOrDigit(source.charAt(j))
        ? ""
        : source.substring(i, j);
  }

  private int find(Candidate c, String key) {
    int found = kb.find(AliasKeys.finish(AliasKeys.extend(AliasKeys.start(), key)));
    if (found < 0) {
      return -1;
    }
    for (int k = 0; k < kb.candidateCount(found); k++) {
      int e = kb.candidate(found, k);
      if (kb.type(e) == c.type) {
        return e;
      }
    }
    return -1;
  }
}
