package io.stagedoor.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import reactor.blockhound.BlockHound;

/**
 * Installs BlockHound once per test JVM for every module that tests with test-support, so a blocking call
 * on a Reactor or Netty event-loop thread fails the test that made it.
 */
public final class BlockHoundLauncherListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        BlockHound.install();
    }
}
