/**
 * The trained entity recogniser: words, features, the model and its training. Public for the
 * extractor, the build's training step and the evaluation; feature hashing and decoding are
 * package-private.
 */
package io.newsflow.nlp.ner;
