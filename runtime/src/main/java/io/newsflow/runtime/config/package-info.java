/** Configuration every component shares, where it comes from, and its command-line options. */
package io.newsflow.runtime.config;
