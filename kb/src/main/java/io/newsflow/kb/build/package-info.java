/**
 * The build of the default knowledge base from its sources (ISO codes, GeoNames cities, WordNet, a
 * curated file), run by the build ({@link io.newsflow.kb.build.DefaultKbBuilder}).
 */
package io.newsflow.kb.build;
