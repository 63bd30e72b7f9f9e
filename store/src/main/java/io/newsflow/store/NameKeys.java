package io.newsflow.store;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How entity names are folded for lookup, the same when the sink stores a name and when the query
 * API looks one up: compatibility-decomposed, accents and dots dropped, other punctuation and runs
 * of spaces made one space, lower-cased. "Daesh", "DAESH" and "Dāesh" fold alike, and so do "U.S."
 * and "US".
 */
public final class NameKeys {
  private NameKeys() {}

  public static String key(String name) {
    String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(decomposed.length());
    boolean space = false;
    for (int i = 0; i < decomposed.length(); ) {
      int c = decomposed.codePointAt(i);
      i += Character.charCount(c);
      int type = Character.getType(c);
      if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || c == '.') {
        continue;
      }
      if (Character.isLetterOrDigit(c)) {
        if (space && out.length() > 0) {
          out.append(' ');
        }
        space = false;
        out.appendCodePoint(c);
      } else {
        space = true;
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
