/**
 * The {@code newsflow} command ({@link io.newsflow.app.Newsflow}) and {@code newsflow local}: every
 * stage in one process ({@link io.newsflow.app.Pipeline}) on an embedded broker and registry.
 */
package io.newsflow.app;
