package io.newsflow.nlp.text;

import io.newsflow.avro.BodyFormat;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Turns an article body into clean text: markup removed (HTML bodies), Unicode in NFC with odd
 * spaces, invisible characters and soft hyphens gone, paragraphs separated by exactly one blank
 * line and hard-wrapped lines joined, page boilerplate removed. Entity offsets of later stages
 * point into this text, so it must be deterministic. Thread-safe.
 */
public final class TextCleaner {
  private static final Set<String> DROPPED_ELEMENTS =
      Set.of(
          "script",
          "style",
          "noscript",
          "template",
          "iframe",
          "nav",
          "aside",
          "form",
          "button",
          "svg",
          "figure");
  private static final Set<String> BLOCK_ELEMENTS =
      Set.of(
          "p",
          "div",
          "section",
          "article",
          "header",
          "footer",
          "main",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "blockquote",
          "pre",
          "ul",
          "ol",
          "li",
          "dl",
          "dt",
          "dd",
          "table",
          "tr",
          "figcaption",
          "hr",
          "address");
  private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ ]*\\n");
  private static final Pattern INDENTED_LINE = Pattern.compile("\\n(?=[ ]+\\S)");
  private static final Pattern RUNS_OF_SPACE = Pattern.compile("[ \\n]+");
  private static final Pattern WORD =
      Pattern.compile("[\\p{L}\\p{N}]+(?:['’.\\-][\\p{L}\\p{N}]+)*");

  private final Boilerplate boilerplate;

  public TextCleaner(Boilerplate boilerplate) {
    this.boilerplate = boilerplate;
  }

  /** The body as clean text. */
  public String cleanBody(String body, BodyFormat format) {
    String text = format == BodyFormat.HTML ? htmlToText(body) : body;
    text = normaliseCharacters(text);
    if (format != BodyFormat.HTML) {
      // plain text often marks a new paragraph by indenting its first line (newswires do)
      text = INDENTED_LINE.matcher(text).replaceAll("\n\n");
    }
    List<String> paragraphs = new ArrayList<>();
    for (String raw : PARAGRAPH_BREAK.split(text)) {
      String paragraph = RUNS_OF_SPACE.matcher(raw).replaceAll(" ").strip();
      if (!paragraph.isEmpty() && !boilerplate.matches(paragraph)) {
        paragraphs.add(paragraph);
      }
    }
    return String.join("\n\n", paragraphs);
  }

  /** The title on one line, entities decoded when the article came as HTML. */
  public String cleanTitle(String title, BodyFormat format) {
    String text = format == BodyFormat.HTML ? Parser.unescapeEntities(title, false) : title;
    return RUNS_OF_SPACE.matcher(normaliseCharacters(text)).replaceAll(" ").strip();
  }

  /**
   * Words: runs of letters and digits, with inner apostrophes, dots and hyphens (U.S., al-Assad).
   */
  public static int wordCount(String text) {
    Matcher m = WORD.matcher(text);
    int count = 0;
    while (m.find()) {
      count++;
    }
    return count;
  }

  /**
   * NFC, then line breaks of every kind as {@code \n} ({@code \r\n}, {@code \r}, U+2028, U+2029,
   * U+0085), invisible characters dropped (soft hyphen, zero-width space, word joiner, BOM, control
   * characters other than tab and line breaks), other spaces as a plain space (tab, vertical tab,
   * form feed, no-break and typographic spaces). One pass over the characters, none when the text
   * has nothing to change: this runs on every article body.
   */
  static String normaliseCharacters(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFC);
    int n = s.length();
    int i = 0;
    while (i < n && !special(s.charAt(i))) {
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder out = new StringBuilder(n).append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (!special(c)) {
        out.append(c);
      } else if (c == '\r') {
        out.append('\n');
        if (i + 1 < n && s.charAt(i + 1) == '\n') {
          i++;
        }
      } else if (c == '\u2028' || c == '\u2029' || c == '\u0085') {
        out.append('\n');
      } else if (isSpace(c)) {
        out.append(' ');
      } // else invisible: dropped
    }
    return out.toString();
  }

  /** Whether {@link #normaliseCharacters} changes the character. */
  private static boolean special(char c) {
    if (c < 0x20) {
      return c != '\n';
    }
    if (c < 0x7F) {
      return false;
    }
    return c == 0x7F
        || c == 0x85
        || c == 0xA0
        || c == 0xAD
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200B)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x2060
        || c == 0x3000
        || c == 0xFEFF;
  }

  private static boolean isSpace(char c) {
    return c == '\t'
        || c == 0x0B
        || c == '\f'
        || c == 0xA0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  static String htmlToText(String html) {
    Document doc = Jsoup.parse(html);
    doc.select(String.join(",", DROPPED_ELEMENTS)).remove();
    StringBuilder out = new StringBuilder(html.length());
    NodeTraversor.traverse(
        new NodeVisitor() {
          @Override
          public void head(Node node, int depth) {
            if (node instanceof TextNode text) {
              out.append(text.getWholeText().replace('\n', ' '));
            } else if (node instanceof Element el) {
              if (el.normalName().equals("br")) {
                out.append('\n');
              } else if (BLOCK_ELEMENTS.contains(el.normalName())) {
                out.append("\n\n");
              }
            }
          }

          @Override
          public void tail(Node node, int depth) {
            if (node instanceof Element el && BLOCK_ELEMENTS.contains(el.normalName())) {
              out.append("\n\n");
            }
          }
        },
        doc.body());
    return out.toString();
  }
}
