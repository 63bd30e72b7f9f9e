package io.newsflow.ingest.feeds;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import io.newsflow.ingest.ArticleDraft;
import io.newsflow.schemas.ArticleIds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.util.Date;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Turns the entries of a parsed RSS 2.0 or Atom feed into article drafts, and names each entry by a
 * short key that stays the same from one fetch to the next.
 */
final class FeedEntries {
  private FeedEntries() {}

  /**
   * Parses a fetched feed from its bytes, so that Rome's reader finds the encoding (from the HTTP
   * content type, a byte order mark or the XML prolog). Documents with a DOCTYPE are refused. An
   * Atom feed's language, which Rome does not read, is taken from the {@code xml:lang} of its root.
   *
   * @param contentType the Content-Type header of the response, or null
   * @throws FeedException when the document is no RSS or Atom feed
   */
  static SyndFeed parse(byte[] body, String contentType) throws IOException, FeedException {
    String xml;
    try (InputStream in = new ByteArrayInputStream(body);
        XmlReader reader =
            contentType == null ? new XmlReader(in, true) : new XmlReader(in, contentType, true)) {
      StringWriter text = new StringWriter(body.length);
      reader.transferTo(text);
      xml = text.toString();
    }
    SyndFeed feed = new SyndFeedInput().build(new StringReader(xml));
    if (feed.getLanguage() == null || feed.getLanguage().isBlank()) {
      feed.setLanguage(rootLanguage(xml));
    }
    return feed;
  }

  /** The {@code xml:lang} of the root element, or null; called once Rome has accepted the XML. */
  private static String rootLanguage(String xml) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    try {
      XMLStreamReader reader = factory.createXMLStreamReader(new StringReader(xml));
      try {
        while (reader.hasNext()) {
          if (reader.next() == XMLStreamConstants.START_ELEMENT) {
            return blankToNull(reader.getAttributeValue(XMLConstants.XML_NS_URI, "lang"));
          }
        }
        return null;
      } finally {
        reader.close();
      }
    } catch (XMLStreamException e) {
      return null;
    }
  }

  /**
   * The entry's identity as the feed gives it: its guid (RSS) or id (Atom), else its link; null
   * when it has neither.
   */
  static String identity(SyndEntry entry) {
    String uri = blankToNull(entry.getUri());
    return uri != null ? uri : blankToNull(entry.getLink());
  }

  /**
   * A key by which the entry is remembered as seen: a hash of its identity, else of its title and
   * date. Hashed so that the state of a feed stays small whatever its guids look like.
   */
  static String key(SyndEntry entry) {
    String identity = identity(entry);
    if (identity != null) {
      return ArticleIds.hash("id\n" + identity);
    }
    Date date = date(entry);
    return ArticleIds.hash(
        "title\n"
            + (entry.getTitle() == null ? "" : entry.getTitle().strip())
            + "\n"
            + (date == null ? "" : date.toInstant().toString()));
  }

  /**
   * The entry as an article draft: title, body from the content (else the description or summary),
   * link, published (else updated) time, the feed's title as source and its language.
   *
   * @param feedUrl where the feed was fetched: relative links resolve against it, and it is the
   *     origin of the article together with the entry's identity
   */
  static ArticleDraft draft(String feedUrl, SyndFeed feed, SyndEntry entry) {
    SyndContent body = body(entry);
    Date date = date(entry);
    String identity = identity(entry);
    return new ArticleDraft(
        entry.getTitle(),
        body == null ? null : body.getValue(),
        body == null ? null : bodyFormat(body.getType()),
        resolve(feedUrl, blankToNull(entry.getLink())),
        date == null ? null : date.toInstant().toString(),
        blankToNull(feed.getTitle()),
        blankToNull(feed.getLanguage()),
        feedUrl + "#" + (identity != null ? identity : key(entry)));
  }

  private static SyndContent body(SyndEntry entry) {
    if (entry.getContents() != null) {
      for (SyndContent content : entry.getContents()) {
        if (content != null && content.getValue() != null && !content.getValue().isBlank()) {
          return content;
        }
      }
    }
    SyndContent description = entry.getDescription();
    return description != null && description.getValue() != null ? description : null;
  }

  /**
   * {@code html} for HTML or XHTML content, {@code text} for plain text, null for anything else
   * (the validator then looks at the body itself).
   */
  static String bodyFormat(String type) {
    if (type == null) {
      return null;
    }
    return switch (type.strip().toLowerCase(Locale.ROOT)) {
      case "html", "xhtml", "text/html", "application/xhtml+xml" -> "html";
      case "text", "text/plain" -> "text";
      default -> null;
    };
  }

  private static Date date(SyndEntry entry) {
    return entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
  }

  private static String resolve(String feedUrl, String link) {
    if (link == null) {
      return null;
    }
    try {
      return URI.create(feedUrl).resolve(link.strip()).toString();
    } catch (IllegalArgumentException e) {
      return link; // the validator says what is wrong with it
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
