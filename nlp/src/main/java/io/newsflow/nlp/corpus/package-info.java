/** The annotated corpora the entity model is trained and evaluated on, and their readers. */
package io.newsflow.nlp.corpus;
