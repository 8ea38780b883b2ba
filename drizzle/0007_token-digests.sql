-- Refresh and registration tokens are kept only as their SHA-256 (base64url), without the token
-- in the payload (src/oidc/adapters/postgres-adapter.ts). Rows written before this migration
-- held the token itself: they are rewritten in place, so those tokens keep working.
UPDATE "oidc_records"
SET "id" = rtrim(translate(encode(sha256(convert_to("id", 'UTF8')), 'base64'), '+/', '-_'), '='),
  "payload" = "payload" - 'jti'
WHERE "model" IN ('RefreshToken', 'InitialAccessToken', 'RegistrationAccessToken')
  AND "payload" ? 'jti';
