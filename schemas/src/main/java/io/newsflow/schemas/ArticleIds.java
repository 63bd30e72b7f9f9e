package io.newsflow.schemas;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Stable article ids, so that a re-submission of the same article keeps its id: from the canonical
 * URL when the article has one, else from its normalised title and body. An id is 32 hex characters
 * (128 bits of SHA-256).
 */
public final class ArticleIds {
  private ArticleIds() {}

  public static String forArticle(String canonicalUrl, String title, String body) {
    if (canonicalUrl != null) {
      return hash("url\n" + canonicalUrl);
    }
    return hash("content\n" + normalise(title) + "\n" + normalise(body));
  }

  /**
   * The URL with what does not name a different page removed: scheme and host lower-cased, the
   * default port, the fragment and tracking parameters ({@code utm_*}, {@code fbclid}, {@code
   * gclid}, ...) dropped, an empty path made {@code /}.
   *
   * @throws IllegalArgumentException when the text is not an absolute http(s) URL
   */
  public static String canonicalUrl(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "URL must be absolute, with http or https, got '" + url + "'");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("URL has no host: '" + url + "'");
    }
    StringBuilder out =
        new StringBuilder(scheme).append("://").append(uri.getHost().toLowerCase(Locale.ROOT));
    int port = uri.getPort();
    if (port != -1
        && !(port == 80 && scheme.equals("http"))
        && !(port == 443 && scheme.equals("https"))) {
      out.append(':').append(port);
    }
    String path = uri.getRawPath();
    out.append(path == null || path.isEmpty() ? "/" : path);
    String query = uri.getRawQuery();
    if (query != null) {
      List<String> kept = new ArrayList<>();
      for (String param : query.split("&")) {
        if (!param.isEmpty() && !tracking(param)) {
          kept.add(param);
        }
      }
      if (!kept.isEmpty()) {
        out.append('?').append(String.join("&", kept));
      }
    }
    return out.toString();
  }

  /** Query parameters that track the reader rather than name the page. */
  private static final java.util.Set<String> TRACKING =
      java.util.Set.of(
          "fbclid",
          "gclid",
          "dclid",
          "msclkid",
          "yclid",
          "mc_cid",
          "mc_eid",
          "igshid",
          "_ga",
          "_gl",
          "ref_src",
          "ref_url",
          "spm",
          "ocid",
          "cmpid",
          "__twitter_impression",
          "s_cid",
          "smid",
          "share");

  private static boolean tracking(String param) {
    int eq = param.indexOf('=');
    String name = (eq < 0 ? param : param.substring(0, eq)).toLowerCase(Locale.ROOT);
    return name.startsWith("utm_") || TRACKING.contains(name);
  }

  private static String normalise(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFC).strip().replaceAll("\\s+", " ");
  }

  /** 128 bits of the SHA-256 of the text's UTF-8 bytes, as 32 hex characters. */
  public static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
