package io.newsflow.embedded;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;

/**
 * Ends transactions that a restart of the one-node cluster left open on some of their partitions.
 *
 * <p>After an unclean stop the node starts on its old metadata, in which it still leads every
 * partition; its transaction coordinator loads a transaction that was being committed and sends the
 * markers. A moment later the controller fences the node's old incarnation and every partition is
 * without a leader until the node is back. Kafka's marker sender (4.3) takes a partition without a
 * leader for a deleted one: it drops it from the transaction and records the transaction as
 * complete. Such a partition keeps an open transaction that nothing ends, and every read_committed
 * reader of it (a Streams restore, a committed-offset fetch) waits there for good.
 *
 * <p>So, after a restart on kept data and before clients run: partitions with an open transaction
 * whose coordinator has completed it get the marker the coordinator decided, commit or abort, as it
 * would have written them. Transactions the coordinator still handles are left to it; an open
 * transaction whose outcome cannot be read off the coordinator is reported, not guessed.
 */
final class StrandedTransactions {
  /** An open transaction of one producer on one partition. */
  record Open(
      TopicPartition partition,
      long producerId,
      int producerEpoch,
      int coordinatorEpoch,
      long startOffset) {}

  /** The marker an open transaction gets; {@code commit} false writes an abort. */
  record Marker(Open open, String transactionalId, boolean commit) {}

  /** What a pass found: markers written, and open transactions left alone with the reason. */
  record Result(List<Marker> written, List<String> unresolved) {}

  private StrandedTransactions() {}

  /**
   * The marker for {@code open}, given what its coordinator says of the producer's transaction
   * ({@code null} when it knows none); empty when the coordinator still handles it or the outcome
   * is unknown, with the reason added to {@code unresolved} in the second case.
   */
  static Optional<Marker> decide(
      Open open,
      TransactionDescription coordinator,
      String transactionalId,
      List<String> unresolved) {
    if (coordinator == null) {
      unresolved.add(open + ": no coordinator knows producer " + open.producerId());
      return Optional.empty();
    }
    TransactionState state = coordinator.state();
    boolean completed =
        state == TransactionState.COMPLETE_COMMIT || state == TransactionState.COMPLETE_ABORT;
    if (!completed) {
      if (state == TransactionState.EMPTY || state == TransactionState.UNKNOWN) {
        unresolved.add(open + ": its coordinator's transaction is " + state);
      }
      // ongoing or being completed: the coordinator ends it on every partition it knows
      return Optional.empty();
    }
    // the data was written at the epoch the transaction ran under; completing it bumps the epoch
    // once with transaction version 2, not at all before
    int epochs = coordinator.producerEpoch() - open.producerEpoch();
    if (coordinator.producerId() != open.producerId() || epochs < 0 || epochs > 1) {
      unresolved.add(
          open
              + ": its coordinator has moved on to producer "
              + coordinator.producerId()
              + " epoch "
              + coordinator.producerEpoch());
      return Optional.empty();
    }
    return Optional.of(
        new Marker(open, transactionalId, state == TransactionState.COMPLETE_COMMIT));
  }

  /**
   * Finds the stranded transactions of the node at {@code host:port} through {@code admin} and ends
   * them. Meant for a single node, which leads every partition it has.
   */
  static Result end(Admin admin, String host, int port, long timeoutMs)
      throws IOException, ExecutionException, InterruptedException, TimeoutException {
    List<Open> open = openTransactions(admin, timeoutMs);
    List<String> unresolved = new ArrayList<>();
    if (open.isEmpty()) {
      return new Result(List.of(), unresolved);
    }
    Set<Long> producers = open.stream().map(Open::producerId).collect(Collectors.toSet());
    Collection<TransactionListing> listings =
        admin
            .listTransactions(new ListTransactionsOptions().filterProducerIds(producers))
            .all()
            .get(timeoutMs, TimeUnit.MILLISECONDS);
    Map<Long, String> idByProducer =
        listings.stream()
            .collect(
                Collectors.toMap(
                    TransactionListing::producerId,
                    TransactionListing::transactionalId,
                    (a, b) -> a));
    Map<String, TransactionDescription> described =
        idByProducer.isEmpty()
            ? Map.of()
            : admin
                .describeTransactions(idByProducer.values())
                .all()
                .get(timeoutMs, TimeUnit.MILLISECONDS);
    // a transaction completes only after its markers are written: a partition still open now,
    // after its coordinator said complete, was skipped (open before may have been in flight)
    Set<Open> stillOpen =
        Set.copyOf(
            openOn(admin, open.stream().map(Open::partition).distinct().toList(), timeoutMs));
    List<Marker> markers = new ArrayList<>();
    for (Open o : open) {
      if (!stillOpen.contains(o)) {
        continue;
      }
      String id = idByProducer.get(o.producerId());
      decide(o, id == null ? null : described.get(id), id, unresolved).ifPresent(markers::add);
    }
    write(host, port, markers);
    return new Result(markers, unresolved);
  }

