package org.jams.gateway.jami;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed calls to jamid's {@code cx.ring.Ring.ConfigurationManager} (Jami Daemon 13.7.0 signatures,
 * from /usr/share/dbus-1/interfaces/cx.ring.Ring.ConfigurationManager.xml), through {@code gdbus}.
 */
public final class JamiClient {

    private static final String INTERFACE = "cx.ring.Ring.ConfigurationManager";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Gdbus gdbus;

    JamiClient(Gdbus gdbus) {
        this.gdbus = gdbus;
    }

    /**
     * Adds a JAMS-managed account that stays on loopback: bootstrap only from the local dhtnode,
     * no UPnP/TURN/STUN/proxy/LAN discovery, and a loopback name server until the server's
     * {@code nameServer} replaces it. Returns the local account id (16 hex, not the Jami ID).
     */
    public String addJamsAccount(String managerUri, String username, String password, int dhtPort,
                                 String nameServerUri) {
        return addJamsAccount(managerUri, username, password, "127.0.0.1:" + dhtPort, nameServerUri);
    }

    /** Like {@link #addJamsAccount(String, String, String, int, String)}, bootstrapping from {@code dhtNode}. */
    public String addJamsAccount(String managerUri, String username, String password, String dhtNode,
                                 String nameServerUri) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("Account.type", "RING");
        details.put("Account.managerUri", managerUri);
        details.put("Account.managerUsername", username);
        details.put("Account.archivePassword", password);
        details.put("Account.hostname", dhtNode); // host:port; empty would mean the public bootstrap
        details.put("Account.upnpEnabled", "false");
        details.put("TURN.enable", "false");
        details.put("STUN.enable", "false");
        details.put("Account.proxyEnabled", "false");
        details.put("Account.peerDiscovery", "false");
        details.put("Account.accountDiscovery", "false");
        details.put("Account.accountPublish", "false");
        details.put("RingNS.uri", nameServerUri);
        return addAccount(details);
    }

    /** {@code addAccount(a{ss}) -> s}. */
    public String addAccount(Map<String, String> details) {
        return (String) call("addAccount", GVariantText.stringMap(details)).get(0);
    }

    /** {@code removeAccount(s)}. */
    public void removeAccount(String accountId) {
        call("removeAccount", q(accountId));
    }

    /** {@code getAccountList() -> as}. */
    public List<String> getAccountList() {
        return strings(call("getAccountList").get(0));
    }

    /** {@code getAccountDetails(s) -> a{ss}}. */
    public Map<String, String> getAccountDetails(String accountId) {
        return stringMap(call("getAccountDetails", q(accountId)).get(0));
    }

    /** {@code getVolatileAccountDetails(s) -> a{ss}}; holds {@code Account.registrationStatus}. */
    public Map<String, String> getVolatileAccountDetails(String accountId) {
        return stringMap(call("getVolatileAccountDetails", q(accountId)).get(0));
    }

    /** {@code getKnownRingDevices(s) -> a{ss}}: SHA-256 device id → device name. */
    public Map<String, String> getKnownRingDevices(String accountId) {
        return stringMap(call("getKnownRingDevices", q(accountId)).get(0));
    }

    /** {@code searchUser(s, s) -> b}; the result comes as {@code userSearchEnded}. */
    public boolean searchUser(String accountId, String query) {
        return (Boolean) call("searchUser", q(accountId), q(query)).get(0);
    }

    /** {@code lookupName(s, s, s) -> b}; the result comes as {@code registeredNameFound}. */
    public boolean lookupName(String accountId, String nameServerUri, String name) {
        return (Boolean) call("lookupName", q(accountId), q(nameServerUri), q(name)).get(0);
    }

    /** {@code lookupAddress(s, s, s) -> b}; the result comes as {@code registeredNameFound}. */
    public boolean lookupAddress(String accountId, String nameServerUri, String address) {
        return (Boolean) call("lookupAddress", q(accountId), q(nameServerUri), q(address)).get(0);
    }

    /**
     * {@code revokeDevice(s accountID, s password, s deviceId) -> b} (no scheme argument in 13.7.0).
     * 13.7.0 returns false even on success; wait for {@code deviceRevocationEnded} instead.
     */
    public boolean revokeDevice(String accountId, String password, String deviceId) {
        return (Boolean) call("revokeDevice", q(accountId), q(password), q(deviceId)).get(0);
    }

    /** {@code addContact(s, s)}; for a JAMS account this also triggers a contact sync. */
    public void addContact(String accountId, String uri) {
        call("addContact", q(accountId), q(uri));
    }

    /** {@code getContacts(s) -> aa{ss}}. */
    public List<Map<String, String>> getContacts(String accountId) {
        List<Map<String, String>> contacts = new ArrayList<>();
        for (Object o : (List<?>) call("getContacts", q(accountId)).get(0)) {
            contacts.add(stringMap(o));
        }
        return contacts;
    }

    /**
     * Polls {@code Account.registrationStatus} until it is one of {@code wanted}. Useful right
     * after a restart, where jamid may emit the first states while the recorder resubscribes.
     */
    public String awaitRegistrationStatus(String accountId, Duration timeout, String... wanted) {
        Set<String> states = Set.of(wanted);
        Instant deadline = Instant.now().plus(timeout);
        String status = null;
        while (Instant.now().isBefore(deadline)) {
            status = getVolatileAccountDetails(accountId).get("Account.registrationStatus");
            if (states.contains(status)) {
                return status;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("account " + accountId + " stayed " + status + ", wanted " + states);
    }

    private List<Object> call(String member, String... args) {
        return gdbus.call(SignalRecorder.SERVICE, SignalRecorder.CONFIG_PATH, INTERFACE, member,
                CALL_TIMEOUT, args);
    }

    private static String q(String s) {
        return GVariantText.quote(s);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(Object o) {
        return (Map<String, String>) (Map<?, ?>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return (List<String>) (List<?>) o;
    }
}
