package io.newsflow.schemas.registry;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Caches what never changes in a registry: the id of a schema registered under a subject, and the
 * schema behind an id. {@link #latest} is not cached, since a subject's latest version moves.
 * Thread-safe.
 */
public final class CachedSchemaRegistryClient implements SchemaRegistryClient {
  private final SchemaRegistryClient delegate;
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  public CachedSchemaRegistryClient(SchemaRegistryClient delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public int register(String subject, Schema schema) {
    Map<Schema, Integer> ids =
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer id = ids.get(schema);
    if (id == null) {
      id = delegate.register(subject, schema);
      ids.put(schema, id);
      schemasById.putIfAbsent(id, schema);
    }
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      schema = delegate.schemaById(id);
      schemasById.put(id, schema);
    }
    return schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return delegate.latest(subject);
  }
}
