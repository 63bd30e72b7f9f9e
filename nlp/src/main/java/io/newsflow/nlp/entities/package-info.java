/**
 * Entities of an article: {@link io.newsflow.nlp.entities.EntityExtractor} runs the recogniser,
 * groups the mentions that name one entity and links each group to the knowledge base; the rest is
 * package-private.
 */
package io.newsflow.nlp.entities;
