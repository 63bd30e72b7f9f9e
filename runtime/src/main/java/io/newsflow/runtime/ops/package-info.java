/**
 * The one HTTP server of each service ({@link io.newsflow.runtime.ops.OpsServer}): metrics, health
 * with its checks, JSON errors; the JVM's meters bound once per registry, and Kafka's meters looked
 * for every few seconds ({@link io.newsflow.runtime.ops.KafkaMeters}).
 */
package io.newsflow.runtime.ops;
