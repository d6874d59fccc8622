-- PostgreSQL's 0013_registration_form.sql: ../0013_registration_form.sql in PostgreSQL's DDL.
-- The registration form follows Mẫu 01 of QĐ 26/2026 (issue 12). One field id changed:
-- `cert_date` (the date of the current OCOP certificate, asked for nâng hạng / đánh giá lại)
-- is now `certificate_date`, the id the re-evaluation reminders read. Every place a field id
-- is stored moves with it, so a draft half-filled before the change continues where it was.
-- (Other changes need no data change: old `subgroup_*` answers stay stored and unused, and
-- the new `product_class` question is asked once when a draft comes back.)
UPDATE application_answers SET field_id = 'certificate_date'
 WHERE field_id = 'cert_date'
   AND NOT EXISTS (SELECT 1 FROM application_answers AS newer
                    WHERE newer.application_id = application_answers.application_id
                      AND newer.field_id = 'certificate_date');
DELETE FROM application_answers WHERE field_id = 'cert_date';

UPDATE application_attachments SET field_id = 'certificate_date' WHERE field_id = 'cert_date';

UPDATE applications
   SET reopened_fields = REPLACE(reopened_fields, '"cert_date"', '"certificate_date"')
 WHERE reopened_fields LIKE '%"cert_date"%';

UPDATE application_status_history
   SET fields_to_fix = REPLACE(fields_to_fix, '"cert_date"', '"certificate_date"')
 WHERE fields_to_fix LIKE '%"cert_date"%';

-- A producer stopped on that question: the session's cursor names it.
UPDATE sessions SET data = REPLACE(data, '"cert_date"', '"certificate_date"')
 WHERE data LIKE '%"cert_date"%';
