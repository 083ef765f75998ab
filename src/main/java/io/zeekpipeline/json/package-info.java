/**
 * The hand-written JSON engine of the hot path: each message is scanned once where it lies
 * ({@link io.zeekpipeline.json.JsonScanner}), its values stay spans of the message bytes
 * ({@link io.zeekpipeline.json.JsonValue}) and are copied as written into the outputs
 * ({@link io.zeekpipeline.json.JsonWriter}). It exists because building a Jackson tree per record cost
 * a map entry, a node and a string per field, walked by every step and encoded again per output: against
 * Jackson trees, the project's JMH stages (StageBenchmarks, conn records) went from 1,405 to 926 ns per
 * event for the output JSON and, with the allocation work that followed, from 1,270 to 864 ns for
 * detection. Jackson still reads the configuration files and parses the numbers the fast paths leave.
 * Field names are interned where they are made (the scanner's name table, the rules' names), so the
 * events' field maps find a name by identity before comparing text.
 */
package io.zeekpipeline.json;
