package io.stagedoor.queue;

import io.stagedoor.queue.adapter.out.redis.QueueRedis;
import io.stagedoor.queue.application.QueueServices;
import io.stagedoor.queue.application.port.out.WaitingLine;

/**
 * The parts of an assembled {@link QueueModule} that only the module's own tests reach for: its Redis adapter (for
 * the breaker and the guard), its waiting line, its services (one room's round, the operators' services) and more
 * services over another line or memory, built the way the assembly builds its own. The app never needs them, so
 * {@link QueueModule} keeps them package-private and this class, in the same package of the test tree, hands them out.
 */
public final class QueueModuleParts {

    private QueueModuleParts() {
    }

    public static QueueRedis redis(QueueModule module) {
        return module.redis();
    }

    public static WaitingLine line(QueueModule module) {
        return module.line();
    }

    public static QueueServices services(QueueModule module) {
        return module.services();
    }

    public static QueueServices servicesOver(QueueModule module, WaitingLine line, QueueServices.Memory memory) {
        return module.servicesOver(line, memory);
    }
}
