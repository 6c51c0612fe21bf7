package dev.hisabkitab.sync.business.masters;

import dev.hisabkitab.sync.client.ApiCall;

/**
 * A master (party or item) a dry run found missing that {@code hisabkitab.auto-create} would create before booking
 * the event: the call that would create it, and the id that stands for it in the plan's bodies.
 *
 * @param creates       what it creates, in words: {@code party "New Traders" (customer)}
 * @param placeholderId the negative id (-1, -2…) the plan's bodies carry where the created record's id will be
 * @param call          the create call, as auto-create would make it (its company not yet filled in)
 */
public record PlannedCreation(String creates, long placeholderId, ApiCall call) {
}
