package org.socketlab.lab.draw;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The columns of a ladder: one lane per endpoint, clients (the ends that send SYNs) on the left in the order they
 * appear, servers (the ends that receive them) on the right, each with a label such as {@code client A} or
 * {@code server}; where several ends are unnamed clients, each is titled by its port, e.g. {@code client :52589}.
 */
public final class Lanes {
    private final List<Endpoint> endpoints;
    private final Map<Endpoint, String> labels;
    private final Map<Endpoint, Integer> peerCounts;

    private Lanes(List<Endpoint> endpoints, Map<Endpoint, String> labels, Map<Endpoint, Integer> peerCounts) {
        this.endpoints = List.copyOf(endpoints);
        this.labels = Map.copyOf(labels);
        this.peerCounts = Map.copyOf(peerCounts);
    }

    /**
     * The lanes of the endpoints the segments name, plus any labelled one that sends nothing yet.
     *
     * @param segments the segments drawn
     * @param labels a label per endpoint where the caller knows it ({@code client A}, {@code server}); the others are
     *     labelled {@code client} or {@code server} from who sent the SYN, or left unlabelled
     */
    public static Lanes of(List<Segment> segments, Map<Endpoint, String> labels) {
        Set<Endpoint> clients = new HashSet<>();
        Set<Endpoint> servers = new HashSet<>();
        Set<Endpoint> all = new LinkedHashSet<>();
        Map<Endpoint, Set<Endpoint>> peers = new HashMap<>();
        for (Segment s : segments) {
            all.add(s.source());
            all.add(s.destination());
            peers.computeIfAbsent(s.source(), e -> new HashSet<>()).add(s.destination());
            peers.computeIfAbsent(s.destination(), e -> new HashSet<>()).add(s.source());
            if (s.isConnectionRequest()) {
                clients.add(s.source());
                servers.add(s.destination());
            } else if (s.isSyn()) {
                servers.add(s.source());
                clients.add(s.destination());
            }
        }
        labels.keySet().stream().sorted().forEach(all::add);
        labels.forEach((endpoint, label) -> {
            if (label.toLowerCase(Locale.ROOT).contains("server")) {
                servers.add(endpoint);
            }
        });
        List<Endpoint> ordered = new ArrayList<>();
        all.stream().filter(e -> !servers.contains(e)).forEach(ordered::add);
        all.stream().filter(servers::contains).forEach(ordered::add);
        Map<Endpoint, String> known = new HashMap<>(labels);
        long unnamedServers = ordered.stream()
                .filter(e -> !labels.containsKey(e) && servers.contains(e))
                .count();
        long unnamedClients = ordered.stream()
                .filter(e -> !labels.containsKey(e) && !servers.contains(e) && clients.contains(e))
                .count();
        for (Endpoint e : ordered) {
            if (!known.containsKey(e) && servers.contains(e)) {
                known.put(e, unnamedServers > 1 ? "server :" + e.port() : "server");
            } else if (!known.containsKey(e) && clients.contains(e)) {
                // Two lanes titled "client" could not be told apart: the port names each, as ss and tcpdump do.
                known.put(e, unnamedClients > 1 ? "client :" + e.port() : "client");
            }
        }
        Map<Endpoint, Integer> peerCounts = new HashMap<>();
        peers.forEach((endpoint, others) -> peerCounts.put(endpoint, others.size()));
        return new Lanes(ordered, known, peerCounts);
    }

    /** The endpoints, one per lane, left to right. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The lane of an endpoint, or -1. */
    public int indexOf(Endpoint endpoint) {
        return endpoints.indexOf(endpoint);
    }

    /** The label of an endpoint ({@code client A}, {@code server}), or the empty string when none is known. */
    public String label(Endpoint endpoint) {
        return labels.getOrDefault(endpoint, "");
    }

    /** The number of distinct peers an endpoint exchanges segments with: above one, state labels name the peer. */
    public int peerCount(Endpoint endpoint) {
        return peerCounts.getOrDefault(endpoint, 0);
    }
}
