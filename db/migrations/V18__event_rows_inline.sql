-- A device's enrollment event is a row of about 2.5 KB (its certificate and receipt in base64, and the audit
-- metadata), over the 2 KB at which PostgreSQL starts to TOAST a row. So each one was compressed in vain (base64
-- hardly compresses) and its payload moved to the TOAST table in two chunks, each with an index entry; every read
-- (aggregate loads, processors, replays, audits) joined them back. Rows up to a page now stay whole; larger ones
-- (none of today's events) are compressed and moved out as before. It applies to rows written from now on.
ALTER TABLE domainevententry SET (toast_tuple_target = 8160);