  private static List<Open> openTransactions(Admin admin, long timeoutMs)
      throws ExecutionException, InterruptedException, TimeoutException {
    Set<String> topics =
        admin
            .listTopics(new ListTopicsOptions().listInternal(true))
            .names()
            .get(timeoutMs, TimeUnit.MILLISECONDS);
    if (topics.isEmpty()) {
      return List.of();
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (TopicDescription topic :
        admin
            .describeTopics(topics)
            .allTopicNames()
            .get(timeoutMs, TimeUnit.MILLISECONDS)
            .values()) {
      topic
          .partitions()
          .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
    }
    return openOn(admin, partitions, timeoutMs);
  }

  private static List<Open> openOn(Admin admin, List<TopicPartition> partitions, long timeoutMs)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, PartitionProducerState> states =
        admin.describeProducers(partitions).all().get(timeoutMs, TimeUnit.MILLISECONDS);
    List<Open> open = new ArrayList<>();
    states.forEach(
        (partition, state) -> {
          for (ProducerState p : state.activeProducers()) {
            if (p.currentTransactionStartOffset().isPresent()) {
              open.add(
                  new Open(
                      partition,
                      p.producerId(),
                      p.producerEpoch(),
                      Math.max(0, p.coordinatorEpoch().orElse(0)),
                      p.currentTransactionStartOffset().getAsLong()));
            }
          }
        });
    return open;
  }

  /**
   * Writes each marker with a WriteTxnMarkers request, the call a coordinator makes (and the one
   * {@code Admin.abortTransaction} makes for an abort; the Admin client has none for a commit).
   * Legacy marker validation (version 0): the marker's epoch is the one the data was written at.
   */
  static void write(String host, int port, List<Marker> markers) throws IOException {
    if (markers.isEmpty()) {
      return;
    }
    short version = ApiKeys.WRITE_TXN_MARKERS.latestVersion();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 10_000);
      socket.setSoTimeout(30_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int correlation = 0;
      for (Marker m : markers) {
        TopicPartition tp = m.open().partition();
        WriteTxnMarkersRequestData data = new WriteTxnMarkersRequestData();
        data.markers()
            .add(
                new WriteTxnMarkersRequestData.WritableTxnMarker()
                    .setProducerId(m.open().producerId())
                    .setProducerEpoch((short) m.open().producerEpoch())
                    .setCoordinatorEpoch(m.open().coordinatorEpoch())
                    .setTransactionResult(m.commit())
                    .setTransactionVersion((byte) 0)
                    .setTopics(
                        List.of(
                            new WriteTxnMarkersRequestData.WritableTxnMarkerTopic()
                                .setName(tp.topic())
                                .setPartitionIndexes(List.of(tp.partition())))));
        RequestHeader header =
            new RequestHeader(
                ApiKeys.WRITE_TXN_MARKERS, version, "newsflow-embedded", ++correlation);
        ByteBuffer request =
            new WriteTxnMarkersRequest.Builder(data).build(version).serializeWithHeader(header);
        byte[] bytes = new byte[request.remaining()];
        request.get(bytes);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        WriteTxnMarkersResponse response =
            (WriteTxnMarkersResponse)
                AbstractResponse.parseResponse(ByteBuffer.wrap(answer), header);
        for (WriteTxnMarkersResponseData.WritableTxnMarkerResult marker :
            response.data().markers()) {
          for (WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult topic : marker.topics()) {
            for (WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult partition :
                topic.partitions()) {
              Errors error = Errors.forCode(partition.errorCode());
              if (error != Errors.NONE) {
                throw new IOException(
                    "the "
                        + (m.commit() ? "commit" : "abort")
                        + " marker for "
                        + m
                        + " was refused: "
                        + error.name()
                        + " ("
                        + error.message()
                        + ")");
              }
            }
          }
        }
      }
    }
  }
}
