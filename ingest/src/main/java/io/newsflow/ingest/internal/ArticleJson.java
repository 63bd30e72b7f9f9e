package io.newsflow.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.newsflow.ingest.ArticleDraft;
import io.newsflow.ingest.InvalidArticleException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The article object of the JSON formats (files and the HTTP API): {@code title}, {@code body} and
 * optionally {@code url}, {@code publishedAt}, {@code source}, {@code language}, {@code
 * bodyFormat}, each a string.
 */
public final class ArticleJson {
  public static final Set<String> FIELDS =
      Set.of("title", "body", "bodyFormat", "url", "publishedAt", "source", "language");

  private ArticleJson() {}

  /**
   * The draft an article object describes.
   *
   * @param origin where it came from, kept on the article
   * @throws InvalidArticleException naming each field that is not a string and each unknown field
   */
  public static ArticleDraft draft(JsonNode node, String origin) throws InvalidArticleException {
    if (node == null || !node.isObject()) {
      throw new InvalidArticleException(
          List.of(
              "article: expected an article object, got "
                  + (node == null ? "nothing" : node.getNodeType())));
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!FIELDS.contains(field.getKey())) {
        problems.add(
            field.getKey()
                + ": unknown field; allowed: "
                + String.join(", ", new TreeSet<>(FIELDS)));
      } else if (!field.getValue().isTextual() && !field.getValue().isNull()) {
        problems.add(field.getKey() + ": must be a string, got " + field.getValue().getNodeType());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidArticleException(problems);
    }
    return new ArticleDraft(
        text(node, "title"),
        text(node, "body"),
        text(node, "bodyFormat"),
        text(node, "url"),
        text(node, "publishedAt"),
        text(node, "source"),
        text(node, "language"),
        origin);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
