-- The device list and the audit index are now updated in the transaction that appends their events (subscribing
-- processors): their tracking positions are no longer used.
DELETE FROM tokenentry WHERE processorname IN ('devices-projection', 'audit-index');
