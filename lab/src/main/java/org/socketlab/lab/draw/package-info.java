/**
 * Drawing what tcpdump captured: {@link org.socketlab.lab.draw.TcpdumpParser} reads the lines of
 * {@code tcpdump -n -tt} into {@link org.socketlab.lab.draw.Segment}s, {@link org.socketlab.lab.draw.TcpStates}
 * infers the TCP state of each end from them (and checks it against the kernel's {@link
 * org.socketlab.lab.draw.SocketState}s), and three views draw the same {@link org.socketlab.lab.draw.Ladder}:
 * {@link org.socketlab.lab.draw.TextLadder} for the terminal, {@link org.socketlab.lab.draw.HtmlPage} (one
 * self-contained SVG page) for the browser and {@link org.socketlab.lab.draw.Mermaid} for a report. {@code lab draw}
 * is {@link org.socketlab.lab.draw.DrawCommand}.
 *
 * <p>A run of an activity draws each step as it happens, and the page at the end. tcpdump numbers each connection
 * over its whole run, so the steps are parsed as one capture, never one by one:
 * <pre>{@code
 * List<List<Segment>> steps = TcpdumpParser.parseSteps(tcpdumpLinesOfEachStep);
 * List<Segment> all = steps.stream().flatMap(List::stream).toList();
 * Ladder ladder = Ladder.of(all, Map.of(serverEnd, "server", clientA, "client A"));
 * System.out.print(TextLadder.render(ladder, before, before + steps.get(2).size())); // step 3's rows
 * page.add(new Section("client B connects", List.of(), steps.get(2), ssLines,
 *         ssLines.stream().map(SocketState::fromSs).flatMap(Optional::stream).toList(),
 *         List.of(new Observation("B's 8 bytes are ACKed but not echoed", Verdict.HELD, "Recv-Q 8"))));
 * page.write(Path.of("activity-5.html"));                      // page = new HtmlPage(title, labels)
 * }</pre>
 */
package org.socketlab.lab.draw;
