/**
 * A faithful, strict, stateful stand-in for the HisabKitab third-party API on a loopback socket. Not part of the
 * product: built from {@code sandbox/} into {@code target/<name>-<version>-sandbox.jar} and onto the tests' class path.
 *
 * <ul>
 * <li>{@link dev.hisabkitab.sync.sandbox.HisabKitabSandbox}: {@code start(port, apiKeys)}, {@code baseUrl()},
 * {@code faults()}, {@code journal()}, {@code company(apiKey)}, {@code reset()}, {@code close()}.</li>
 * <li>{@link dev.hisabkitab.sync.sandbox.SandboxCompany}: one company per API key: its records, next numbers,
 * configuration, and {@code create(operation, body)} for test set-up.</li>
 * <li>{@link dev.hisabkitab.sync.sandbox.SandboxFaults}: added latency, queued statuses (Retry-After on 429),
 * connection dropped after a committed create.</li>
 * <li>{@link dev.hisabkitab.sync.sandbox.SandboxJournal}: every API request (the key only as SHA-256 and company).</li>
 * <li>{@link dev.hisabkitab.sync.sandbox.EmbeddedSandbox}: the entry point the connector's demo profile calls by name
 * ({@code dev.hisabkitab.sync.demo.DemoStandIn}, when {@code hisabkitab.sandbox.enabled=true}, never in prod);
 * {@link dev.hisabkitab.sync.sandbox.SandboxMain}: as a process of its own.</li>
 * </ul>
 *
 * <p>Behaviour is data: routes come from {@code hisabkitab/endpoints.yaml}, field rules and response shapes per
 * resource from {@code hisabkitab/sandbox-rules.yaml}, a fresh company's master data from
 * {@code hisabkitab/sandbox-seed.yaml}. The sums a document, journal or receipt/payment body must add up to are
 * {@link dev.hisabkitab.sync.sandbox.SandboxArithmetic}, switched per resource and parameterised by the rules
 * file's {@code arithmetic} section (its conventions are written there).
 *
 * <p>Admin endpoints (JSON, no key, loopback only) under {@code /__sandbox}: {@code GET /faults},
 * {@code POST /faults/latency {"millis":n}}, {@code POST /faults/statuses {"statuses":[503,429],"retry_after_seconds":n}},
 * {@code POST /faults/drop-after-commit {"count":n}}, {@code POST /faults/batch-answer {"shape":"records"|"count"}},
 * {@code POST /faults/batch-keeps-created-before-refusal {"keep":true|false}},
 * {@code POST /faults/clear}, {@code GET /journal},
 * {@code POST /journal/reset}, {@code POST /reset}, {@code GET /companies},
 * {@code GET /store/{resource}[/{id}]} (with the ApiKey header) and {@code GET /companies/{companyId}/{resource}[/{id}]}.
 */
package dev.hisabkitab.sync.sandbox;
