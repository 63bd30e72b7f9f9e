/**
 * The knowledge base: its entities and aliases, its file format, and the alias keys names are
 * matched by.
 */
package io.newsflow.kb;
