package io.newsflow.kb;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How names are compared: the key of a name ignores case, accents, dots, hyphens and punctuation,
 * so "U.S." matches "US", "Camagüey" matches "Camaguey", "al-Qaeda" matches "al Qaeda" and "Tate &
 * Lyle" matches "Tate and Lyle". Keys are hashed to 64 bits for the alias index; the hash can be
 * extended word by word, so the extractor hashes a growing span of tokens without building strings.
 */
public final class AliasKeys {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private AliasKeys() {}

  /**
   * The key of a name: lower case, no accents or dots, other punctuation as spaces, single spaces.
   */
  public static String normalize(String name) {
    String s = name;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        s = Normalizer.normalize(s, Normalizer.Form.NFD);
        break;
      }
    }
    StringBuilder out = new StringBuilder(s.length());
    boolean space = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK || c == '.') {
        continue;
      }
      String folded = fold(c);
      if (folded != null) {
        out.append(folded);
        space = false;
        continue;
      }
      if (c == '’' || c == '‘' || c == '`' || c == '\'') {
        out.append('\'');
        space = false;
      } else if (c == '&') {
        // "Tate & Lyle" is "Tate and Lyle"
        if (!space) {
          out.append(' ');
        }
        out.append("and ");
        space = true;
      } else if (Character.isLetterOrDigit(c)) {
        out.append(Character.toLowerCase(c));
        space = false;
      } else if (!space) {
        out.append(' ');
        space = true;
      }
    }
    int end = out.length();
    if (end > 0 && out.charAt(end - 1) == ' ') {
      out.setLength(end - 1);
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /** Letters that Unicode does not decompose but readers spell without: "Łódź" is "Lodz". */
  private static String fold(char c) {
    return switch (c) {
      case 'ł', 'Ł' -> "l";
      case 'ø', 'Ø' -> "o";
      case 'đ', 'Đ', 'ð', 'Ð' -> "d";
      case 'æ', 'Æ' -> "ae";
      case 'œ', 'Œ' -> "oe";
      case 'ß' -> "ss";
      case 'ı' -> "i";
      case 'þ', 'Þ' -> "th";
      default -> null;
    };
  }

  /** The hash state of an empty key. */
  public static long start() {
    return FNV_OFFSET;
  }

  /** Extends a hash state with the characters of an already normalized piece. */
  public static long extend(long state, CharSequence normalizedPiece) {
    long h = state;
    for (int i = 0; i < normalizedPiece.length(); i++) {
      h ^= normalizedPiece.charAt(i);
      h *= FNV_PRIME;
    }
    return h;
  }

  /** Extends a hash state with one character. */
  public static long extend(long state, char c) {
    return (state ^ c) * FNV_PRIME;
  }

  /** The final hash of a state: mixed so that near-identical keys land far apart. */
  public static long finish(long state) {
    long h = state;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** The hash of a name's key. */
  public static long hash(String name) {
    return finish(extend(start(), normalize(name)));
  }
}
