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
  private static final Pattern SPACES =
      Pattern.compile("[\\t\\x0B\\f\\u00A0\\u1680\\u2000-\\u200A\\u202F\\u205F\\u3000]");
  private static final Pattern INVISIBLE =
      Pattern.compile("[\\u00AD\\u200B\\u2060\\uFEFF\\x00-\\x08\\x0E-\\x1F\\x7F]");
  private static final Pattern LINE_BREAKS = Pattern.compile("\\r\\n?|[\\u2028\\u2029\\x85]");
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

  static String normaliseCharacters(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFC);
    s = LINE_BREAKS.matcher(s).replaceAll("\n");
    s = INVISIBLE.matcher(s).replaceAll("");
    return SPACES.matcher(s).replaceAll(" ");
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
