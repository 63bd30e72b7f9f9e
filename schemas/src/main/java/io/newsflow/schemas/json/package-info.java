/**
 * An Avro record as plain JSON with the schema's field names, for the JSON Lines sink and the
 * tools.
 */
package io.newsflow.schemas.json;
