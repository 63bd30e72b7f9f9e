package io.newsflow.embedded;

/** A process that starts a schema registry, prints its pid and folder, and waits to be killed. */
public final class RegistryOwner {
  private RegistryOwner() {}

  public static void main(String[] args) throws Exception {
    ApicurioRegistryServer registry = ApicurioRegistryServer.builder().build().start();
    System.out.println("registry " + registry.pid() + " " + registry.logFile().getParent());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
