package dev.hisabkitab.sync;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

/**
 * One lane per ordering key: tasks of the same key run one after the other in the order given, tasks of different
 * keys run in parallel on the executor (as many at once as it has threads). A lane exists only while it has work.
 *
 * <p>After each task the lane goes to the back of the executor's queue, so a busy key does not keep a thread from
 * the other keys waiting.
 */
public final class KeyLanes {

    private static final class Lane {
        final Queue<Runnable> tasks = new ArrayDeque<>();
        boolean scheduled;
    }

    private static final Logger LOG = Logger.getLogger(KeyLanes.class);

    private final Executor executor;
    private final ConcurrentMap<Object, Lane> lanes = new ConcurrentHashMap<>();

    public KeyLanes(Executor executor) {
        this.executor = executor;
    }

    /** Runs the task after every task given before for the same key. */
    public void submit(Object key, Runnable task) {
        boolean[] schedule = new boolean[1];
        lanes.compute(key, (k, existing) -> {
            Lane l = existing == null ? new Lane() : existing;
            l.tasks.add(task);
            if (!l.scheduled) {
                l.scheduled = true;
                schedule[0] = true;
            }
            return l;
        });
        if (schedule[0]) {
            schedule(key);
        }
    }

    /**
     * Threads for lanes (and what feeds them): named {@code prefix} and a number, daemons, so a lane left waiting
     * never keeps the process alive.
     */
    public static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Keys with work queued or running. */
    public int activeKeys() {
        return lanes.size();
    }

    /**
     * The lane's next task to the back of the executor's queue; an executor shut down takes no more, and then the lane
     * runs to its end on this thread (a task dropped would never run, nor would anything waiting for it).
     */
    private void schedule(Object key) {
        try {
            executor.execute(() -> runLane(key));
        } catch (RejectedExecutionException stopped) {
            runLane(key);
        }
    }

    /** Runs the lane's next task, then the following ones here only while the executor takes no more. */
    private void runLane(Object key) {
        while (runNext(key)) {
            try {
                executor.execute(() -> runLane(key));
                return;
            } catch (RejectedExecutionException stopped) {
                LOG.debugf("Lane %s goes on on this thread: the executor takes no more tasks", key);
            }
        }
    }

    /** Runs the lane's next task; whether the lane has more. */
    private boolean runNext(Object key) {
        // the lane is only changed inside compute (under the map's lock for the key)
        Runnable[] task = new Runnable[1];
        lanes.computeIfPresent(key, (k, l) -> {
            task[0] = l.tasks.peek();
            return l;
        });
        try {
            task[0].run();
        } catch (Throwable e) {
            // a task handles its own failures; one that escapes (even an Error) must not stop the lane nor the thread
            LOG.errorf(e, "A task of lane %s failed; the lane goes on", key);
        }
        boolean[] more = new boolean[1];
        lanes.compute(key, (k, l) -> {
            l.tasks.poll();
            if (l.tasks.isEmpty()) {
                l.scheduled = false;
                return null;
            }
            more[0] = true;
            return l;
        });
        return more[0];
    }
}
