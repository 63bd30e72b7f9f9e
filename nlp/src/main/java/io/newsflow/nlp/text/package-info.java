/** Text before analysis: cleaning, boilerplate, the language, and word lists. */
package io.newsflow.nlp.text;
