/**
 * Our client of a Confluent-compatible schema registry, cached, and an in-memory one for unit
 * tests.
 */
package io.newsflow.schemas.registry;
