/**
 * The client SDK an application links to report its data accesses and replications to the monitor's input
 * topics, with pseudonymous subject keys; it depends only on the events module and kafka-clients.
 */
package dev.transfermonitor.emitter;
