package dev.hisabkitab.sync.inbox;

import java.util.ArrayList;
import java.util.List;

import dev.hisabkitab.sync.outcome.DeadLetter;
import dev.hisabkitab.sync.outcome.Outcome;
import dev.hisabkitab.sync.outcome.Reply;

/** The outcomes of one dropped file, one row per event, written as {@code <file>.report.csv}. Pure. */
public final class DropReport {

    public static final String HEADER = "source,id,type,status,hisabkitab_id,number,error_category,error_message";

    public record Row(String source, Outcome outcome) {
    }

    private final List<Row> rows = new ArrayList<>();

    public void add(String source, Outcome outcome) {
        rows.add(new Row(source, outcome));
    }

    public List<Row> rows() {
        return rows;
    }

    /** A file is done when it held events and every one of them completed. */
    public boolean allSucceeded() {
        return !rows.isEmpty() && rows.stream().noneMatch(r -> r.outcome().failed());
    }

    public String toCsv() {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        if (rows.isEmpty()) {
            csv.append(",,,failed,,,invalid-event,The file holds no events\n");
        }
        for (Row row : rows) {
            Outcome o = row.outcome();
            String hisabkitabId = "";
            String number = "";
            String category = "";
            String message = "";
            if (o instanceof Reply reply && reply.result() != null) {
                hisabkitabId = reply.result().hisabkitabId() == null ? "" : reply.result().hisabkitabId().toString();
                number = reply.result().number() == null ? "" : reply.result().number();
            } else if (o instanceof DeadLetter letter) {
                category = letter.error().category().code();
                message = letter.error().message();
                if (!letter.error().details().isEmpty() && !message.contains(letter.error().details().get(0))) {
                    message += " [" + String.join("; ", letter.error().details()) + "]";
                }
            }
            csv.append(String.join(",", cell(row.source()), cell(o.id()), cell(o.type()), cell(o.status()),
                    cell(hisabkitabId), cell(number), cell(category), cell(message))).append('\n');
        }
        return csv.toString();
    }

    static String cell(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
