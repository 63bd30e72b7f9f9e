package io.newsflow.enrich.links;

import io.newsflow.avro.ArticleLink;

/**
 * What the article-link processor sends on: a link for news.links.v1, or a story message for
 * another article (back through the story loop topic). Exactly one is set; never serialised.
 */
record LinkOutput(ArticleLink link, LinkEvent message) {
  static LinkOutput link(ArticleLink link) {
    return new LinkOutput(link, null);
  }

  static LinkOutput message(LinkEvent message) {
    return new LinkOutput(null, message);
  }
}
