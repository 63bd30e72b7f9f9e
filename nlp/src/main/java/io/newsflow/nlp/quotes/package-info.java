/**
 * Quotes with their speakers ({@link io.newsflow.nlp.quotes.QuoteExtractor}) and cited sources
 * ({@link io.newsflow.nlp.quotes.CitationExtractor}).
 */
package io.newsflow.nlp.quotes;
