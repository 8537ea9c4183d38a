-- Definition documents as json, not jsonb: jsonb reorders object keys, and the order of an object's
-- properties is its field order (forms, lists, the schema). Versions stored before keep the order jsonb gave.
ALTER TABLE platform.definition_versions ALTER COLUMN documents TYPE json USING documents::json;
