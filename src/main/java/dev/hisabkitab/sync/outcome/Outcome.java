package dev.hisabkitab.sync.outcome;

/** Exactly one of these leaves the pipeline for every event that enters: a reply or a dead letter. */
public sealed interface Outcome permits Reply, DeadLetter {

    String id();

    String type();

    String company();

    String status();

    int attempts();

    boolean failed();
}
