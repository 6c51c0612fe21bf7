package dev.hisabkitab.sync.sandbox;

import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One record of a company's store: the canonical request body it came from and the record the API shows. */
final class StoredRecord {
    final long id;
    String operation;
    /** The validated request body (canonical values, DD-MM-YYYY dates); for seeds and masters the record itself. */
    ObjectNode body;
    /** The record as create/detail/edit answer it. */
    ObjectNode view;
    String number;
    /** The number the company's number index holds this record under (SandboxCompany.store). */
    String indexedNumber;
    LocalDate date;
    Long partyId;
    final Instant createdAt;
    Instant updatedAt;

    StoredRecord(long id, Instant createdAt) {
        this.id = id;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }
}
