/**
 * The I/O lab's models as the C programs write them, with the system calls made by the program itself through JNA
 * rather than by the JDK: a SIGIO-driven accept ({@link org.socketlab.concurrent.posix.SigioServer}, demand-accept.c),
 * echo servers over select(2) and poll(2) ({@link org.socketlab.concurrent.posix.MultiplexingServer}), and
 * smart-select.c's pre-started processes ({@link org.socketlab.concurrent.posix.SmartSelectServer}). Linux only.
 */
package org.socketlab.concurrent.posix;
