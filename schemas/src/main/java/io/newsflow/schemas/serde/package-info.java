/** The Confluent wire-format Avro serde (magic byte, schema id, Avro binary). */
package io.newsflow.schemas.serde;
