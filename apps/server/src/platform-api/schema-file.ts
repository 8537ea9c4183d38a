/**
 * The platform API's schema as SDL, printed from the resolvers in an application context (no HTTP, no
 * database): the checked-in copy (apps/server/schema.gql) is what the studio's types are generated from.
 */
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { PLATFORM_RESOLVERS } from './resolvers/index.js';

export const SCHEMA_FILE = 'apps/server/schema.gql';
const HEADER = '# The platform API (/graphql/platform), printed from its resolvers. Do not edit: run `npm run schema`.\n\n';

export async function buildPlatformSchema(): Promise<GraphQLSchema> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    return await app.get(GraphQLSchemaFactory).create(PLATFORM_RESOLVERS);
  } finally {
    await app.close();
  }
}

export const printPlatformSchema = (schema: GraphQLSchema): string => `${HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
