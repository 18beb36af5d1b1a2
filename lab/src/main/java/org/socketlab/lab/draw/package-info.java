/**
 * Drawing what tcpdump captured: {@link org.socketlab.lab.draw.TcpdumpParser} reads the lines of
 * {@code tcpdump -n -tt} into {@link org.socketlab.lab.draw.Segment}s, {@link org.socketlab.lab.draw.TcpStates}
 * infers the TCP state of each end from them, and three views draw the same ladder: {@link
 * org.socketlab.lab.draw.TextLadder} for the terminal, {@link org.socketlab.lab.draw.HtmlPage} (one self-contained
 * SVG page) for the browser and {@link org.socketlab.lab.draw.Mermaid} for a report. {@code lab draw} is
 * {@link org.socketlab.lab.draw.DrawCommand}.
 */
package org.socketlab.lab.draw;
