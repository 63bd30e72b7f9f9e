/**
 * Enrich's API: the entity topology ({@link io.newsflow.enrich.EnrichTopology}, a pure method over
 * the contract), the service that runs it and link building, its configuration and command; and
 * {@link io.newsflow.enrich.HtmlLinks}, the article's hyperlinks, which link building reads too.
 * The rest of this package is package-private.
 */
package io.newsflow.enrich;
