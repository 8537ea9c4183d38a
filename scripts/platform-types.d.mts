/** Types of platform-types.mjs, for the specs that check the generated files are current. */
export declare const SCHEMA_PATH: string;
export declare const OPERATIONS_PATH: string;
export declare const GENERATED_PATH: string;
export declare function generatePlatformTypes(schemaText: string, operationsText: string): string;
export declare function readSources(): { schema: string; operations: string };
