package dev.hisabkitab.sync.inbox;

import java.util.Comparator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.component.file.GenericFile;

/**
 * The order the inbox takes the files it finds in one look (the file consumer's sorter): parties, items, invoices,
 * then payments and journals ({@link DropKind#pickupRank}), each rank oldest first. Documents dropped together with
 * the masters they name find them booked.
 */
@ApplicationScoped
@Named("inboxPickupOrder")
public class InboxPickupOrder implements Comparator<GenericFile<Object>> {

    @Override
    public int compare(GenericFile<Object> a, GenericFile<Object> b) {
        return Comparator.<GenericFile<Object>>comparingInt(f -> DropKind.pickupRank(f.getFileNameOnly()))
                .thenComparingLong(GenericFile::getLastModified)
                .thenComparing(GenericFile::getFileNameOnly)
                .compare(a, b);
    }
}
