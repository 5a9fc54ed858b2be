-- A device's row holds its certificate: with an RSA-4096 device key (what Jami devices have) the row is just over the
-- 2 KB at which PostgreSQL starts to TOAST a row, so every enrollment's append tried to compress the certificate
-- (base64, in vain) and its other long columns before storing them as they were. Rows up to a page are now stored
-- without trying (see V18). A rebuild's shadow table copies this parameter from the live one.
ALTER TABLE devices SET (toast_tuple_target = 8160);
