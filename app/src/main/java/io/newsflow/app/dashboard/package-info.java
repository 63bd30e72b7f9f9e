/**
 * The operators' web dashboard, served by {@code newsflow local} and by {@code newsflow dashboard}
 * against a cluster: throughput by stage, consumer lag, dead letters, entities and links.
 */
package io.newsflow.app.dashboard;
