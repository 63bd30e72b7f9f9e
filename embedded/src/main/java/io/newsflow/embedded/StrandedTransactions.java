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
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
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

  /** How long a restart waits at most for coordinators to settle what is open. */
  static final long SETTLE_MS = 15_000;

  private StrandedTransactions() {}

  /**
   * The marker for {@code open}, given what its coordinator says of the producer's transaction
   * ({@code null} when it knows none) and whether the cluster runs transaction version 2; empty
   * when the coordinator still handles it or the outcome cannot be read off it, with the reason
   * added to {@code unresolved} in the second case.
   */
  static Optional<Marker> decide(
      Open open,
      TransactionDescription coordinatorView,
      String transactionalId,
      boolean version2,
      List<String> unresolved) {
    if (coordinatorView == null) {
      unresolved.add(open + ": no coordinator knows producer " + open.producerId());
      return Optional.empty();
    }
    TransactionState state = coordinatorView.state();
    boolean completed =
        state == TransactionState.COMPLETE_COMMIT || state == TransactionState.COMPLETE_ABORT;
    if (!completed) {
      if (state == TransactionState.EMPTY || state == TransactionState.UNKNOWN) {
        unresolved.add(open + ": its coordinator's transaction is " + state);
      }
      // ongoing or being completed: the coordinator ends it on every partition it knows
      return Optional.empty();
    }
    // Version 2 bumps the epoch once as it ends each transaction, so the completed transaction
    // whose data is at epoch E is the one the coordinator reports at E + 1 (at E it is the one
    // before). Before version 2 the epoch stays; then only the same epoch is that transaction.
    int expected = open.producerEpoch() + (version2 ? 1 : 0);
    if (coordinatorView.producerId() != open.producerId()
        || coordinatorView.producerEpoch() != expected) {
      unresolved.add(
          open
              + ": its coordinator reports producer "
              + coordinatorView.producerId()
              + " epoch "
              + coordinatorView.producerEpoch()
              + " "
              + state
              + ", not the transaction of this data");
      return Optional.empty();
    }
    return Optional.of(
        new Marker(open, transactionalId, state == TransactionState.COMPLETE_COMMIT));
  }

  /**
   * Finds the stranded transactions of the node at {@code host:port} through {@code admin} and ends
   * them; meant for a single node, which leads every partition it has, before any client runs.
   * Passes repeat, for up to {@link #SETTLE_MS}, while a coordinator is still completing one of the
   * open transactions (it may yet skip partitions) or does not know it yet (it may still be
   * loading); what is still open and unexplained after that is reported.
   */
  static Result end(Admin admin, String host, int port, long timeoutMs)
      throws IOException, ExecutionException, InterruptedException, TimeoutException {
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(timeoutMs, SETTLE_MS));
    boolean version2 = transactionVersion(admin, timeoutMs) >= 2;
    List<Marker> written = new ArrayList<>();
    while (true) {
      List<String> unresolved = new ArrayList<>();
      List<Marker> markers = new ArrayList<>();
      boolean unsettled = pass(admin, version2, timeoutMs, markers, unresolved);
      written.addAll(write(host, port, markers, deadline, unresolved));
      if (!unsettled || System.nanoTime() > deadline) {
        return new Result(written, unresolved);
      }
      Thread.sleep(500);
    }
  }

  /** The cluster's finalized {@code transaction.version}, 0 when it has none. */
  private static int transactionVersion(Admin admin, long timeoutMs)
      throws ExecutionException, InterruptedException, TimeoutException {
    FinalizedVersionRange range =
        admin
            .describeFeatures()
            .featureMetadata()
            .get(timeoutMs, TimeUnit.MILLISECONDS)
            .finalizedFeatures()
            .get("transaction.version");
    return range == null ? 0 : range.maxVersionLevel();
  }

  /**
   * One look: adds the markers due to {@code markers}; true when a coordinator is still completing
   * one of the open transactions or knows nothing of it.
   */
  private static boolean pass(
      Admin admin, boolean version2, long timeoutMs, List<Marker> markers, List<String> unresolved)
      throws ExecutionException, InterruptedException, TimeoutException {
    List<Open> open = openTransactions(admin, timeoutMs);
    if (open.isEmpty()) {
      return false;
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
    boolean unsettled = false;
    for (Open o : open) {
      if (!stillOpen.contains(o)) {
        continue;
      }
      String id = idByProducer.get(o.producerId());
      TransactionDescription view = id == null ? null : described.get(id);
      if (view == null
          || view.state() == TransactionState.PREPARE_COMMIT
          || view.state() == TransactionState.PREPARE_ABORT
          || view.state() == TransactionState.PREPARE_EPOCH_FENCE) {
        unsettled = true;
      }
      decide(o, view, id, version2, unresolved).ifPresent(markers::add);
    }
    return unsettled;
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

  /** The open transactions on {@code partitions}. */
  static List<Open> openOn(Admin admin, List<TopicPartition> partitions, long timeoutMs)
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
   * Writes each marker with a WriteTxnMarkers request, the request a coordinator sends (and {@code
   * Admin.abortTransaction} for an abort; the Admin client has none for a commit), with legacy
   * validation (transaction version 0) at the epoch the data was written at. A marker refused for a
   * retriable reason (a coordinator still loading) is tried again until {@code deadline}; one that
   * fails is added to {@code unresolved} and the others go on. Returns the markers written. The
   * request version is this client library's latest: the embedded broker runs the same library.
   */
  static List<Marker> write(
      String host, int port, List<Marker> markers, long deadline, List<String> unresolved)
      throws IOException, InterruptedException {
    List<Marker> written = new ArrayList<>();
    if (markers.isEmpty()) {
      return written;
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 10_000);
      socket.setSoTimeout(30_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int correlation = 0;
      for (Marker m : markers) {
        while (true) {
          Errors error = send(out, in, ++correlation, m);
          if (error == Errors.NONE) {
            written.add(m);
            break;
          }
          if (!(error.exception() instanceof RetriableException) || System.nanoTime() > deadline) {
            unresolved.add(
                m.open()
                    + ": the "
                    + (m.commit() ? "commit" : "abort")
                    + " marker was refused: "
                    + error.name()
                    + " ("
                    + error.message()
                    + ")");
            break;
          }
          Thread.sleep(200);
        }
      }
    }
    return written;
  }

  /** Sends one marker and reads the answer: the error for its partition. */
  private static Errors send(DataOutputStream out, DataInputStream in, int correlation, Marker m)
      throws IOException {
    short version = ApiKeys.WRITE_TXN_MARKERS.latestVersion();
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
        new RequestHeader(ApiKeys.WRITE_TXN_MARKERS, version, "newsflow-embedded", correlation);
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
        (WriteTxnMarkersResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(answer), header);
    for (WriteTxnMarkersResponseData.WritableTxnMarkerResult marker : response.data().markers()) {
      for (WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult topic : marker.topics()) {
        for (WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult partition :
            topic.partitions()) {
          if (topic.name().equals(tp.topic()) && partition.partitionIndex() == tp.partition()) {
            return Errors.forCode(partition.errorCode());
          }
        }
      }
    }
    throw new IOException("the answer to the marker for " + m.open() + " does not name it");
  }
}
