/**
 * The contract between the stages: the topics and their typed descriptors, article ids, dead
 * letters and the links every article has. The Avro classes are generated into {@code
 * io.newsflow.avro}.
 */
package io.newsflow.schemas;
