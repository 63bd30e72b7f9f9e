package io.newsflow.eval.quotes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A short fingerprint of a quote's words, so that a gold file can name a quote of a text it may not
 * hold: the first {@value #LENGTH} hex characters of the SHA-256 of the quote's {@link #normalize
 * normalised} words.
 */
public final class QuoteFingerprint {
  /** Hex characters kept of the digest. */
  public static final int LENGTH = 12;

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private QuoteFingerprint() {}

  /**
   * The words of a text, lower case, one space between them: punctuation, quotation marks and
   * apostrophes fall away, so that "Don’t," and "don't" are both "don t".
   */
  public static String normalize(String text) {
    StringBuilder out = new StringBuilder(text.length());
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(m.group());
    }
    return out.toString();
  }

  public static String of(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(normalize(text).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
