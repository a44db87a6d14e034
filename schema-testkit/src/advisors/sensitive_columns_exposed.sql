-- 0023: a table in an exposed schema that the API roles may read with RLS
-- off, holding a column whose name says credentials or personal data. The
-- names are Supabase's list, compared whole and case-insensitively, with
-- `-` read as `_`.
select
    format('%I.%I', n.nspname, c.relname) as object,
    'readable through the API without RLS, with sensitive column(s) '
        || string_agg(quote_ident(a.attname::text), ', ' order by a.attname) as detail
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
where c.relkind = 'r'
  and not c.relrowsecurity
  and n.nspname = any($1)
  and n.nspname <> all($2)
  and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))
  and replace(lower(a.attname), '-', '_') in (
      -- credentials and sessions
      'access_token', 'activation_key', 'api_key', 'apikey', 'auth_code', 'auth_key',
      'backup_code', 'bearer_token', 'certificate', 'gpg_key', 'jwt', 'license_key',
      'oauth_token', 'otp', 'passphrase', 'passwd', 'password', 'pgp_key', 'private_key',
      'pwd', 'recovery_code', 'refresh_token', 'secret', 'secret_key', 'session_id',
      'session_key', 'session_secret', 'session_token', 'ssh_key', 'token', 'two_factor',
      'verification_code', '2fa_code', '2fa_secret',
      -- identity documents
      'driver_license', 'drivers_license', 'license_number', 'national_id',
      'passport_id', 'passport_number', 'social_security', 'social_security_number',
      'ssn', 'tax_id',
      -- payment and banking
      'account_number', 'bank_account', 'bic', 'card_number', 'credit_card', 'cvc',
      'cvn', 'cvv', 'iban', 'routing_number', 'swift_code',
      -- health
      'health_insurance', 'health_record', 'insurance_number', 'medical_insurance',
      'medical_record', 'patient_id', 'treatment',
      -- devices and biometrics
      'device_uuid', 'facial_recognition', 'imei', 'mac_address', 'macaddr')
group by n.nspname, c.relname
