package org.jams.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A rebuild of every read model through the API ({@code POST /api/audit/rebuilds}), followed until it ends:
 * {@code switchSeconds} is the part after the replay (indexes, statistics, the switch, the diff of live and rebuilt).
 */
record RebuildRun(double wallSeconds, double switchSeconds, long events, double engineEventsPerSecond,
                  boolean identical, String diff) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static RebuildRun all(BenchHttp http) throws Exception {
        long started = System.nanoTime();
        JsonNode status = JSON.readTree(http.post("/api/audit/rebuilds", BenchSetup.ADMIN,
                "{\"projection\":\"all\"}", 202));
        String id = status.get("id").asText();
        long switching = 0;
        while (!status.get("state").asText().equals("DONE")) {
            if (switching == 0 && status.get("state").asText().equals("SWITCHING")) {
                switching = System.nanoTime();
            }
            if (status.get("state").asText().equals("FAILED")) {
                throw new AssertionError("The rebuild failed: " + status.get("error").asText());
            }
            Thread.sleep(200);
            status = JSON.readTree(http.get("/api/audit/rebuilds/" + id, BenchSetup.ADMIN));
        }
        long ended = System.nanoTime();
        double wall = (ended - started) / 1e9;
        boolean identical = true;
        StringBuilder diff = new StringBuilder();
        for (JsonNode table : status.get("diff")) {
            long onlyLive = table.get("onlyLive").asLong();
            long onlyRebuilt = table.get("onlyRebuilt").asLong();
            identical &= onlyLive == 0 && onlyRebuilt == 0;
            diff.append(diff.length() > 0 ? ", " : "").append(table.get("table").asText()).append(' ')
                    .append(onlyLive).append('/').append(onlyRebuilt);
        }
        return new RebuildRun(wall, switching == 0 ? 0 : (ended - switching) / 1e9, status.get("eventsDone").asLong(),
                status.get("eventsPerSecond").asDouble(), identical, diff.toString());
    }
}
