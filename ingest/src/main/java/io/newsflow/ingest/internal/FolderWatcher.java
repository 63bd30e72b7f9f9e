package io.newsflow.ingest.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.newsflow.ingest.FileIngestor;
import io.newsflow.ingest.InputError;
import io.newsflow.ingest.Intake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests the article files dropped into a folder (any format {@link ArticleFileReader} reads)
 * through the {@link Intake}, then moves each one out of the way:
 *
 * <ul>
 *   <li>to {@code DIR/.done/} when every article in it was stored, or was a duplicate of one
 *       stored;
 *   <li>to {@code DIR/.rejected/}, with {@code NAME.errors.txt} beside it listing each reason as
 *       {@code file:line: ...}, when anything in it was rejected (its valid articles are still
 *       stored); a file of an unknown type is rejected too;
 *   <li>nowhere when Kafka did not store some of its articles: the file stays and is tried again at
 *       the next periodic scan (what was stored comes back as duplicates).
 * </ul>
 *
 * A file is read only once its size and modification time are the same at two checks, so a file
 * still being written is left alone; hidden names (starting with {@code .}) and names ending in
 * {@code .tmp} or {@code .part} are ignored, so writers can also write under such a name and rename
 * when done. Empty files wait. Sub-folders are not read. The folder is watched for changes (checked
 * again a moment after each) and scanned every {@code scanInterval} as well, for file systems that
 * do not report changes.
 *
 * <p>Counts files ({@code newsflow.ingest.folder.files}, tag outcome: done, rejected, retried) and
 * articles ({@code newsflow.ingest.folder.articles}, tag outcome: stored, duplicate, rejected,
 * failed). Runs on one daemon thread from {@link #start} until {@link #close}; the intake stays the
 * caller's.
 */
public final class FolderWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FolderWatcher.class);
  static final String DONE = ".done";
  static final String REJECTED = ".rejected";
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private record Seen(long size, FileTime modified) {}

  private final Path dir;
  private final Path done;
  private final Path rejected;
  private final FileIngestor ingestor;
  private final long scanIntervalNanos;
  private final long settleNanos;
  private final WatchService watch;
  private final Thread thread;
  private volatile boolean running = true;
  private boolean firstCheckPending; // set before the thread starts

  private final Object scanLock = new Object();
  // guarded by scanLock: what each file looked like at the last check, and when a file whose
  // articles Kafka did not store may be tried again
  private final Map<Path, Seen> seen = new HashMap<>();
  private final Map<Path, Long> retryAt = new HashMap<>();

  private final Counter filesDone;
  private final Counter filesRejected;
  private final Counter filesRetried;
  private final Counter articlesStored;
  private final Counter articlesDuplicate;
  private final Counter articlesRejected;
  private final Counter articlesFailed;

  private FolderWatcher(
      Path dir, Intake intake, MeterRegistry metrics, Duration scanInterval, boolean watchChanges)
      throws IOException {
    this.dir = dir;
    this.done = Files.createDirectories(dir.resolve(DONE));
    this.rejected = Files.createDirectories(dir.resolve(REJECTED));
    this.ingestor = new FileIngestor(intake);
    this.scanIntervalNanos = scanInterval.toNanos();
    // a change is looked at again after this long, which is also the least time between the two
    // checks of a file the watch service reported
    this.settleNanos = Math.min(scanIntervalNanos, TimeUnit.SECONDS.toNanos(1));
    this.watch = watchChanges ? watchServiceFor(dir, scanInterval) : null;
    String files = "newsflow.ingest.folder.files";
    String filesHelp = "Files of the watched folder: done, rejected, or retried (Kafka down)";
    this.filesDone = counter(metrics, files, filesHelp, "done");
    this.filesRejected = counter(metrics, files, filesHelp, "rejected");
    this.filesRetried = counter(metrics, files, filesHelp, "retried");
    String articles = "newsflow.ingest.folder.articles";
    String articlesHelp = "Articles of the watched folder's files, by outcome";
    this.articlesStored = counter(metrics, articles, articlesHelp, "stored");
    this.articlesDuplicate = counter(metrics, articles, articlesHelp, "duplicate");
    this.articlesRejected = counter(metrics, articles, articlesHelp, "rejected");
    this.articlesFailed = counter(metrics, articles, articlesHelp, "failed");
    this.thread = new Thread(this::run, "newsflow-folder-watcher-" + dir.getFileName());
    this.thread.setDaemon(true);
  }

  /**
   * Starts watching a folder; the files already in it are ingested too, a moment later.
   *
   * @param dir an existing folder; {@code .done} and {@code .rejected} are created in it
   * @param scanInterval how often the folder is scanned whatever the watch service reports, and how
   *     long a file whose articles Kafka did not store waits before it is tried again
   */
  public static FolderWatcher start(
      Path dir, Intake intake, MeterRegistry metrics, Duration scanInterval) {
    return start(dir, intake, metrics, scanInterval, true);
  }

  /**
   * As {@link #start(Path, Intake, MeterRegistry, Duration)}; without {@code watchChanges} the
   * folder is only scanned (tests use it to decide when checks happen).
   */
  static FolderWatcher start(
      Path dir, Intake intake, MeterRegistry metrics, Duration scanInterval, boolean watchChanges) {
    Objects.requireNonNull(intake, "intake");
    Objects.requireNonNull(metrics, "metrics");
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "watch folder " + dir + " does not exist or is not a folder; create it first");
    }
    if (scanInterval == null || scanInterval.isNegative() || scanInterval.isZero()) {
      throw new IllegalArgumentException(
          "scan interval must be positive, e.g. PT5S; got " + scanInterval);
    }
    FolderWatcher watcher;
    try {
      watcher = new FolderWatcher(dir, intake, metrics, scanInterval, watchChanges);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create " + DONE + " and " + REJECTED + " in " + dir + ": " + e.getMessage(), e);
    }
    // The first check only notes the files already there (nothing is read at a first sight), so
    // it is quick; made here, it comes before any check a test or a caller makes.
    watcher.firstCheckPending = watcher.scan(false);
    watcher.thread.start();
    log.info(
        "Watching {} for article files (scan every {}, watch service {})",
        dir,
        scanInterval,
        watcher.watch == null ? "off" : "on");
    return watcher;
  }

  /**
   * Checks the folder now, on the calling thread: files unchanged since the last check are ingested
   * and moved, and files whose articles Kafka did not store are tried again at once.
   */
  public void scanNow() {
    if (!running) {
      throw new IllegalStateException("the watcher of " + dir + " is closed");
    }
    scan(true);
  }

  /** Stops watching; a file being ingested is finished first (for up to 30 s). */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    if (watch != null) {
      try {
        watch.close(); // wakes the thread from its poll
      } catch (IOException e) {
        log.debug("Closing the watch service of {}: {}", dir, e.toString());
      }
    }
    LockSupport.unpark(thread);
    try {
      thread.join(CLOSE_TIMEOUT.toMillis());
      if (thread.isAlive()) {
        log.warn(
            "Watcher of {} still busy after {}; interrupting it (the file it reads stays and is read"
                + " again at the next start)",
            dir,
            CLOSE_TIMEOUT);
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("Stopped watching {}", dir);
  }

  private void run() {
    long nextScan = System.nanoTime() + scanIntervalNanos;
    // a moment after a change: files seen at start are read then
    long nextCheck = firstCheckPending ? System.nanoTime() + settleNanos : Long.MAX_VALUE;
    while (running) {
      long now = System.nanoTime();
      long wait = Math.min(nextScan, nextCheck) - now;
      if (wait > 0) {
        if (awaitChange(wait) && nextCheck == Long.MAX_VALUE) {
          nextCheck = System.nanoTime() + settleNanos;
        }
        continue;
      }
      boolean periodic = now - nextScan >= 0;
      boolean pending;
      try {
        pending = scan(periodic);
      } catch (RuntimeException e) {
        log.error("Scanning {} failed; trying again at the next scan", dir, e);
        pending = false;
      }
      if (periodic) {
        nextScan = System.nanoTime() + scanIntervalNanos;
      }
      nextCheck = pending ? System.nanoTime() + settleNanos : Long.MAX_VALUE;
    }
  }

  /** Waits up to {@code nanos}; true when the folder changed meanwhile. */
  private boolean awaitChange(long nanos) {
    if (watch == null) {
      LockSupport.parkNanos(this, nanos);
      return false;
    }
    try {
      WatchKey key = watch.poll(nanos, TimeUnit.NANOSECONDS);
      if (key == null) {
        return false;
      }
      key.pollEvents(); // which file does not matter: the scan looks at all of them
      if (!key.reset()) {
        log.warn("{} can no longer be watched (removed?); only scanning it", dir);
      }
      return true;
    } catch (ClosedWatchServiceException e) {
      return false; // closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return false;
    }
  }

  /**
   * Looks at every file once.
   *
   * @param retryFailed whether files whose articles Kafka did not store are tried again now
   * @return whether some file is new or changed since the last check, so worth checking again soon
   */
  private boolean scan(boolean retryFailed) {
    synchronized (scanLock) {
      List<Path> files = candidates();
      seen.keySet().retainAll(new HashSet<>(files));
      retryAt.keySet().retainAll(new HashSet<>(files));
      boolean pending = false;
      for (Path file : files) {
        if (!running) {
          break;
        }
        Seen now;
        try {
          BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
          now = new Seen(attributes.size(), attributes.lastModifiedTime());
        } catch (IOException e) {
          seen.remove(file); // gone since it was listed
          continue;
        }
        Seen before = seen.put(file, now);
        if (now.size() == 0) {
          continue; // waits for content
        }
        if (!now.equals(before)) {
          pending = true; // new, or still being written
          continue;
        }
        Long retry = retryAt.get(file);
        if (retry != null && !retryFailed && System.nanoTime() - retry < 0) {
          continue;
        }
        if (ingest(file)) {
          seen.remove(file);
          retryAt.remove(file);
        } else {
          retryAt.put(file, System.nanoTime() + scanIntervalNanos);
        }
      }
      return pending;
    }
  }

  private List<Path> candidates() {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> !ignored(p.getFileName().toString()))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      log.warn("Cannot list {}: {}", dir, e.toString());
      return List.of();
    }
  }

  static boolean ignored(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return name.startsWith(".") || lower.endsWith(".tmp") || lower.endsWith(".part");
  }

  /** Ingests one file and moves it; false when it stays to be tried again. */
  private boolean ingest(Path file) {
    FileIngestor.Report report = ingestor.ingest(List.of(file));
    articlesStored.increment(report.stored().size());
    articlesDuplicate.increment(report.duplicates().size());
    articlesRejected.increment(report.rejected().size());
    articlesFailed.increment(report.failed().size());
    String name = file.getFileName().toString();
    if (!report.failed().isEmpty()) {
      filesRetried.increment();
      log.warn(
          "Kafka did not store {} article(s) of {}; the file stays and is tried again in {} s",
          report.failed().size(),
          file,
          TimeUnit.NANOSECONDS.toSeconds(scanIntervalNanos));
      return false;
    }
    try {
      if (report.rejected().isEmpty()) {
        Path target = move(file, freeName(done, name));
        filesDone.increment();
        log.info(
            "Ingested {}: {} stored, {} duplicate(s); moved to {}",
            name,
            report.stored().size(),
            report.duplicates().size(),
            target);
      } else {
        Path target = freeName(rejected, name);
        Files.write(
            target.resolveSibling(target.getFileName() + ".errors.txt"),
            errorLines(report),
            StandardCharsets.UTF_8);
        move(file, target);
        filesRejected.increment();
        log.warn(
            "Rejected {} input(s) of {} ({} stored, {} duplicate(s)); moved to {}",
            report.rejected().size(),
            name,
            report.stored().size(),
            report.duplicates().size(),
            target);
      }
      return true;
    } catch (NoSuchFileException e) {
      return true; // removed meanwhile: nothing left to move
    } catch (IOException e) {
      // it stays; read again, its stored articles are answered as duplicates
      log.error("Ingested {} but cannot move it: {}", file, e.toString());
      return false;
    }
  }

  private static List<String> errorLines(FileIngestor.Report report) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "# "
            + report.stored().size()
            + " article(s) stored, "
            + report.duplicates().size()
            + " duplicate(s), "
            + report.rejected().size()
            + " rejected:");
    report.rejected().stream().map(InputError::toString).forEach(lines::add);
    return lines;
  }

  private static Path move(Path file, Path target) throws IOException {
    try {
      return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      return Files.move(file, target);
    }
  }

  /** {@code name} in the folder, or {@code base-2.ext}, {@code base-3.ext}, ... if taken. */
  static Path freeName(Path folder, String name) {
    Path target = folder.resolve(name);
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int i = 2; Files.exists(target); i++) {
      target = folder.resolve(base + "-" + i + ext);
    }
    return target;
  }

  private static WatchService watchServiceFor(Path dir, Duration scanInterval) {
    WatchService service = null;
    try {
      service = dir.getFileSystem().newWatchService();
      dir.register(
          service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      return service;
    } catch (IOException | UnsupportedOperationException e) {
      log.warn("Cannot watch {} for changes ({}); scanning it every {} only", dir, e, scanInterval);
      if (service != null) {
        try {
          service.close();
        } catch (IOException ignored) {
          // nothing to release
        }
      }
      return null;
    }
  }

  private static Counter counter(
      MeterRegistry metrics, String name, String description, String outcome) {
    return Counter.builder(name).description(description).tag("outcome", outcome).register(metrics);
  }
}
