package io.newsflow.ingest.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.mozilla.universalchardet.UniversalDetector;

/**
 * Turns the bytes of an article file into text, finding the encoding in this order: a byte-order
 * mark (UTF-8, UTF-16LE, UTF-16BE); the charset the file declares (HTML pages), unless the bytes
 * are not valid in it; valid UTF-8; juniversalchardet's guess; windows-1252. Every decode is
 * strict, so a file is either read as written or refused with a reason, never filled with
 * replacement characters.
 */
final class TextDecoder {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final Pattern CONTENT_TYPE_CHARSET =
      Pattern.compile("charset\\s*=\\s*[\"']?([^\\s;\"']+)", Pattern.CASE_INSENSITIVE);

  private TextDecoder() {}

  /**
   * Decoded text and how its encoding was found.
   *
   * @param how e.g. {@code "byte-order mark"}, {@code "declared"}, {@code "detected"}
   */
  record Decoded(String text, Charset charset, String how) {}

  /** A file whose bytes are not text in any encoding it could be in. */
  static final class UndecodableException extends Exception {
    private static final long serialVersionUID = 1L;

    UndecodableException(String message) {
      super(message);
    }
  }

  /**
   * Decodes a file.
   *
   * @param declared the charset the file declares, or null; ignored when a byte-order mark says
   *     otherwise (as browsers do), and when the bytes are not valid in it (a page saved as
   *     windows-1252 that still claims UTF-8 is read as what it is)
   */
  static Decoded decode(byte[] bytes, String declared) throws UndecodableException {
    Charset bom = bomCharset(bytes);
    if (bom != null) {
      int skip = bom == StandardCharsets.UTF_8 ? 3 : 2;
      byte[] rest = Arrays.copyOfRange(bytes, skip, bytes.length);
      try {
        return new Decoded(decodeStrictly(rest, bom), bom, "byte-order mark");
      } catch (CharacterCodingException e) {
        throw new UndecodableException(
            "starts with a " + bom.name() + " byte-order mark, but is not valid " + bom.name());
      }
    }
    if (indexOf(bytes, (byte) 0) >= 0) {
      throw new UndecodableException(
          "contains NUL bytes: not a text file, or UTF-16 without a byte-order mark; save it as UTF-8");
    }
    Charset charset = declared == null ? null : forLabel(declared);
    if (charset != null) {
      try {
        return new Decoded(decodeStrictly(bytes, charset), charset, "declared");
      } catch (CharacterCodingException wrongDeclaration) {
        // detected below
      }
    }
    try {
      return new Decoded(
          decodeStrictly(bytes, StandardCharsets.UTF_8), StandardCharsets.UTF_8, "valid UTF-8");
    } catch (CharacterCodingException notUtf8) {
      // guessed below
    }
    Charset guess = guess(bytes);
    if (guess != null) {
      try {
        return new Decoded(decodeStrictly(bytes, guess), guess, "detected");
      } catch (CharacterCodingException wrongGuess) {
        // windows-1252 below
      }
    }
    try {
      return new Decoded(decodeStrictly(bytes, WINDOWS_1252), WINDOWS_1252, "assumed");
    } catch (CharacterCodingException e) {
      throw new UndecodableException(
          "encoding not recognised (not UTF-8"
              + (guess == null ? "" : ", not " + guess.name())
              + ", not windows-1252); save it as UTF-8");
    }
  }

  /**
   * The charset an HTML page declares in {@code <meta charset>} or {@code <meta http-equiv
   * content-type>} within its first bytes, else null. Only ASCII matters there, so the bytes are
   * read as ISO-8859-1 whatever they are.
   */
  static String declaredHtmlCharset(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, 8192), StandardCharsets.ISO_8859_1);
    Document doc = Jsoup.parse(head);
    Element meta = doc.selectFirst("meta[charset]");
    if (meta != null && !meta.attr("charset").isBlank()) {
      return meta.attr("charset").strip();
    }
    for (Element equiv : doc.select("meta[http-equiv][content]")) {
      if (equiv.attr("http-equiv").equalsIgnoreCase("content-type")) {
        Matcher m = CONTENT_TYPE_CHARSET.matcher(equiv.attr("content"));
        if (m.find()) {
          return m.group(1);
        }
      }
    }
    return null;
  }

  private static Charset bomCharset(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
      return StandardCharsets.UTF_8;
    }
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
      return StandardCharsets.UTF_16LE;
    }
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
      return StandardCharsets.UTF_16BE;
    }
    return null;
  }

  /**
   * A declared charset label as browsers read it: ISO-8859-1 and ASCII mean windows-1252, and a
   * page that declares UTF-16 without a byte-order mark is ASCII-compatible, so UTF-8. Unknown
   * labels count as undeclared.
   */
  private static Charset forLabel(String label) {
    String name = label.strip().toLowerCase(Locale.ROOT);
    switch (name) {
      case "iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii", "cp1252":
        return WINDOWS_1252;
      case "utf-16", "utf-16le", "utf-16be":
        return StandardCharsets.UTF_8;
      default:
        try {
          return Charset.isSupported(name) ? Charset.forName(name) : null;
        } catch (IllegalCharsetNameException e) {
          return null;
        }
    }
  }

  private static Charset guess(byte[] bytes) {
    UniversalDetector detector = new UniversalDetector();
    detector.handleData(bytes, 0, bytes.length);
    detector.dataEnd();
    String name = detector.getDetectedCharset();
    if (name == null) {
      return null;
    }
    try {
      return Charset.isSupported(name) ? Charset.forName(name) : null;
    } catch (IllegalCharsetNameException e) {
      return null;
    }
  }

  private static String decodeStrictly(byte[] bytes, Charset charset)
      throws CharacterCodingException {
    return charset
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  private static int indexOf(byte[] bytes, byte value) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
