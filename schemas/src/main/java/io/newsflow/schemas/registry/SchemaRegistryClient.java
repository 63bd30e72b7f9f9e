package io.newsflow.schemas.registry;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API that the serdes need.
 *
 * <p>Implementations: {@link HttpSchemaRegistryClient} talks to any Confluent-compatible registry
 * (Confluent, Apicurio's {@code /apis/ccompat/v7}, Karapace, Redpanda); {@link
 * InMemorySchemaRegistry} serves unit tests; {@link CachedSchemaRegistryClient} caches either.
 */
public interface SchemaRegistryClient {

  /**
   * Registers {@code schema} under {@code subject}, or finds it if it is there already.
   *
   * @return the registry's id of the schema, the same for every client of that registry
   * @throws IncompatibleSchemaException when the subject's compatibility rule refuses the schema
   * @throws RegistryUnavailableException when the registry cannot be reached after retries
   */
  int register(String subject, Schema schema);

  /**
   * Fetches a schema by its id.
   *
   * @throws SchemaNotFoundException when the registry has no schema with that id
   */
  Schema schemaById(int id);

  /**
   * The newest version registered under a subject.
   *
   * @throws SchemaNotFoundException when the subject does not exist
   */
  RegisteredSchema latest(String subject);

  /** A schema as registered: subject, version, id. */
  record RegisteredSchema(String subject, int version, int id, Schema schema) {}
}
