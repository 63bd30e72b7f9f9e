/**
 * Link building: {@link io.newsflow.enrich.links.LinkTopology} and its {@link
 * io.newsflow.enrich.links.LinkSettings} are the API; its processors, state and codecs are
 * package-private.
 */
package io.newsflow.enrich.links;
