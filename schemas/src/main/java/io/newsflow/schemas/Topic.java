package io.newsflow.schemas;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the serdes of its keys and values: the one description of a topic that ingest,
 * enrich and sink share. Immutable.
 *
 * @param name the topic name, from configuration
 * @param keySerde serde of the keys
 * @param valueSerde serde of the values
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
  public Topic {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank; check the topic.* options");
    }
    Objects.requireNonNull(keySerde, "key serde of topic " + name);
    Objects.requireNonNull(valueSerde, "value serde of topic " + name);
  }

  public byte[] serializeKey(K key) {
    return keySerde.serializer().serialize(name, key);
  }

  public byte[] serializeValue(V value) {
    return valueSerde.serializer().serialize(name, value);
  }

  public V deserializeValue(byte[] bytes) {
    return valueSerde.deserializer().deserialize(name, bytes);
  }
}
