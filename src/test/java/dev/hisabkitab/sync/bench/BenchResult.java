package dev.hisabkitab.sync.bench;

import java.util.List;

/**
 * What a run measured and found. {@link #failures()} empty: every check passed (counts, no dead letter, per-key order,
 * load and file finished in time, no secret in a log). {@code connectors}: one run of the connector per latency and
 * listener, in the order they ran; {@code plains}: one run of the plain route per latency.
 */
record BenchResult(BenchConfig config, List<ConnectorRun> connectors, List<PlainRun> plains, List<String> failures, String table) {

    /**
     * The connector at one latency against one listener: its load phase, its paced phase (null when the load did not
     * complete), its file drop (null when FILE_ROWS is 0 or the load did not complete).
     */
    record ConnectorRun(RunSpec spec, Side load, Paced paced, MachineCpu machineCpu, FileDrop file) {

        Listener listener() {
            return spec.listener();
        }
    }

    /** The plain route at one latency. */
    record PlainRun(long latencyMs, Side side) {
    }

    /** The first latency's plain route. */
    Side plain() {
        return plains.get(0).side();
    }

    /**
     * The file-drop phase: one invoices CSV dropped into the connector's inbox.
     *
     * @param rows documents of the file (one a row)
     * @param done the file reached .done/ within the timeout
     * @param seconds from the drop (the file renamed into the inbox) until it was in .done/ (or the timeout)
     * @param rowsDone documents with a report row when it ended (the progress file's count at a timeout)
     * @param cpuSeconds the connector's CPU over that time
     * @param reportRows rows of the file's report; {@code reportOk} of them ok
     * @param outcomes distinct documents of the report with a reply or dead letter on Kafka; {@code outcomeRecords} all
     *        such records
     * @param partiesChecked parties whose order was checked; {@code orderViolations} of them whose replies are not in
     *        file order (or not on one partition), {@code reportOrderViolations} whose report rows are not
     */
    record FileDrop(int rows, boolean done, double seconds, int rowsDone, double cpuSeconds, int reportRows, int reportOk,
            int outcomes, int outcomeRecords, int deadLetters, int partiesChecked, int orderViolations, int reportOrderViolations,
            List<String> orderExamples) {

        double rowsPerSecond() {
            return rowsDone / seconds;
        }

        double cpuPerThousand() {
            return rowsDone == 0 ? Double.NaN : cpuSeconds / rowsDone * 1000;
        }
    }

    /** The first connector run's load phase. */
    Side connector() {
        return connectors.get(0).load();
    }

    /** The first connector run's paced phase. */
    Paced paced() {
        return connectors.get(0).paced();
    }

    /**
     * CPU seconds of every part during the connector's load phase: they share the machine's cores, so these say how
     * much of the machine the connector got and what the others took.
     */
    record MachineCpu(double wallSeconds, int cores, double connector, double sandbox, double broker, double harness) {
    }

    boolean ok() {
        return failures.isEmpty();
    }

    /**
     * One process under load (the connector, or the plain route).
     *
     * @param events events produced in the load phase
     * @param outcomes distinct event ids with an outcome when the phase ended
     * @param records outcome records of the phase (more than outcomes: some were published twice)
     * @param deadLetters dead letters of the phase
     * @param seconds first event produced until the last outcome arrived (or the timeout)
     * @param throughput outcomes per second over that time
     * @param cpuSeconds user + system CPU seconds of the process over that time
     * @param startToReadySeconds process launch until ready (connector: /q/health/ready UP; plain route: its consumer
     *        group has every partition assigned)
     * @param idleRssKb VmRSS when ready
     * @param peakRssKb VmHWM at the end of the process's run
     * @param keysChecked keys whose order was checked
     * @param orderViolations keys whose outcomes are not in the order their events were produced (or that came back
     *        under another key)
     * @param p50EndToEndMs produced → outcome read, median over the phase's events (all produced at once: mostly time
     *        waiting in the topic)
     * @param secondHalfOutcomes outcomes that arrived after half of them had (the JIT compiler is mostly done by then)
     * @param secondHalfCpuSeconds the process's CPU seconds over that second half
     * @param compilerCpuSeconds of {@code cpuSeconds}, what its JIT compiler threads took (the code still being
     *        compiled after the warm-up; a process running for hours has long done it)
     */
    record Side(String name, int events, int outcomes, int records, int deadLetters, double seconds, double throughput,
            double cpuSeconds, double startToReadySeconds, long idleRssKb, long peakRssKb, int keysChecked, int orderViolations,
            List<String> orderExamples, double p50EndToEndMs, double p99EndToEndMs, int secondHalfOutcomes,
            double secondHalfCpuSeconds, double compilerCpuSeconds) {

        boolean complete() {
            return outcomes == events && records == events && deadLetters == 0;
        }

        double cpuPerThousand() {
            return outcomes == 0 ? Double.NaN : cpuSeconds / outcomes * 1000;
        }

        double compilerCpuPerThousand() {
            return outcomes == 0 ? Double.NaN : compilerCpuSeconds / outcomes * 1000;
        }

        double secondHalfCpuPerThousand() {
            return secondHalfOutcomes == 0 ? Double.NaN : secondHalfCpuSeconds / secondHalfOutcomes * 1000;
        }
    }

    /**
     * The paced phase: events produced at a fixed rate below saturation; added latency = end to end (produced →
     * outcome read) minus the sandbox's time attributed to each event.
     *
     * @param rate events per second produced
     * @param events events of the phase
     * @param callsPerEvent API requests the sandbox served during the phase ÷ events
     * @param sandboxMsPerEvent the sandbox's service time during the phase ÷ events (what each event spent inside the
     *        sandbox, its added latency L included)
     */
    record Paced(double rate, int events, int outcomes, double callsPerEvent, double sandboxMsPerEvent, double p50EndToEndMs,
            double p99EndToEndMs, double p50AddedMs, double p99AddedMs, int keysChecked, int orderViolations) {
    }

    /**
     * An onboarding run (bench/onboarding.sh): party.upsert events of one company at the default quota, with master
     * batching on or off.
     *
     * @param seconds first event produced until the last reply arrived (or the timeout)
     * @param ok replies with status ok
     * @param apiCalls API requests the sandbox served meanwhile
     */
    record Onboarding(RunSpec spec, boolean batching, int events, int outcomes, int records, int ok, int deadLetters, double seconds,
            long apiCalls, double cpuSeconds, double readySeconds) {

        double throughput() {
            return outcomes / seconds;
        }
    }
}
