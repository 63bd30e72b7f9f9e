/**
 * The one HTTP server of each service ({@link io.newsflow.runtime.ops.OpsServer}): metrics, health
 * with its checks, JSON errors, and the JVM meters bound once per registry.
 */
package io.newsflow.runtime.ops;
