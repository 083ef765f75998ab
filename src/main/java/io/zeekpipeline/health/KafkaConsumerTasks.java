package io.zeekpipeline.health;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.apache.camel.component.kafka.TaskHealthState;

/**
 * The polling tasks (one per consumersCount) of every started camel-kafka consumer of the context's routes, as
 * camel-kafka reports them: which ones ended for good and how many still poll. Thread-safe: camel-kafka builds
 * each task's state from volatile fields, for health checks on other threads.
 */
public final class KafkaConsumerTasks {

    /** A task that stopped polling and will not start again (it does not reconnect). */
    public record Ended(String routeId, String topic, String clientId, String error) {
    }

    private final CamelContext context;

    public KafkaConsumerTasks(CamelContext context) {
        this.context = context;
    }

    /** The tasks of started consumers that ended for good; empty while every one polls or reconnects. */
    public List<Ended> ended() {
        List<Ended> ended = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof KafkaConsumer consumer && consumer.isStarted()) {
                for (TaskHealthState task : consumer.healthStates()) {
                    if (hasEnded(task)) {
                        ended.add(new Ended(route.getRouteId(), consumer.getEndpoint().getConfiguration().getTopic(),
                                task.getClientId(), rootMessage(task.getLastError())));
                    }
                }
            }
        }
        return ended;
    }

    /**
     * The tasks that still poll or will reconnect, of the started consumers whose offsets the pipeline commits
     * (allowManualCommit: those the commit listener drives).
     */
    public int runningCommitted() {
        int running = 0;
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof KafkaConsumer consumer && consumer.isStarted()
                && consumer.getEndpoint().getConfiguration().isAllowManualCommit()) {
                running += (int) consumer.healthStates().stream().filter(task -> !hasEnded(task)).count();
            }
        }
        return running;
    }

    /**
     * camel-kafka gave up creating or subscribing its client (terminated), or the poll loop ended without a
     * reconnect to come, as after a refused login ("The client will not reconnect"). A task whose client is not
     * made yet (no client id) is still starting, or retrying to make it, whatever else it reports.
     */
    private static boolean hasEnded(TaskHealthState task) {
        return task.isTerminated() || task.getClientId() != null && !task.isRecoverable();
    }

    private static String rootMessage(Throwable error) {
        if (error == null) {
            return null;
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
