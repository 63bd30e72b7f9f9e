package io.newsflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports: finding a free one, and telling whether one is taken. */
public final class FreePorts {
  private FreePorts() {}

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }

  /** {@code port} itself when positive, else a free one. */
  public static int orPick(int port) {
    return port > 0 ? port : pick();
  }

  /**
   * A free port whose successor is free too: a one-node broker restarted on kept data has its
   * controller on the broker port + 1.
   */
  public static int pickPair() {
    for (int i = 0; i < 50; i++) {
      int port = pick();
      if (port < 65535 && !isTaken(port + 1)) {
        return port;
      }
    }
    throw new IllegalStateException("no two free loopback ports in a row");
  }

  /** Whether something already listens on 127.0.0.1:{@code port}. */
  public static boolean isTaken(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
