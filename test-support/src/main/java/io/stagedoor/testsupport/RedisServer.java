package io.stagedoor.testsupport;

/** Where a real Redis server for tests listens, and which logical database the tests own. */
public record RedisServer(String host, int port, int database) {
}
