package io.stagedoor.load;

import io.stagedoor.load.ceiling.CeilingApplication;
import java.util.Arrays;

/**
 * Entry point of load-tests.jar: {@code ceiling-app} starts the baseline app, {@code room-memory} measures
 * Redis memory per waiter of a filled room, anything else runs the harness.
 */
public final class LoadMain {

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("ceiling-app")) {
            CeilingApplication.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("room-memory")) {
            io.stagedoor.load.redis.RoomMemory.main(HarnessOptions.parse(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(HarnessOptions.USAGE);
            return;
        }
        int exit = new Harness(options).run();
        System.exit(exit);
    }
}
